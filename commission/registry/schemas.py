"""JSON shapes of the member registry: what the API reads from a request and what it answers.

Input schemas only check the form of the values (types, lengths, dates, enum choices); the
rules of the registry (a person needs a name, a probation needs its end date, who may write)
stay in `registry.services`, which the API calls with the validated values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.validators import RegexValidator
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from commission.documents.models import Document
from commission.registry.enums import (
    CommissionerRole,
    CommissionLevel,
    ContactKind,
    Gender,
    Language,
    MembershipStatus,
    NameKind,
    RelationshipKind,
    StatusChangeBasis,
    UnitKind,
)
from commission.registry.lookup import PersonMatch
from commission.registry.models import (
    Commission,
    Commissioner,
    ContactDetail,
    Membership,
    MembershipStatusChange,
    Organisation,
    Person,
    PersonName,
    Position,
    Relationship,
    Unit,
)
from commission.registry.queries import PersonDetail, Tie


class EnumField(serializers.ChoiceField):
    """A choice among the values of one of the registry's enums. Its refusal lists the accepted
    values ('"cousin" is not a kind of relationship; use one of parent, sibling, …'), and the
    OpenAPI schema names the choice set after the enum (see commission.api.openapi)."""

    def __init__(self, enum: type[TextChoices], what: str, **kwargs: Any) -> None:
        self.enum = enum
        accepted = ", ".join(enum.values)
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f'"{{input}}" is not {what}; use one of {accepted}.'},
        )
        super().__init__(choices=enum.choices, **kwargs)


def ref_field(model: type[Any], what: str, **kwargs: Any) -> serializers.SlugRelatedField[Any]:
    """A reference to a registry record by its stable `ref`, refused with a sentence when no
    record has it."""
    return serializers.SlugRelatedField(
        slug_field="ref",
        queryset=model.objects.all(),
        error_messages={
            "does_not_exist": f"There is no {what} with the reference {{value}}.",
            "invalid": f"Give the reference of the {what} as text.",
        },
        **kwargs,
    )


class CommaList(RegexValidator):
    """A comma-separated list of some of `words` ("for,for,against"), stated as a pattern in the
    API's schema. A value that does not fit is refused by `parse`, the list's own reader, which
    names the first wrong item; one it would take but the pattern does not (a tab between
    items) is refused in general words, so the answer never contradicts the schema."""

    def __init__(self, words: Iterable[str], parse: Callable[[str], Any]) -> None:
        self.words = list(words)
        self.parse = parse
        alternatives = "|".join(re.escape(w) for w in self.words)
        pattern = rf"^ *(({alternatives}) *(, *({alternatives}) *)*)?$"
        super().__init__(pattern)
        self.compiled = re.compile(pattern)

    def __call__(self, value: Any) -> None:
        text = str(value)
        if self.compiled.search(text):
            return
        self.parse(text)
        raise serializers.ValidationError(
            _("Give a list of %(words)s, separated by commas and spaces only.")
            % {"words": ", ".join(self.words)}
        )


def read_ref(**kwargs: Any) -> serializers.SlugRelatedField[Any]:
    """A related registry record shown by its `ref`."""
    return serializers.SlugRelatedField(slug_field="ref", read_only=True, **kwargs)


def optional_date(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, **kwargs)


# Fields named like attributes of DRF's Field ("label", "source", "parent") carry a type
# ignore: the serializer metaclass moves declared fields off the class, so nothing clashes
# at run time, but the stubs see the class attribute.

# --- Read shapes -------------------------------------------------------------------------


class PersonRefSchema(serializers.ModelSerializer[Person]):
    """A person named in another record: enough to show the name and follow the link."""

    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["ref", "display_name"]
        ref_name = "PersonRef"


class PersonNameSchema(serializers.ModelSerializer[PersonName]):
    kind = EnumField(NameKind, "a kind of name form")
    value = serializers.CharField(max_length=200)

    class Meta:
        model = PersonName
        fields = ["kind", "value"]
        ref_name = "PersonName"


class PersonSchema(serializers.ModelSerializer[Person]):
    display_name = serializers.CharField(read_only=True)
    gender = EnumField(Gender, "a gender", read_only=True)
    language = EnumField(
        Language,
        "a language the commission writes in",
        allow_blank=True,
        read_only=True,
        help_text="The language the commission writes to the person in; empty for the "
        "installation's default.",
    )

    merged_into: serializers.SlugRelatedField[Person] = serializers.SlugRelatedField(
        slug_field="ref",
        read_only=True,
        allow_null=True,
        help_text="The record this one was merged into as the same person; null if none.",
    )

    class Meta:
        model = Person
        fields = [
            "ref", "display_name", "given_name", "patronymic", "surname", "known_as",
            "description", "gender", "born_on", "died_on", "deceased", "notes", "is_worker",
            "language", "merged_into", "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Person"


class PersonMatchSchema(serializers.Serializer[PersonMatch]):
    how = serializers.ChoiceField(
        choices=[
            ("exact", "exact"), ("near", "near spelling"), ("prefix", "prefix"),
            ("kin", "through a relative"),
        ],
        help_text=(
            gettext_lazy(
"exact: a name form matched; near: a near spelling; prefix: a name "
"being typed; kin: found through a recorded tie to the relative the "
"query names (\"Kasparov's sister\")."
)
        ),
    )  # fmt: skip
    score = serializers.FloatField(
        help_text=gettext_lazy("Similarity of the query to the best name form, 0–1.")
    )
    via = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            'For "kin": how the person is related to the one named ("sister of …").'
        ),
    )

    class Meta:
        ref_name = "PersonMatch"


class PersonListItemSchema(PersonSchema):
    """A person in a list; in the answer to a lookup (`q`), also how the person matched."""

    match = PersonMatchSchema(read_only=True, allow_null=True)

    class Meta(PersonSchema.Meta):
        fields = [*PersonSchema.Meta.fields, "match"]
        read_only_fields = fields
        ref_name = "PersonListItem"

    def to_representation(self, instance: Any) -> Any:
        found = instance if isinstance(instance, PersonMatch) else None
        data = super().to_representation(found.person if found else instance)
        data["match"] = (
            {"how": found.how, "score": round(found.score, 3), "via": found.via or None}
            if found is not None
            else None
        )
        return data


class ContactSchema(serializers.ModelSerializer[ContactDetail]):
    kind = EnumField(ContactKind, "a kind of contact detail", read_only=True)

    class Meta:
        model = ContactDetail
        fields = ["id", "kind", "value", "note", "source_document", "recorded_at"]
        read_only_fields = fields
        ref_name = "Contact"


class StatusChangeSchema(serializers.ModelSerializer[MembershipStatusChange]):
    from_status = EnumField(
        MembershipStatus,
        "a membership status",
        read_only=True,
        allow_blank=True,
        help_text=gettext_lazy("Blank on the first step of a membership."),
    )
    to_status = EnumField(MembershipStatus, "a membership status", read_only=True)
    basis = EnumField(StatusChangeBasis, "what a step rests on", read_only=True)
    recorded_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Username of whoever recorded the step."),
    )

    class Meta:
        model = MembershipStatusChange
        fields = [
            "id", "from_status", "to_status", "effective_on", "reason", "decision", "basis",
            "document", "recorded_at", "recorded_by",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "MembershipStatusChange"


class MembershipSchema(serializers.ModelSerializer[Membership]):
    person = PersonRefSchema(read_only=True)
    organisation = read_ref()
    unit = read_ref(allow_null=True)
    status = EnumField(MembershipStatus, "a membership status", read_only=True)
    history = StatusChangeSchema(many=True, read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id", "person", "organisation", "unit", "joined_on", "card_number", "status",
            "status_since", "probation_until", "term_until", "version", "history",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Membership"


class PositionSchema(serializers.ModelSerializer[Position]):
    unit = read_ref(allow_null=True)

    class Meta:
        model = Position
        fields = ["id", "title", "body", "unit", "started_on", "ended_on"]
        read_only_fields = fields
        ref_name = "Position"


class TieSchema(serializers.Serializer[Tie]):
    """A relationship seen from one person's side."""

    id = serializers.IntegerField(source="relationship.id")
    kind = EnumField(RelationshipKind, "a kind of relationship", source="relationship.kind")
    label = serializers.CharField(  # type: ignore[assignment]
        help_text=gettext_lazy('How the tie reads from this side: "sheltered by".')
    )
    other = PersonRefSchema()
    strength = serializers.IntegerField(source="relationship.strength")
    started_on = serializers.DateField(source="relationship.started_on", allow_null=True)
    ended_on = serializers.DateField(source="relationship.ended_on", allow_null=True)
    period = serializers.CharField(source="relationship.period")
    note = serializers.CharField(source="relationship.note")
    evidence = serializers.IntegerField(
        source="relationship.evidence_id",
        allow_null=True,
        help_text=gettext_lazy("Id of the document that shows the tie."),
    )

    class Meta:
        ref_name = "Tie"


