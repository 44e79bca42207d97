"""JSON shapes of cases: what the API reads from a request and what it answers.

Input schemas only check the form of the values (types, lengths, dates, enum choices, that a
reference names a record); the rules of the process (which moves are allowed, who may make
them, whether a vote carried, whether readmission is open) stay in `cases.services` and
`cases.rules`, which the API calls with the validated values.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.cases.enums import (
    CaseKind,
    CaseState,
    DecisionOutcome,
    FilingRole,
    HearingState,
    KnowledgeBasis,
    Stance,
    VoteChoice,
)
from commission.cases.models import (
    Case,
    CaseDocument,
    CaseTransition,
    Decision,
    Ground,
    Hearing,
    RecusalOverride,
    Testimony,
    Vote,
)
from commission.cases.queries import CaseFile, DecisionView, HearingView, SeatView, visible_cases
from commission.cases.rules import RuleCheck, VoteCount
from commission.core import clock
from commission.documents.enums import DocumentKind
from commission.documents.models import Document
from commission.registry.enums import CommissionerRole
from commission.registry.models import Commission, Person
from commission.registry.schemas import (
    CommaList,
    EnumField,
    PersonRefSchema,
    optional_date,
    read_ref,
    ref_field,
)

# --- Read shapes -------------------------------------------------------------------------


def _username(**kwargs: Any) -> serializers.SlugRelatedField[Any]:
    return serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, **kwargs
    )


class DocumentRefSchema(serializers.ModelSerializer[Document]):
    """A document named in a case file: enough to show it and fetch it."""

    kind = EnumField(DocumentKind, "a kind of document", read_only=True)

    class Meta:
        model = Document
        fields = ["id", "kind", "title", "written_on"]
        read_only_fields = fields
        ref_name = "DocumentRef"


class FilingSchema(serializers.ModelSerializer[CaseDocument]):
    document = DocumentRefSchema(read_only=True)
    role = EnumField(FilingRole, "a reason to file a document", read_only=True)
    filed_by = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Username of whoever filed it."),
    )

    class Meta:
        model = CaseDocument
        fields = ["document", "role", "filed_at", "filed_by", "note"]
        read_only_fields = fields
        ref_name = "CaseFiling"


class TestimonySchema(serializers.ModelSerializer[Testimony]):
    witness = PersonRefSchema(read_only=True)
    stance = EnumField(Stance, "a stance", read_only=True)
    basis = EnumField(KnowledgeBasis, "a basis of knowledge", read_only=True)

    class Meta:
        model = Testimony
        fields = ["id", "witness", "document", "stance", "basis", "period", "summary"]
        read_only_fields = fields
        ref_name = "Testimony"


class TransitionSchema(serializers.ModelSerializer[CaseTransition]):
    from_state = EnumField(
        CaseState,
        "a case state",
        read_only=True,
        allow_blank=True,
        help_text=gettext_lazy("Blank on the opening step."),
    )
    to_state = EnumField(CaseState, "a case state", read_only=True)
    by = _username(help_text=gettext_lazy("Username of whoever moved the case."))

    class Meta:
        model = CaseTransition
        fields = ["from_state", "to_state", "at", "by", "reason"]
        read_only_fields = fields
        ref_name = "CaseTransition"


class CaseSchema(serializers.ModelSerializer[Case]):
    subject = PersonRefSchema(read_only=True)
    commission = read_ref()
    kind = EnumField(CaseKind, "a kind of case", read_only=True)
    state = EnumField(CaseState, "a case state", read_only=True)
    title = serializers.CharField(
        source="__str__",
        read_only=True,
        help_text=gettext_lazy(
            "The title typed when the case was opened, or, without one, the kind and the "
            "subject in the reader's language."
        ),
    )
    overdue = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Past the deadline of its current state and not closed or withdrawn."
        )
    )

    class Meta:
        model = Case
        fields = [
            "ref", "title", "subject", "commission", "kind", "state", "state_since", "due_on",
            "overdue", "confidential", "opened_on", "appeals", "reopens", "version",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Case"

    def get_overdue(self, case: Case) -> bool:
        return case.is_overdue(self.context.get("today") or clock.today())


class AttendanceSchema(serializers.Serializer[Any]):
    person = PersonRefSchema()
    present = serializers.BooleanField()

    class Meta:
        ref_name = "HearingAttendance"


class HearingSchema(serializers.Serializer[HearingView]):
    """A sitting, with who attended once it was held."""

    id = serializers.IntegerField(source="hearing.id")
    state = EnumField(HearingState, "a hearing state", source="hearing.state")
    starts_at = serializers.DateTimeField(source="hearing.starts_at")
    place = serializers.CharField(source="hearing.place")
    minutes = serializers.CharField(source="hearing.minutes")
    note = serializers.CharField(
        source="hearing.note", help_text=gettext_lazy("Why it was postponed or cancelled.")
    )
    attendance = AttendanceSchema(many=True)

    class Meta:
        ref_name = "Hearing"


class VoteSchema(serializers.ModelSerializer[Vote]):
    commissioner = PersonRefSchema(read_only=True)
    choice = EnumField(VoteChoice, "a vote", read_only=True)

    class Meta:
        model = Vote
        fields = ["commissioner", "choice"]
        read_only_fields = fields
        ref_name = "Vote"


class VoteCountSchema(serializers.Serializer[VoteCount]):
    class Meta:
        ref_name = "VoteCount"

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Declared here because "for" cannot be a class attribute.
        return {
            "for": serializers.IntegerField(source="for_"),
            "against": serializers.IntegerField(),
            "abstain": serializers.IntegerField(),
            "carried": serializers.BooleanField(help_text=_("More votes for than against.")),
            "summary": serializers.CharField(
                source="__str__", help_text=_('"3 for, 1 against, 0 abstaining".')
            ),
        }


class GroundSchema(serializers.ModelSerializer[Ground]):
    class Meta:
        model = Ground
        fields = ["code", "label"]
        read_only_fields = fields
        ref_name = "Ground"


class DecisionSchema(serializers.Serializer[DecisionView]):
    """A decision with what it rested on: grounds, reasons, votes, the documents that were on
    file when it was taken, and material filed since that it did not see."""

    id = serializers.IntegerField(source="decision.id")
    outcome = EnumField(DecisionOutcome, "a decision outcome", source="decision.outcome")
    decided_on = serializers.DateField(source="decision.decided_on", allow_null=True)
    reasons = serializers.CharField(source="decision.reasons")
    term_until = serializers.DateField(
        source="decision.term_until",
        allow_null=True,
        help_text=gettext_lazy("End of a probation or of an expulsion for a term."),
    )
    appeal_deadline = serializers.DateField(source="decision.appeal_deadline", allow_null=True)
    hearing = serializers.IntegerField(source="decision.hearing_id", allow_null=True)
    rules_version = serializers.IntegerField(
        source="decision.rules.version",
        allow_null=True,
        default=None,
        help_text="The version of the organisation's rules the decision was taken under; "
        "null: the default rules.",
    )
    grounds = serializers.SerializerMethodField()
    votes = VoteSchema(many=True)
    count = VoteCountSchema()
    documents_on_file = serializers.ListField(
        child=serializers.IntegerField(),
        source="on_file",
        help_text=gettext_lazy("Ids of the documents on file when the decision was taken."),
    )
    late_material = FilingSchema(
        many=True,
        help_text=gettext_lazy("Filed after the decision and not seen by it: grounds to reopen."),
    )
    reported_by = serializers.IntegerField(
        source="decision.reported_by_id",
        allow_null=True,
        help_text=gettext_lazy("Id of a document that reports the decision."),
    )
    recorded_at = serializers.DateTimeField(source="decision.recorded_at")
    recorded_by = serializers.CharField(source="decision.recorded_by.username", allow_null=True)
    appealed_in = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Reference of the appeal case against it.")
    )
    reopened_in = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Reference of the case reopened on it.")
    )

    class Meta:
        ref_name = "Decision"

    @extend_schema_field(GroundSchema(many=True))
    def get_grounds(self, view: DecisionView) -> list[dict[str, str]]:
        # The case file carries ground labels only; the view passes the codes of the whole
        # case in one query (context "grounds"), a single decision reads its own.
        known = self.context.get("grounds")
        if known is not None:
            return known.get(view.decision.pk, [])
        rows = view.decision.grounds.order_by("label")
        return [{"code": g.code, "label": g.label} for g in rows]


class OverrideSchema(serializers.Serializer[SeatView]):
    """The chair's recorded leave for a tied commissioner to sit."""

    reason = serializers.CharField(source="overridden.reason")
    at = serializers.DateTimeField(source="overridden.at")
    by = serializers.CharField(
        source="overridden_by", help_text=gettext_lazy("Username of the chair.")
    )

    class Meta:
        ref_name = "SeatOverride"

    def to_representation(self, instance: SeatView) -> Any:
        if instance.overridden is None:
            return None
        return super().to_representation(instance)


