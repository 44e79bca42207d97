"""JSON shapes of notes on documents and of the tags that sort a case file."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from commission.cases.enums import DocumentTagKind, NoteRequest
from commission.cases.models import DocumentNote
from commission.registry.models import Person
from commission.registry.schemas import EnumField, PersonRefSchema, ref_field


class NewNoteSchema(serializers.Serializer[Any]):
    document = serializers.IntegerField(
        help_text=gettext_lazy("The id of a document on the case's file.")
    )
    text = serializers.CharField(max_length=10000, help_text=gettext_lazy("What the note says."))
    part = serializers.ChoiceField(
        choices=[("", "the whole document"), ("text", "the text"), ("notes", "the notes")],
        required=False, allow_blank=True, default="",
        help_text=gettext_lazy("For a note on a passage: which part of the document it is in."),
    )  # fmt: skip
    start = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0,
        help_text=gettext_lazy("Where the passage starts, in characters of the part."),
    )  # fmt: skip
    end = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1,
        help_text=gettext_lazy("Where the passage ends (after its last character)."),
    )  # fmt: skip
    quote = serializers.CharField(
        max_length=10000, required=False, allow_blank=True, default="",
        help_text=gettext_lazy(
"The words of the passage: enough alone when they occur once in the "
"part; checked against the offsets when both are given."
),
    )  # fmt: skip
    asks = EnumField(NoteRequest, "something a note asks for", required=False, default="")
    on_behalf_of = ref_field(
        Person, "person", required=False, allow_null=True, default=None,
        help_text=gettext_lazy("The person the note is written for."),
    )  # fmt: skip

    class Meta:
        ref_name = "NewDocumentNote"


class NoteSchema(serializers.ModelSerializer[DocumentNote]):
    case: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="ref", read_only=True, allow_null=True
    )
    asks = EnumField(NoteRequest, "something a note asks for", read_only=True)
    author = PersonRefSchema(read_only=True, allow_null=True)
    on_behalf_of = PersonRefSchema(read_only=True, allow_null=True)
    written_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    checked_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    followed_up_as = serializers.SerializerMethodField(
        help_text=gettext_lazy("References of the inquiries the note became.")
    )

    class Meta:
        model = DocumentNote
        fields = [
            "id", "document", "case", "text", "part", "start", "end", "quote", "asks",
            "author", "on_behalf_of", "from_reading", "followed_up_as", "check_finding",
            "checked_at", "checked_by", "written_at", "written_by",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "DocumentNote"

    def get_followed_up_as(self, note: DocumentNote) -> list[str]:
        return [r for r in note.followed_up_as.split(", ") if r and r != "check"]


class TagChangeSchema(serializers.Serializer[Any]):
    tag = EnumField(DocumentTagKind, "a tag")
    remove = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Take the tag off rather than put it on."),
    )

    class Meta:
        ref_name = "DocumentTagChange"


class FiledDocumentSchema(serializers.Serializer[Any]):
    document = serializers.IntegerField(source="document_id")
    title = serializers.CharField(source="document.title")
    role = serializers.CharField()
    filed_at = serializers.DateTimeField()
    tags = serializers.ListField(child=EnumField(DocumentTagKind, "a tag"))
    notes = serializers.IntegerField(help_text=gettext_lazy("How many notes are on the document."))

    class Meta:
        ref_name = "FiledDocument"


class CheckSchema(serializers.Serializer[Any]):
    finding = serializers.CharField(
        max_length=2000, help_text=gettext_lazy("What the check found.")
    )

    class Meta:
        ref_name = "CheckFinding"


class NoteInquirySchema(serializers.Serializer[Any]):
    recipient = ref_field(Person, "person", help_text=gettext_lazy("Whom to ask."))
    due_on = serializers.DateField(help_text=gettext_lazy("When the answer is due."))
    urgency = serializers.ChoiceField(
        choices=[("normal", "normal"), ("urgent", "urgent")], required=False, default="normal"
    )

    class Meta:
        ref_name = "NoteInquiry"