class SurnameFormsSchema(serializers.Serializer[tuple[str, str]]):
    masculine = serializers.CharField()
    feminine = serializers.CharField()

    class Meta:
        ref_name = "SurnameForms"

    def to_representation(self, instance: tuple[str, str]) -> Any:
        masculine, feminine = instance
        return {"masculine": masculine, "feminine": feminine}


# The parts of queries.PersonDetail shown beside the person's own fields.
_DETAIL_PARTS = ("names", "surname_forms", "memberships", "positions", "ties", "contacts")


class PersonDetailSchema(PersonSchema):
    """Everything the registry knows about a person. `contacts` is present only for readers
    allowed to see personal data; for others the key is absent, not empty, so that "none
    recorded" and "not shown to you" cannot be confused."""

    names = PersonNameSchema(many=True, read_only=True)
    surname_forms = SurnameFormsSchema(read_only=True)
    memberships = MembershipSchema(many=True, read_only=True)
    positions = PositionSchema(many=True, read_only=True)
    ties = TieSchema(many=True, read_only=True)
    contacts = ContactSchema(many=True, read_only=True, required=False)

    class Meta(PersonSchema.Meta):
        fields = [*PersonSchema.Meta.fields, *_DETAIL_PARTS]
        read_only_fields = fields
        ref_name = "PersonDetail"

    def to_representation(self, instance: Any) -> Any:
        detail: PersonDetail = instance
        data = PersonSchema(detail.person, context=self.context).data
        for part in _DETAIL_PARTS:
            value = getattr(detail, part)
            if value is not None:  # contacts: None when the reader may not see personal data
                data[part] = self.fields[part].to_representation(value)
        return data