class SeatSchema(serializers.Serializer[SeatView]):
    person = PersonRefSchema(source="commissioner.person")
    role = EnumField(CommissionerRole, "a commissioner's role", source="commissioner.role")
    started_on = serializers.DateField(source="commissioner.started_on", allow_null=True)
    ended_on = serializers.DateField(source="commissioner.ended_on", allow_null=True)
    recusal_reasons = serializers.ListField(
        child=serializers.CharField(),
        source="ties",
        help_text=gettext_lazy(
            "Why the commissioner is tied to the subject or a witness; empty if not."
        ),
    )
    must_stand_aside = serializers.BooleanField(
        help_text=gettext_lazy("Tied, and no override on record.")
    )
    override = OverrideSchema(source="*", allow_null=True)

    class Meta:
        ref_name = "Seat"


# The parts of queries.CaseFile shown beside the case's own fields, by their names there.
_FILE_PARTS = {
    "transitions": "transitions",
    "filings": "filings",
    "testimonies": "testimonies",
    "hearings": "hearing_views",
    "decisions": "decisions",
    "seats": "seats",
}


class CaseFileSchema(CaseSchema):
    """Everything on a case: its moves, the documents on file, testimonies, hearings with
    attendance, decisions with their grounds, reasons and votes, and the commission's seats
    with the reasons any commissioner must stand aside."""

    summary = serializers.CharField(read_only=True)
    transitions = TransitionSchema(many=True, read_only=True)
    filings = FilingSchema(many=True, read_only=True)
    testimonies = TestimonySchema(many=True, read_only=True)
    hearings = HearingSchema(many=True, read_only=True)
    decisions = DecisionSchema(many=True, read_only=True)
    seats = SeatSchema(many=True, read_only=True)

    class Meta(CaseSchema.Meta):
        fields = [*CaseSchema.Meta.fields, "summary", *_FILE_PARTS]
        read_only_fields = fields
        ref_name = "CaseFile"

    def to_representation(self, instance: Any) -> Any:
        case_file: CaseFile = instance
        data = CaseSchema(case_file.case, context=self.context).data
        data["summary"] = case_file.case.summary
        for name, attribute in _FILE_PARTS.items():
            data[name] = self.fields[name].to_representation(getattr(case_file, attribute))
        return data


