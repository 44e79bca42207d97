from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class Organisation(models.Model):
    ref = models.CharField(max_length=64, unique=True, help_text=_("Stable identifier in exports."))
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=60, blank=True)
    founded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.short_name or self.name


class Unit(models.Model):
    """An organisational unit: a cell, a district or gubernia organisation, a department."""

    ref = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Anyone the commission deals with, member or not. People whose names are unknown
    ("Alliluyeva's father") are people too: `description` says who they are."""

    ref = models.CharField(max_length=64, unique=True, help_text=_("Stable identifier in exports."))
    given_name = models.CharField(max_length=100, blank=True)
    patronymic = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=150, blank=True)
    known_as = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("The name the person is known by, e.g. a pseudonym."),
    )
    description = models.CharField(
        max_length=300, blank=True, help_text=_("Who this is when the name is not known.")
    )
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    born_on = models.DateField(null=True, blank=True)
    died_on = models.DateField(null=True, blank=True)
    deceased = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    is_worker = models.BooleanField(
        default=False, help_text=_("Counts as a worker for the readmission rules.")
    )
    language = models.CharField(
        max_length=10,
        choices=Language.choices,
        blank=True,
        default="",
        # The bulk importer inserts rows without naming this column.
        db_default="",
        help_text="The language the commission writes to this person in; blank for the "
        "installation's default.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("The login of this person, if they use the system themselves."),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("The record this one was merged into as the same person (see PersonMerge)."),
    )
    # Folded lookup keys, written by the services from the name fields (see registry.names).
    given_key = models.CharField(max_length=100, blank=True, editable=False)
    patronymic_key = models.CharField(max_length=100, blank=True, editable=False)
    surname_key = models.CharField(max_length=150, blank=True, editable=False)
    surname_skeleton = models.CharField(max_length=150, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "people"
        permissions = [
            ("view_personal_data", "Can see addresses, telephones and other personal data"),
            ("change_registry", "Can change the member registry"),
            ("import_registry", "Can import registry files"),
            ("export_registry", "Can export the registry"),
            ("erase_personal_data", "Can erase a person's personal data on a lawful request"),
        ]
        indexes = [
            # Person lookup (registry.lookup.find_people): one index per name part.
            # Covering the other name parts, so a query's further words are checked inside the
            # index while a common surname's or given name's candidates are read in order.
            models.Index(
                fields=["surname_key", "given_key", "patronymic_key", "id"],
                name="person_surname_key_idx",
            ),
            models.Index(
                fields=["given_key", "patronymic_key", "surname_key", "id"],
                name="person_given_key_idx",
            ),
            models.Index(fields=["patronymic_key"], name="person_patronymic_key_idx"),
        ]

    # The fields `display_name` reads: what a list showing people by name needs to load.
    NAME_FIELDS = ("ref", "given_name", "patronymic", "surname", "known_as", "description")

    def __str__(self) -> str:
        return self.display_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.patronymic, self.surname) if p)

    @property
    def display_name(self) -> str:
        return display_name_of(
            self.ref,
            self.given_name,
            self.patronymic,
            self.surname,
            self.known_as,
            self.description,
        )


def display_name_of(
    ref: str, given_name: str, patronymic: str, surname: str, known_as: str, description: str
) -> str:
    """`Person.display_name` from the person's NAME_FIELDS, in that order: for lists that read
    rows rather than people."""
    name = " ".join(p for p in (given_name, patronymic, surname) if p)
    if known_as and name:
        return f"{name} ({known_as})"
    return name or known_as or description or f"person {ref}"


class PersonName(models.Model):
    """A further form of a person's name: pseudonym, maiden or married name, a part of a double
    surname, a diminutive, a spelling variant."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=20, choices=NameKind.choices)
    value = models.CharField(max_length=200)
    key = models.CharField(max_length=200, editable=False)
    skeleton = models.CharField(max_length=200, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value"], name="person_name_unique_per_kind"
            )
        ]
        indexes = [
            # Person lookup by a pseudonym or other extra form.
            models.Index(fields=["key"], name="person_name_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.get_kind_display()})"


class NameKey(models.Model):
    """A lookup key some person or name form holds or held ("sidorov", "ivan"), once for each
    part of a name it was written as. Written by the database's own triggers
    (`registry.namekeys`), so that each process can follow the new ones by id and find near
    misses among them in memory."""

    class Part(models.TextChoices):
        GIVEN = "given", _("given name")
        PATRONYMIC = "patronymic", _("patronymic")
        SURNAME = "surname", _("surname")
        FORM = "form", _("further name form")

    part = models.CharField(max_length=20, choices=Part.choices)
    key = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["part", "key"], name="name_key_once_per_part")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.part})"