class RelationshipSchema(serializers.ModelSerializer[Relationship]):
    source = PersonRefSchema(read_only=True)  # type: ignore[assignment]
    target = PersonRefSchema(read_only=True)
    kind = EnumField(RelationshipKind, "a kind of relationship", read_only=True)
    label = serializers.CharField(  # type: ignore[assignment]
        source="get_kind_display",
        read_only=True,
        help_text=gettext_lazy('"<source> is <label> <target>".'),
    )

    class Meta:
        model = Relationship
        fields = [
            "id", "source", "kind", "label", "target", "strength", "started_on", "ended_on",
            "period", "note", "evidence", "created_at",
        ]  # fmt: skip
        read_only_fields = fields
        ref_name = "Relationship"


class OrganisationSchema(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["ref", "name", "short_name", "founded_on"]
        read_only_fields = fields
        ref_name = "Organisation"


class UnitSchema(serializers.ModelSerializer[Unit]):
    organisation = read_ref()
    parent = read_ref(allow_null=True)  # type: ignore[assignment]
    kind = EnumField(UnitKind, "a kind of unit", read_only=True)

    class Meta:
        model = Unit
        fields = ["ref", "organisation", "parent", "name", "kind"]
        read_only_fields = fields
        ref_name = "Unit"


class CommissionerSchema(serializers.ModelSerializer[Commissioner]):
    person = PersonRefSchema(read_only=True)
    role = EnumField(CommissionerRole, "a commissioner's role", read_only=True)

    class Meta:
        model = Commissioner
        fields = ["person", "role", "started_on", "ended_on"]
        read_only_fields = fields
        ref_name = "Commissioner"


class CommissionSchema(serializers.ModelSerializer[Commission]):
    organisation = read_ref()
    parent = read_ref(allow_null=True, help_text=gettext_lazy("Where its appeals go."))  # type: ignore[assignment]
    unit = read_ref(allow_null=True)
    level = EnumField(CommissionLevel, "a commission level", read_only=True)
    commissioners = CommissionerSchema(many=True, read_only=True)

    class Meta:
        model = Commission
        fields = ["ref", "organisation", "name", "level", "parent", "unit", "commissioners"]
        read_only_fields = fields
        ref_name = "Commission"


# --- Input shapes ------------------------------------------------------------------------
# Lengths follow the model columns, so an over-long value is refused by name here rather than
# failing inside the database.


class NewPersonSchema(serializers.Serializer[Any]):
    ref = serializers.RegexField(
        r"^[^/\s]+$",
        max_length=64,
        required=False,
        help_text=gettext_lazy("Stable identifier; one is made up when left out."),
        error_messages={"invalid": "A reference cannot contain spaces or slashes."},
    )
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    patronymic = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    surname = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    known_as = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    gender = EnumField(Gender, "a gender", required=False, default=Gender.UNKNOWN)
    born_on = optional_date(default=None)
    died_on = optional_date(default=None)
    deceased = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    is_worker = serializers.BooleanField(required=False, default=False)
    language = EnumField(
        Language,
        "a language the commission writes in",
        allow_blank=True,
        required=False,
        default="",
        help_text="The language the commission writes to the person in; empty for the "
        "installation's default.",
    )
    names = PersonNameSchema(many=True, required=False, default=list)

    class Meta:
        ref_name = "NewPerson"


class PersonChangesSchema(serializers.Serializer[Any]):
    """A PATCH of a person: only the fields sent change. `version` is the one read before
    editing; if someone saved the person since, nothing is changed and the answer is 409."""

    version = serializers.IntegerField(
        min_value=1, help_text=gettext_lazy("The person's version as read before editing.")
    )
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    patronymic = serializers.CharField(max_length=100, required=False, allow_blank=True)
    surname = serializers.CharField(max_length=150, required=False, allow_blank=True)
    known_as = serializers.CharField(max_length=150, required=False, allow_blank=True)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    gender = EnumField(Gender, "a gender", required=False)
    born_on = optional_date()
    died_on = optional_date()
    deceased = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    is_worker = serializers.BooleanField(required=False)
    language = EnumField(
        Language,
        "a language the commission writes in",
        allow_blank=True,
        required=False,
        help_text="The language the commission writes to the person in; empty for the "
        "installation's default.",
    )

    class Meta:
        ref_name = "PersonChanges"

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if set(attrs) == {"version"}:
            raise serializers.ValidationError(
                {"version": ["Nothing to change: send the fields to change beside the version."]},
                code="rule",
            )
        return attrs


class NewContactSchema(serializers.Serializer[Any]):
    kind = EnumField(ContactKind, "a kind of contact detail")
    value = serializers.CharField(max_length=300)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    source_document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Id of the document the detail was read from."),
        error_messages={"does_not_exist": "There is no document with the id {pk_value}."},
    )

    class Meta:
        ref_name = "NewContact"