class RecusalOverrideSchema(serializers.ModelSerializer[RecusalOverride]):
    commissioner = PersonRefSchema(read_only=True)
    by = _username(help_text=gettext_lazy("Username of the chair."))

    class Meta:
        model = RecusalOverride
        fields = ["commissioner", "reason", "by", "at"]
        read_only_fields = fields
        ref_name = "RecusalOverride"


class ReadmissionCheckSchema(serializers.Serializer[RuleCheck]):
    applies = serializers.BooleanField(
        help_text=gettext_lazy("Whether the readmission rules bind this decision at all.")
    )
    allowed = serializers.BooleanField()
    explanation = serializers.ListField(child=serializers.CharField())

    class Meta:
        ref_name = "ReadmissionCheck"


class RulesCheckSchema(serializers.Serializer[Any]):
    """What the rules say about a decision before it is recorded."""

    outcome = EnumField(DecisionOutcome, "a decision outcome")
    decided_on = serializers.DateField()
    term_until = serializers.DateField(allow_null=True)
    membership_status = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy("The subject's status in the organisation, if a member."),
    )
    count = VoteCountSchema()
    readmission = ReadmissionCheckSchema()

    class Meta:
        ref_name = "RulesCheck"


# --- Input shapes ------------------------------------------------------------------------
# Lengths follow the model columns, so an over-long value is refused by name here rather than
# failing inside the database.


