"""JSON shapes of inquiries and witness discovery, and the inquiry list the API and the command
line share.

Input schemas only check the form of the values; whether a question may be asked, sent,
answered or withdrawn, and by whom, stays in `inquiries.services`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.cases.enums import KnowledgeBasis, Stance
from commission.cases.schemas import TestimonySchema, VisibleCaseField
from commission.core.errors import InvalidInput
from commission.documents.models import Document
from commission.inquiries.enums import (
    WITNESS_MARKS,
    InquiryState,
    Urgency,
    WitnessMark,
    read_marks,
)
from commission.inquiries.models import Inquiry
from commission.inquiries.referees import RefereeVerdict
from commission.inquiries.witnesses import Candidate
from commission.registry.models import Person
from commission.registry.schemas import CommaList, EnumField, PersonRefSchema, read_ref, ref_field

_MARK_CODES = {words: code for code, words in WITNESS_MARKS.items()}


# --- Reads shared by the API and the command line ----------------------------------------


# --- Read shapes -------------------------------------------------------------------------


class InquirySchema(serializers.ModelSerializer[Inquiry]):
    state = EnumField(InquiryState, "an inquiry state", read_only=True)
    urgency = EnumField(Urgency, "an urgency", read_only=True)
    subject = PersonRefSchema(read_only=True)
    recipient = PersonRefSchema(read_only=True)
    requested_by = PersonRefSchema(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("On whose behalf the question is asked."),
    )
    case = read_ref(allow_null=True)
    asked_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Username of whoever asked it."),
    )

    class Meta:
        model = Inquiry
        fields = [
            "ref", "state", "urgency", "subject", "recipient", "requested_by", "case",
            "question", "due_on", "asked_by", "source_document", "source_quote",
            "answer_document", "created_at", "sent_at", "mailed_at", "answered_at", "escalated_at",
            "withdrawn_reason", "version",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Inquiry"


class WitnessCandidateSchema(serializers.Serializer[Candidate]):
    person = PersonRefSchema()
    score = serializers.FloatField(
        help_text=gettext_lazy("How well they can speak to the subject; best first.")
    )
    paths = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy(
            'Why they are named: "knew abroad Vyacheslav Kasparov, her brother".'
        ),
    )
    first_hand = serializers.BooleanField(
        help_text=gettext_lazy("They saw the subject's work themselves.")
    )
    marks = serializers.SerializerMethodField()

    class Meta:
        ref_name = "WitnessCandidate"

    @extend_schema_field(
        serializers.ListField(
            child=EnumField(WitnessMark, "a mark"),
            help_text=_(
                "asked, testifying, deceased, recused (sits on the case's commission), "
                "tied (to one of its commissioners)."
            ),
        )
    )
    def get_marks(self, candidate: Candidate) -> list[str]:
        return sorted(_MARK_CODES[mark] for mark in candidate.marks)


class RefereeVerdictSchema(serializers.Serializer[RefereeVerdict]):
    testimony = TestimonySchema()
    counts = serializers.BooleanField(
        help_text=gettext_lazy("Whether it counts as a recommendation.")
    )
    reasons = serializers.ListField(child=serializers.CharField())

    class Meta:
        ref_name = "RefereeVerdict"


# --- Input shapes ------------------------------------------------------------------------


def _document_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField[Any]:
    return serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(),
        error_messages={"does_not_exist": "There is no document with the id {pk_value}."},
        **kwargs,
    )


def _version(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        help_text=_(
            "The inquiry's version as read; if someone changed it since, the answer is 409."
        ),
        **kwargs,
    )


class NewInquirySchema(serializers.Serializer[Any]):
    subject = ref_field(Person, "person")
    recipient = ref_field(Person, "person")
    question = serializers.CharField()
    due_on = serializers.DateField()
    urgency = EnumField(Urgency, "an urgency", required=False, default=Urgency.NORMAL)
    case = VisibleCaseField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Reference of the case."),
    )
    requested_by = ref_field(
        Person,
        "person",
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("On whose behalf the question is asked."),
    )
    source_document = _document_field(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "Id of the note or letter that asks it; asking again from it changes nothing."
        ),
    )
    source_quote = serializers.CharField(required=False, allow_blank=True, default="")
    send = serializers.BooleanField(
        required=False,
        default=True,
        help_text=gettext_lazy("False keeps it as a draft, to send later."),
    )

    class Meta:
        ref_name = "NewInquiry"


class InquirySendingSchema(serializers.Serializer[Any]):
    version = _version()

    class Meta:
        ref_name = "InquirySending"


class InquiryAnswerSchema(serializers.Serializer[Any]):
    reply = _document_field(help_text=gettext_lazy("Id of the reply document."))
    stance = EnumField(Stance, "a stance")
    basis = EnumField(KnowledgeBasis, "a basis of knowledge")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    period = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("How long known."),
    )
    version = _version()

    class Meta:
        ref_name = "InquiryAnswer"


class InquiryWithdrawalSchema(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)
    version = _version(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "InquiryWithdrawal"


# --- Query parameters --------------------------------------------------------------------


class InquiryQuerySchema(serializers.Serializer[Any]):
    state = EnumField(InquiryState, "an inquiry state", required=False)
    case = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Reference of the case.")
    )
    recipient = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Reference of the recipient.")
    )
    mine = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Only those you asked or were asked.")
    )
    overdue = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Only those past their due date, unanswered."),
    )


def parse_marks(value: str) -> set[str]:
    """A comma-separated list of mark names as the service words them; ValidationError names
    the first unknown one."""
    try:
        return read_marks(value)
    except InvalidInput as error:
        raise serializers.ValidationError(str(error)) from None


class WitnessQuerySchema(serializers.Serializer[Any]):
    case = VisibleCaseField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "Reference of a case about the person: marks who sits on its commission."
        ),
    )
    exclude = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        # Not trimmed: Python's strip() takes control characters too, and "\x1d" would pass as
        # an empty list instead of being refused as no mark.
        trim_whitespace=False,
        help_text=gettext_lazy(
            "Leave out candidates with these marks: asked,deceased,recused,testifying,tied."
        ),
        validators=[CommaList(WITNESS_MARKS, parse_marks)],
    )
    limit = serializers.IntegerField(min_value=1, max_value=200, required=False, default=50)

    def validate_exclude(self, value: str) -> set[str]:
        return parse_marks(value)