class ContactDetail(models.Model):
    """Personal data: shown only to users with registry.view_personal_data."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    value = models.CharField(max_length=300)
    note = models.CharField(max_length=300, blank=True)
    source_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "value"], name="contact_unique_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.person_id}"


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField(null=True, blank=True)
    card_number = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=MembershipStatus.choices)
    status_since = models.DateField(null=True, blank=True)
    probation_until = models.DateField(null=True, blank=True)
    term_until = models.DateField(
        null=True, blank=True, help_text=_("End of an expulsion for a term.")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="one_membership_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(status=MembershipStatus.PROBATION, probation_until__isnull=False)
                | ~Q(status=MembershipStatus.PROBATION),
                name="probation_has_end_date",
            ),
            models.CheckConstraint(
                condition=Q(status=MembershipStatus.EXPELLED_FOR_TERM, term_until__isnull=False)
                | ~Q(status=MembershipStatus.EXPELLED_FOR_TERM),
                name="term_expulsion_has_end_date",
            ),
        ]
        indexes = [
            # Unit rosters and counts by status (reports, case lists by unit).
            models.Index(fields=["unit", "status"], name="membership_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.organisation_id}: {self.status}"


class MembershipStatusChange(models.Model):
    """One step of a membership's history. Written only by registry.services; the first row of
    a membership has no `from_status`."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(max_length=20, choices=MembershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MembershipStatus.choices)
    effective_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    decision = models.ForeignKey(
        "cases.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_changes",
        help_text=_("The decision that made this change, when a commission made it."),
    )
    basis = models.CharField(
        max_length=12,
        choices=StatusChangeBasis.choices,
        help_text=_("What the step rests on: its decision, a document, or another register."),
    )
    document = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "The document that records an administrative step (joining, a death), "
            "or the register an imported step was copied from."
        ),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            # Every step names what it rests on: a change of status its decision; joining and
            # death a document; a step copied from another register that register.
            models.CheckConstraint(
                condition=Q(basis=StatusChangeBasis.DECISION, decision__isnull=False)
                | (
                    Q(basis=StatusChangeBasis.DOCUMENT, decision__isnull=True)
                    & ~Q(document="")
                    & (Q(from_status="") | Q(to_status=MembershipStatus.DECEASED))
                )
                | (Q(basis=StatusChangeBasis.IMPORTED, decision__isnull=True) & ~Q(document="")),
                name="status_change_names_its_basis",
            ),
        ]
        # The order the steps were recorded in: dates may be unknown (a decision known only
        # from an editor's note), so they cannot order the history.
        ordering = ["id"]
        indexes = [
            # A person's membership history, in order.
            models.Index(fields=["membership", "id"], name="status_history_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class Position(models.Model):
    """A post held: "secretary of the C.P.C. Managing Department"."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=200)
    body = models.CharField(max_length=300, blank=True, help_text=_("Where the post was held."))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}, {self.body}" if self.body else self.title


class Commission(models.Model):
    """A reviewing commission. Appeals go to `parent`, one level up."""

    ref = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commissions"
    )
    name = models.CharField(max_length=300)
    level = models.CharField(max_length=20, choices=CommissionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(level=CommissionLevel.CENTRAL) | Q(parent__isnull=False),
                name="commission_below_central_has_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Commissioner(models.Model):
    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, related_name="commissioners"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commission_seats")
    role = models.CharField(
        max_length=20, choices=CommissionerRole.choices, default=CommissionerRole.MEMBER
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "person", "role"], name="commissioner_unique_seat"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.commission}"


class Relationship(models.Model):
    """A typed tie: "<source> is <kind> <target>". Symmetric kinds are stored once, with the
    lower id as source, so a pair cannot be recorded twice in opposite directions."""

    # No single-column indexes: the unique constraint (source, target, kind) serves lookups by
    # source and relationship_target_idx (target, kind) those by target; each extra index on
    # 5 million ties would cost its build time on every large import.
    source = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="ties_out", db_index=False
    )
    target = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="ties_in", db_index=False
    )
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    strength = models.PositiveSmallIntegerField(
        default=3, help_text=_("1 (slight) to 5 (very close).")
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    period = models.CharField(
        max_length=200, blank=True, help_text=_('The period in words, e.g. "since before 1917".')
    )
    note = models.CharField(max_length=500, blank=True)
    evidence = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidenced_relationships",
        help_text=_("The document that shows this tie."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="relationship_unique_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relationship_not_to_self"
            ),
            models.CheckConstraint(
                condition=Q(strength__gte=1, strength__lte=5), name="relationship_strength_1_to_5"
            ),
        ]
        indexes = [
            # Ties of a person seen from the target side (person page, witness discovery);
            # the unique constraint's index serves the source side.
            models.Index(fields=["target", "kind"], name="relationship_target_idx"),
            # Witness discovery reads the strongest ties of one person on each side from these
            # alone, strongest first, never touching the table: a person with 20,000 ties
            # costs what their first thousand do. Every column it reads is in them.
            models.Index(
                fields=[
                    "source",
                    "-strength",
                    "target",
                    "kind",
                    "started_on",
                    "ended_on",
                    "period",
                ],
                name="relationship_source_strong_idx",
            ),
            models.Index(
                fields=[
                    "target",
                    "-strength",
                    "source",
                    "kind",
                    "started_on",
                    "ended_on",
                    "period",
                ],
                name="relationship_target_strong_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.get_kind_display()} {self.target_id}"


class TieChange(models.Model):
    """The log of changes to the ties: one row for each pair of people whose ties were added,
    changed or removed, written by the database's own triggers on the ties' table
    (`registry.tielog`), in the transaction of the change, whatever wrote it. The in-memory
    witness graph of each process follows it (`inquiries.tiegraph`). A row with neither person
    means "everything changed" (a bulk import): followers read the ties again."""

    source_id = models.BigIntegerField(null=True)
    target_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"ties of {self.source_id} and {self.target_id}"


class Mention(models.Model):
    """A person named in a document, in a role, with the words that name them."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        ADDRESSEE = "addressee", _("addressee")
        SUBJECT = "subject", _("subject")
        RELATIVE = "relative", _("relative")
        WITNESS = "witness", _("witness asked")
        ANNOTATOR = "annotator", _("wrote a note on it")
        MENTIONED = "mentioned", _("mentioned")

    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="mentions"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentions")
    role = models.CharField(max_length=20, choices=Role.choices)
    as_written = models.CharField(max_length=300, blank=True)
    span_part = models.CharField(max_length=10, blank=True)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        # The table kept its name when the model moved here from the intake.
        db_table = "intake_mention"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "person", "role"], name="mention_once_per_role"
            )
        ]
        indexes = [
            # A person's documents (person page, witness evidence).
            models.Index(fields=["person", "role"], name="mention_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} as {self.role} in {self.document_id}"


class ClerkPost(models.Model):
    """An account posted as clerk to one commission, from `started_on` (and until `ended_on`,
    both days included). While an account holds a current post it sees only what its
    commissions need (the rule is in cases.queries.need_to_know); an account with none keeps
    the organisation-wide view of a central secretariat.

    A post of its own rather than a `Commissioner` seat with a secretary's role: a clerk's
    account need not be anyone in the member registry, and a seat is what the case page lists
    among those who vote and may have to stand aside. Written only by `registry.posts`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clerk_posts"
    )
    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="clerk_posts")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("post_clerk", "Can post clerks to commissions and end their posts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="clerk_post_ends_after_start",
            ),
            # One open post per account and commission: posting twice is refused, not doubled.
            models.UniqueConstraint(
                fields=["user", "commission"],
                condition=Q(ended_on__isnull=True),
                name="clerk_post_one_open",
            ),
        ]
        indexes = [
            # An account's posts, read once per request (registry.posts.posted_commissions).
            models.Index(fields=["user", "started_on"], name="clerk_post_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.commission_id}"


class PersonMerge(models.Model):
    """Two records found to be one person: everything `merged` had now belongs to `kept`, and
    `merged` stays, marked, so its reference still leads somewhere. The rows moved, the rows
    removed as duplicates of rows `kept` already had, the name form added and the empty facts
    filled are kept here, so that the merge can be undone exactly."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_merged")
    reason = models.CharField(max_length=500)
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # [[model label, pk, field name], …]: rows whose field pointed at `merged` and now at `kept`.
    moved = models.JSONField(default=list)
    # Django's serialisation of the rows deleted because `kept` had the same one already.
    removed = models.JSONField(default=list)
    # {field: value before}: facts of `kept` that were empty and were taken from `merged`.
    filled = models.JSONField(default=dict)
    added_name = models.ForeignKey(
        PersonName, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged_id} merged into {self.kept_id}"