def _version(what: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        help_text=_(
            "The %(what)s's version as read; if someone changed it since, the answer is 409."
        )
        % {"what": what},
    )


def _decision_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField[Any]:
    return serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.select_related("case"),
        error_messages={"does_not_exist": "There is no decision with the number {pk_value}."},
        **kwargs,
    )


@extend_schema_field(OpenApiTypes.STR)
class VisibleCaseField(serializers.SlugRelatedField[Case]):
    """A case by its reference, among those the requesting user may see: a confidential case
    the user may not read is answered as no case at all."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            {
                "does_not_exist": "There is no case with the reference {value}.",
                "invalid": "Give the reference of the case as text.",
            },
        )
        super().__init__(slug_field="ref", **kwargs)

    def get_queryset(self) -> Any:
        return visible_cases(self.context["user"]).select_related("subject", "commission")


class NewCaseSchema(serializers.Serializer[Any]):
    subject = ref_field(Person, "person")
    commission = ref_field(Commission, "commission")
    kind = EnumField(CaseKind, "a kind of case")
    title = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "Named by the kind and the subject, in the reader's language, when left out."
        ),
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    opened_on = optional_date(default=None, help_text=gettext_lazy("Today when left out."))
    confidential = serializers.BooleanField(required=False, default=False)
    appeals = _decision_field(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("For an appeal: the decision."),
    )
    reopens = _decision_field(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("For a reopening: the decision."),
    )

    class Meta:
        ref_name = "NewCase"


class CaseMoveSchema(serializers.Serializer[Any]):
    to_state = EnumField(CaseState, "a case state")
    reason = serializers.CharField(max_length=500)
    version = _version("case")

    class Meta:
        ref_name = "CaseMove"


class NewHearingSchema(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    version = _version("case")

    class Meta:
        ref_name = "NewHearing"


class HearingPostponementSchema(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField(help_text=gettext_lazy("When the new sitting starts."))
    reason = serializers.CharField(max_length=500)

    class Meta:
        ref_name = "HearingPostponement"


class HearingCancellationSchema(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)

    class Meta:
        ref_name = "HearingCancellation"


class NewAttendanceSchema(serializers.Serializer[Any]):
    person = ref_field(Person, "person")
    present = serializers.BooleanField(required=False, default=True)

    class Meta:
        ref_name = "NewHearingAttendance"


def _once_each(rows: list[dict[str, Any]], key: str, sentence: str) -> None:
    """Refuse a list that names the same person twice, naming the repeated row."""
    seen: set[int] = set()
    for index, row in enumerate(rows):
        person = row[key]
        if person.pk in seen:
            raise serializers.ValidationError(
                {str(index): {key: [sentence.format(name=person.display_name)]}}, code="rule"
            )
        seen.add(person.pk)


class HearingRecordSchema(serializers.Serializer[Any]):
    attendance = NewAttendanceSchema(many=True)
    minutes = serializers.CharField()

    class Meta:
        ref_name = "HearingRecord"

    def validate_attendance(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        _once_each(rows, "person", "{name} is named twice.")
        return rows


class NewVoteSchema(serializers.Serializer[Any]):
    commissioner = ref_field(Person, "person")
    choice = EnumField(VoteChoice, "a vote")

    class Meta:
        ref_name = "NewVote"


class NewDecisionSchema(serializers.Serializer[Any]):
    outcome = EnumField(DecisionOutcome, "a decision outcome")
    reasons = serializers.CharField()
    votes = NewVoteSchema(many=True, help_text=gettext_lazy("Each commissioner's vote, once."))
    decided_on = serializers.DateField()
    grounds = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        help_text=gettext_lazy("Codes of the grounds (see /api/v1/grounds/)."),
    )
    term_until = optional_date(
        default=None,
        help_text=gettext_lazy("Required for probation and expel_for_term: when the term ends."),
    )
    hearing = serializers.PrimaryKeyRelatedField(
        queryset=Hearing.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Id of the hearing at which it was taken."),
        error_messages={"does_not_exist": "There is no hearing with the number {pk_value}."},
    )
    version = _version("case")

    class Meta:
        ref_name = "NewDecision"

    def validate_votes(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        _once_each(rows, "commissioner", "{name} has already voted above.")
        return rows


class NewRecusalOverrideSchema(serializers.Serializer[Any]):
    commissioner = ref_field(Person, "person")
    reason = serializers.CharField(max_length=500)

    class Meta:
        ref_name = "NewRecusalOverride"


class NewAppealSchema(serializers.Serializer[Any]):
    filed_on = optional_date(
        default=None,
        help_text=gettext_lazy(
            "When the appeal arrived; today when left out. Only those who may file "
            "appeals for others may give another day."
        ),
    )
    statement = serializers.CharField()

    class Meta:
        ref_name = "NewAppeal"


# Ids are 64-bit; a larger number is refused here, since the databases cannot even compare it.
LARGEST_ID = 2**63 - 1


class ReopeningSchema(serializers.Serializer[Any]):
    reason = serializers.CharField()
    material = serializers.ListField(
        child=serializers.IntegerField(
            min_value=1,
            max_value=LARGEST_ID,
            error_messages={
                "min_value": "A document id is a whole number from 1.",
                "max_value": "No document has an id that large.",
            },
        ),
        allow_empty=False,
        help_text=gettext_lazy("Ids of documents on the case file that the decision did not see."),
    )

    class Meta:
        ref_name = "Reopening"


# --- Query parameters --------------------------------------------------------------------


class CaseQuerySchema(serializers.Serializer[Any]):
    commission = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Reference of the commission.")
    )
    state = EnumField(CaseState, "a case state", required=False)
    kind = EnumField(CaseKind, "a kind of case", required=False)
    overdue = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Only cases past the deadline of their state."),
    )
    subject = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Reference of the subject.")
    )


def parse_votes(value: str) -> list[str]:
    """The votes of a comma-separated list ("for,for,against"); ValidationError names the first
    that is not a vote."""
    choices = [c.strip() for c in value.split(",") if c.strip()]
    for choice in choices:
        if choice not in VoteChoice.values:
            raise serializers.ValidationError(
                _('"%(choice)s" is not a vote; use one of %(values)s.')
                % {"choice": choice, "values": ", ".join(VoteChoice.values)}
            )
    return choices


class RulesCheckQuerySchema(serializers.Serializer[Any]):
    outcome = EnumField(DecisionOutcome, "a decision outcome")
    decided_on = optional_date(default=None, help_text=gettext_lazy("Today when left out."))
    term_until = optional_date(default=None)
    votes = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            'The votes as a comma-separated list of choices: "for,for,for,against".'
        ),
        # Not trimmed, as the witness marks are not: strip() would take control characters.
        trim_whitespace=False,
        validators=[CommaList(VoteChoice.values, parse_votes)],
    )

    def validate_votes(self, value: str) -> list[str]:
        return parse_votes(value)
