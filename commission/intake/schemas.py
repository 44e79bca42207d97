"""Letters over JSON. The reads they shape are in `intake.queries`; input schemas check the
form of a request; whether a proposal can be accepted is decided by `intake.services`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.documents.enums import CopyChannel, DocumentKind
from commission.documents.models import Document, DocumentCopy
from commission.intake.models import Proposal, ProposalKind, ProposalState
from commission.intake.queries import proposal_results
from commission.registry.schemas import EnumField


class LetterQuerySchema(serializers.Serializer[Any]):
    pending = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only letters with proposals waiting for a clerk; false: only the others.",
    )
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Words of the title."
    )

    class Meta:
        ref_name = "LetterQuery"


class LetterUploadSchema(serializers.Serializer[Any]):
    file = serializers.FileField(
        help_text="One text, Markdown, HTML or PDF file holding one or more letters.",
        error_messages={
            "required": "Send the letter as the multipart field “file”.",
            "empty": "The file is empty.",
            "invalid": "Send the letter as a file in the multipart field “file”.",
        },
    )

    class Meta:
        ref_name = "LetterUpload"


class ProposalAcceptanceSchema(serializers.Serializer[Any]):
    person_ref = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="For a person proposal: the registry person the letter means instead.",
    )
    edits = serializers.DictField(
        required=False,
        default=dict,
        help_text="Values to use instead of those read: a relationship's `kind`, `strength` "
        "or `period`; a contact's `kind` or `value`; an outcome's `outcome`; an inquiry's "
        "`due_on` or `question`; a filing's `case`.",
    )

    class Meta:
        ref_name = "ProposalAcceptance"


class ProposalRejectionSchema(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")

    class Meta:
        ref_name = "ProposalRejection"


# --- Answer shapes -----------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d+)?$",
        "example": "20:00:00",
        "description": "The hour the letter gives, as written: no time zone.",
    }
)
class TimeOfDayField(serializers.TimeField):
    """A letter's hour as its writer gave it, with no time zone. OpenAPI's `time` format is
    RFC 3339's, which requires an offset ("20:00:00Z"), so the schema gives the shape instead."""


class IngestErrorSchema(serializers.Serializer[Any]):
    file = serializers.CharField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "IngestError"


class IngestReportSchema(serializers.Serializer[Any]):
    class Meta:
        ref_name = "IngestReport"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Declared here rather than as class attributes because `errors` is also the name of
        # a Serializer property.
        return {
            "filed": serializers.ListField(
                child=serializers.CharField(), help_text="New letters, one sentence each."
            ),
            "matched": serializers.ListField(
                child=serializers.CharField(),
                help_text="Further copies of letters already registered, added to them.",
            ),
            "skipped": serializers.ListField(
                child=serializers.CharField(),
                help_text="Copies already filed, and files with no letter in them.",
            ),
            "errors": IngestErrorSchema(
                many=True, help_text="Parts of the file that could not be read, and why."
            ),
            "letters": serializers.ListField(
                child=serializers.IntegerField(), help_text="Ids of the letters the file holds."
            ),
        }