class NewMembershipSchema(serializers.Serializer[Any]):
    person = ref_field(Person, "person")
    organisation = ref_field(Organisation, "organisation")
    unit = ref_field(Unit, "unit", required=False, allow_null=True, default=None)
    joined_on = optional_date(default=None)
    status = EnumField(
        MembershipStatus, "a membership status", required=False, default=MembershipStatus.MEMBER
    )
    probation_until = optional_date(
        default=None, help_text=gettext_lazy("Required for status probation.")
    )
    term_until = optional_date(
        default=None, help_text=gettext_lazy("Required for status expelled_for_term.")
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    card_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    document = serializers.CharField(
        max_length=300,
        help_text=gettext_lazy(
            "The document that records the joining: a questionnaire, a party card, "
            "the minutes of the cell that admitted the member."
        ),
    )

    class Meta:
        ref_name = "NewMembership"


class StatusChangeRequestSchema(serializers.Serializer[Any]):
    to_status = EnumField(MembershipStatus, "a membership status")
    effective_on = serializers.DateField()
    reason = serializers.CharField(max_length=500)
    probation_until = optional_date(
        default=None, help_text=gettext_lazy("Required for status probation.")
    )
    term_until = optional_date(
        default=None, help_text=gettext_lazy("Required for status expelled_for_term.")
    )
    decision = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "Id of the decision that made the change; required except for a death."
        ),
    )
    document = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "For a death (status deceased) without a decision: the document recording it."
        ),
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "The membership's version as read; if given and stale, the answer is 409."
        ),
    )

    class Meta:
        ref_name = "NewMembershipStatus"


class NewRelationshipSchema(serializers.Serializer[Any]):
    source = ref_field(Person, "person")  # type: ignore[assignment]
    target = ref_field(Person, "person")
    kind = EnumField(RelationshipKind, "a kind of relationship")
    strength = serializers.IntegerField(
        min_value=1,
        max_value=5,
        required=False,
        default=3,
        help_text=gettext_lazy("1 (slight) to 5."),
    )
    started_on = optional_date(default=None)
    ended_on = optional_date(default=None)
    period = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    evidence = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Id of the document that shows the tie."),
        error_messages={"does_not_exist": "There is no document with the id {pk_value}."},
    )

    class Meta:
        ref_name = "NewRelationship"


# --- Query parameters --------------------------------------------------------------------


class PeopleQuerySchema(serializers.Serializer[Any]):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=gettext_lazy(
            "Any form of a name: surname in either gender, given name or "
            "diminutive, patronymic, pseudonym, transliteration variant. Results "
            "come best match first."
        ),
    )


class MembershipQuerySchema(serializers.Serializer[Any]):
    person = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Reference of the person.")
    )
    organisation = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Reference of the organisation.")
    )
    status = EnumField(MembershipStatus, "a membership status", required=False)


class RelationshipQuerySchema(serializers.Serializer[Any]):
    person = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Reference of a person on either side of the tie."),
    )
    kind = EnumField(RelationshipKind, "a kind of relationship", required=False)


class OrganisationQuerySchema(serializers.Serializer[Any]):
    organisation = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Reference of the organisation.")
    )


class MergeSchema(serializers.Serializer[Any]):
    """Merge another record into this one, as one person."""

    duplicate = ref_field(
        Person, "person", help_text="The record to merge into this one (it is kept, marked)."
    )
    reason = serializers.CharField(max_length=500, help_text="Why the two records are one person.")

    class Meta:
        ref_name = "Merge"