class LetterSchema(serializers.ModelSerializer[Document]):
    kind = EnumField(DocumentKind, "a kind of document", read_only=True)
    written_at = TimeOfDayField(read_only=True, allow_null=True)
    pending = serializers.IntegerField(
        source="pending_count", read_only=True, help_text="Proposals waiting for a clerk."
    )
    copies = serializers.IntegerField(source="copy_count", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "kind", "title", "written_on", "written_at", "date_text", "registered_at",
            "copies", "pending",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Letter"


class LetterCopySchema(serializers.ModelSerializer[DocumentCopy]):
    channel = EnumField(CopyChannel, "a channel", read_only=True)
    archive = serializers.CharField(source="source_name", read_only=True)
    url = serializers.CharField(source="source_url", read_only=True)
    publication = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField(
        help_text="Earlier channels of this copy, oldest first."
    )
    header = serializers.CharField(
        source="provenance", read_only=True, help_text="The archive header the copy sat under."
    )
    received_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = DocumentCopy
        fields = [
            "id", "channel", "archive", "url", "publication", "history", "file_name",
            "letter_index", "header", "text", "notes_text", "received_at", "received_by",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "LetterCopy"

    def get_publication(self, copy: DocumentCopy) -> str:
        return str((copy.provenance_fields or {}).get("publication") or "")

    def get_history(self, copy: DocumentCopy) -> list[str]:
        return [str(step) for step in (copy.provenance_fields or {}).get("history") or []]


class SpanSchema(serializers.Serializer[Any]):
    part = serializers.ChoiceField(
        choices=[("text", "text"), ("notes", "notes"), ("header", "header")],
        help_text="text: the letter; notes: its footnotes and inscriptions; header: the "
        "archive header of the copy it was read from.",
    )
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField(help_text="The words themselves.")

    class Meta:
        ref_name = "Span"


class ResultSchema(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=[(k, k) for k in ("person", "case", "inquiry")],
        help_text="What the link leads to.",
    )
    ref = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    url = serializers.CharField(help_text="The page that shows it.")

    class Meta:
        ref_name = "ProposalResult"


class ProposalSchema(serializers.ModelSerializer[Proposal]):
    kind = EnumField(ProposalKind, "a kind of proposal", read_only=True)
    state = EnumField(ProposalState, "a proposal state", read_only=True)
    span = serializers.SerializerMethodField(help_text="The words it was read from.")
    result = serializers.SerializerMethodField(help_text="What accepting it made.")
    decided_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    payload = serializers.JSONField(read_only=True, help_text="What was read, as read.")

    class Meta:
        model = Proposal
        fields = [
            "id", "kind", "summary", "state", "span", "payload", "result", "decided_by",
            "decided_at", "version",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Proposal"

    @extend_schema_field(SpanSchema(allow_null=True))
    def get_span(self, proposal: Proposal) -> dict[str, Any] | None:
        if not proposal.span_part or proposal.span_start is None or proposal.span_end is None:
            return None
        return {
            "part": proposal.span_part, "start": proposal.span_start,
            "end": proposal.span_end, "text": proposal.span_text,
        }  # fmt: skip

    @extend_schema_field(ResultSchema(allow_null=True))
    def get_result(self, proposal: Proposal) -> dict[str, str] | None:
        # A letter's answer passes every result in its context, read in a few queries.
        results = self.context.get("results")
        if results is None:
            results = proposal_results([proposal])
        link = results.get(proposal.pk)
        if link is None:
            return None
        return {"kind": link.kind, "ref": link.ref, "label": link.label, "url": link.url}


class LetterDetailSchema(serializers.ModelSerializer[Document]):
    """A letter with its text, its copies and everything read from it. Expects `copies` and
    `proposals` prefetched in order, and `results` in the context."""

    kind = EnumField(DocumentKind, "a kind of document", read_only=True)
    written_at = TimeOfDayField(read_only=True, allow_null=True)
    registered_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    pending = serializers.SerializerMethodField(help_text="Proposals waiting for a clerk.")
    copies = LetterCopySchema(many=True, read_only=True)
    proposals = ProposalSchema(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "kind", "title", "written_on", "written_at", "date_text", "text",
            "notes_text", "registered_at", "registered_by", "version", "pending", "copies",
            "proposals",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "LetterDetail"

    def get_pending(self, document: Document) -> int:
        return sum(1 for p in document.proposals.all() if p.state == ProposalState.PENDING)


class DiffOpSchema(serializers.Serializer[Any]):
    op = serializers.ChoiceField(
        choices=[(o, o) for o in ("equal", "delete", "insert", "replace")],
        help_text="equal: words both copies have; delete: only in the first copy; insert: "
        "only in the other; replace: the first copy's words stand where the other has its own.",
    )
    base = serializers.CharField(help_text="The words of the first copy (empty for insert).")
    other = serializers.CharField(help_text="The words of the other copy (empty for delete).")

    class Meta:
        ref_name = "DiffOp"


class CopyComparisonSchema(serializers.Serializer[Any]):
    base = LetterCopySchema(read_only=True, help_text="The copy that arrived first.")
    other = LetterCopySchema(read_only=True)
    identical = serializers.BooleanField(
        read_only=True, help_text="The two texts have the same words; only provenance differs."
    )
    text = DiffOpSchema(many=True, read_only=True)
    notes = DiffOpSchema(many=True, read_only=True)

    class Meta:
        ref_name = "CopyComparison"


class AcceptAllSchema(serializers.Serializer[Any]):
    accepted = serializers.IntegerField(help_text="How many proposals were accepted.")
    left = serializers.ListField(
        child=serializers.CharField(),
        help_text="Proposals left pending, each with the reason, as sentences.",
    )
    letter = LetterDetailSchema(read_only=True)

    class Meta:
        ref_name = "AcceptAll"


class UploadStatusSchema(serializers.Serializer[Any]):
    id = serializers.UUIDField(help_text="The upload's identifier.")
    file = serializers.CharField(help_text="The file's name as uploaded.")
    state = serializers.ChoiceField(
        choices=["waiting", "running", "retrying", "done", "failed"],
        help_text="waiting/running/retrying while a worker reads it; done with its report; "
        "failed with the error (POST /api/v1/jobs/{job}/retry/ tries again).",
    )
    job = serializers.IntegerField(allow_null=True, help_text="The job that reads it.")
    error = serializers.CharField(
        help_text="Why reading failed, as a sentence; empty if it did not."
    )
    report = IngestReportSchema(
        allow_null=True, help_text="What reading gave, once done (null before)."
    )
    status_url = serializers.CharField(help_text="Where to ask again while it is being read.")

    class Meta:
        ref_name = "UploadStatus"
