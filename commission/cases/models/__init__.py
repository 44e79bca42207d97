from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop

from commission.cases.enums import (
    AssignmentRule,
    CaseKind,
    CaseState,
    DecisionOutcome,
    FilingRole,
    HearingState,
    KnowledgeBasis,
    Stance,
    VoteChoice,
)
from commission.core import clock
from commission.core.dates import long_date
from commission.registry.names import name_for_language


class DueProcessRules(models.Model):
    """One version of an organisation's due-process rules; the defaults are the 1921
    commission's rules. A change is a new version with the day it takes effect, never an
    overwrite (`cases.rulebook.set_rules`); the rules applied on a day are the version in
    effect on it, and each decision keeps the version it was taken under."""

    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="due_process_rules"
    )
    version = models.PositiveIntegerField(default=1)
    effective_from = models.DateField(
        null=True, blank=True, help_text="The day this version takes effect; empty: from the start."
    )
    reason = models.CharField(max_length=500, blank=True)
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    probation_months_workers = models.PositiveSmallIntegerField(default=18)
    probation_months_others = models.PositiveSmallIntegerField(default=36)
    halving_majority_percent = models.PositiveSmallIntegerField(
        default=80, help_text="Share of votes for that may halve a readmission probation."
    )
    appeal_window_days = models.PositiveSmallIntegerField(default=14)
    file_due_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days for the file of an open case to be complete."
    )
    hearing_due_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days within which a case ready for hearing should be heard."
    )
    referee_min_months = models.PositiveSmallIntegerField(
        default=12, help_text="How long a referee must have observed the member's work."
    )
    assignment_rule = models.CharField(
        max_length=20,
        choices=AssignmentRule.choices,
        default=AssignmentRule.CHAIR,
        help_text="How a case finds its rapporteur when the chair does not name one.",
    )
    quorum_percent = models.PositiveSmallIntegerField(
        default=50,
        help_text="A sitting has its quorum when more than this share of the seated members "
        "is present.",
    )

    class Meta:
        verbose_name_plural = "due process rules"
        permissions = [
            ("change_rules", "Change the procedure's rules and the installation's calendar"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="rules_version_once"),
            # Also the index rulebook.rules_in_effect reads: the latest version by a day.
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="rules_one_version_a_day"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(effective_from__isnull=True),
                name="rules_one_version_from_the_start",
            ),
        ]

    def __str__(self) -> str:
        since = f", in effect from {self.effective_from:%d %B %Y}" if self.effective_from else ""
        return f"Rules of {self.organisation}, version {self.version}{since}"


class Ground(models.Model):
    """A ground for a decision, from a configurable list (passivity, careerism …)."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.shown_label

    @property
    def shown_label(self) -> str:
        """The label in the reader's language: the catalogue translates the grounds the
        commission starts with (DEFAULT_GROUND_LABELS); a ground someone added stays as typed."""
        return gettext(self.label)


# The grounds a new installation starts with (cases/migrations/0004_default_grounds.py), named
# here so that the catalogue holds them and the pages show them in the reader's language.
DEFAULT_GROUND_LABELS = (
    gettext_noop("Passivity: takes no part in the organisation's work"),
    gettext_noop("Careerism: joined or stays for personal advantage"),
    gettext_noop("Abuse of office"),
    gettext_noop("Drunkenness"),
    gettext_noop("Hiding one's origins or past"),
    gettext_noop("Alien element: hostile to the organisation's aims"),
    gettext_noop("Breach of discipline"),
    gettext_noop("Bribery or corruption"),
    gettext_noop("Performing religious rites"),
    gettext_noop("The charges were not proven"),
    gettext_noop("New evidence in the member's favour"),
)


class Case(models.Model):
    """A case about one subject before one commission. Its state changes only through
    cases.services.transition_case."""

    ref = models.CharField(max_length=64, unique=True)
    subject = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="cases")
    commission = models.ForeignKey(
        "registry.Commission", on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(max_length=20, choices=CaseKind.choices)
    state = models.CharField(max_length=20, choices=CaseState.choices, default=CaseState.OPEN)
    state_since = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True, help_text="Deadline of the current state.")
    appeals = models.ForeignKey(
        "Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal_cases",
        help_text="For an appeal: the decision appealed against.",
    )
    reopens = models.ForeignKey(
        "Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reopening_cases",
        help_text="For a reopening: the decision whose file missed the new material.",
    )
    title = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    rapporteur = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The commissioner working on the case; written only by cases.assigning, "
        "which keeps the history in Assignment.",
    )
    confidential = models.BooleanField(default=False)
    opened_on = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        permissions = [
            ("open_case", "Can open a case"),
            ("manage_case", "Can move a case through its file stages and file documents"),
            ("schedule_hearing", "Can schedule, postpone and cancel hearings"),
            ("record_decision", "Can record and sign decisions"),
            ("withdraw_case", "Can withdraw a case"),
            ("file_appeal", "Can file an appeal on anyone's behalf"),
            ("override_recusal", "Can let a tied commissioner sit on a case"),
            ("assign_case", "Can assign cases to rapporteurs and plan sittings"),
            ("annotate_document", "Can write notes on documents and tag them"),
            ("sign_letter", "Can sign and send outcome letters"),
            ("view_confidential_case", "Can read confidential cases (every read is logged)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=CaseKind.APPEAL, appeals__isnull=False) | ~Q(kind=CaseKind.APPEAL),
                name="appeal_case_names_decision",
            ),
            models.CheckConstraint(
                condition=Q(state__in=CaseState.values), name="case_state_known"
            ),
        ]
        indexes = [
            # Case lists filtered by commission and state (cases.queries.case_list).
            models.Index(
                fields=["commission", "state", "opened_at"], name="case_commission_state_idx"
            ),
            # Case lists filtered by state alone, newest first.
            models.Index(fields=["state", "opened_at"], name="case_state_idx"),
            # The overdue list and the dashboards: cases by deadline. The id is part of the key
            # so that PostgreSQL returns the first rows in (due_on, state, id) order and stops,
            # rather than sorting every case due on the first day (SQLite keys by rowid anyway).
            models.Index(fields=["due_on", "state", "id"], name="case_due_idx"),
            # The dashboard's lists of one commission's cases by deadline (reports.queries:
            # cases before the commissions, ready for a hearing, waiting for a decision): a
            # range of the commission's cases already in (due_on, state, id) order, read until
            # the rows shown and the capped count are found. Without it, the thousands of
            # cases of a commission were read through case_commission_state_idx and sorted
            # (SQLite), or case_due_idx walked for every commission's (PostgreSQL): 2 and 6 ms
            # against a fraction of one at 200,000 cases (bench/dashboard.py).
            models.Index(
                fields=["commission", "due_on", "state", "id"], name="case_commission_due_idx"
            ),
            # A person's cases.
            models.Index(fields=["subject", "opened_on"], name="case_subject_idx"),
            # The chair's workload view: open cases of one commission counted per rapporteur,
            # state and deadline, read from the index alone (cases.workload.workload).
            models.Index(
                fields=["commission", "rapporteur", "state", "due_on"],
                name="case_workload_idx",
            ),
            # A commissioner's queue: their cases by state, soonest deadline first.
            models.Index(fields=["rapporteur", "state", "due_on"], name="case_queue_idx"),
            # The appeals and the decisions they appeal, for the statistics' verdicts, read
            # from the index rather than every case (reports.statistics.figures).
            models.Index(fields=["kind", "appeals"], name="case_kind_appeals_idx"),
            # A commission's cases by number: the statistics count again a block of numbers of
            # one commission after a change (reports.statistics.tally), a range in this index.
            models.Index(fields=["commission", "id"], name="case_commission_number_idx"),
            # The statistics of a period count afresh the days at its ends that cut a month
            # (reports.statistics.kept): a range of each dated table's index, as below.
            models.Index(fields=["opened_on"], name="case_opened_on_idx"),
        ]

    def __str__(self) -> str:
        # A title is what someone typed; without one the case is named in the reader's
        # language when it is shown, not in the language it was opened in.
        return self.title or capfirst(self.label)

    @property
    def label(self) -> str:
        """The case as a person reads a reference to it: its kind and its subject ("appeal of
        Yevgenia Mikhailovna Kasparova-Popova"), in the active language, the subject named as
        that language names them. The ref stays in addresses and the API."""
        return case_label(self.get_kind_display(), name_for_language(self.subject))

    def is_overdue(self, today: dt.date) -> bool:
        return bool(
            self.due_on and self.due_on < today and self.state not in {"closed", "withdrawn"}
        )


def case_label(kind: str, subject: str) -> str:
    """`Case.label` from the label of the case's kind and its subject's name: for lists that
    read rows rather than cases."""
    return gettext("%(kind)s of %(subject)s") % {"kind": kind, "subject": subject}


def case_name(title: str, kind: str, subject: str) -> str:
    """`str(case)` from its title, the label of its kind and its subject's name."""
    return title or capfirst(case_label(kind, subject))


class CaseTransition(models.Model):
    """One move of a case between states: who, when, why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=CaseState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=CaseState.choices)
    at = models.DateTimeField(default=clock.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["at", "id"]
        # The moves of a few days, for the statistics of a period (see Case's indexes).
        indexes = [models.Index(fields=["at"], name="transition_at_idx")]

    def __str__(self) -> str:
        return f"{self.from_state or '—'} → {self.to_state}"


class CaseDocument(models.Model):
    """A document on a case file, with when it arrived there (for "what the commission knew")."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="filings")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="filings"
    )
    role = models.CharField(max_length=20, choices=FilingRole.choices)
    filed_at = models.DateTimeField()
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["filed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "document"], name="document_filed_once_per_case"
            )
        ]
        # The filings of a few days, for the statistics of a period (see Case's indexes).
        indexes = [models.Index(fields=["filed_at"], name="case_document_filed_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} on {self.case_id} ({self.role})"


class Testimony(models.Model):
    """What one person states about the subject of a case, in one document."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="testimonies")
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="testimonies"
    )
    witness = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="testimonies"
    )
    stance = models.CharField(max_length=10, choices=Stance.choices)
    basis = models.CharField(max_length=20, choices=KnowledgeBasis.choices)
    period = models.CharField(
        max_length=200, blank=True, help_text="How long the witness knew them."
    )
    summary = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "document", "witness"], name="testimony_once_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.witness_id} {self.stance} on {self.case_id}"


class Hearing(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="hearings")
    commission = models.ForeignKey(
        "registry.Commission", on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    state = models.CharField(
        max_length=20, choices=HearingState.choices, default=HearingState.SCHEDULED
    )
    minutes = models.TextField(blank=True)
    note = models.CharField(
        max_length=500, blank=True, help_text="Why it was postponed or cancelled."
    )
    sitting = models.ForeignKey(
        "cases.Sitting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hearings",
        help_text="The commission's sitting that hears the case, when it is on a docket.",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            # Hearings this week (dashboards).
            models.Index(fields=["starts_at", "state"], name="hearing_starts_idx"),
            # Hearings this week of a commissioner's or chair's commissions (the dashboard's
            # reports.queries.hearings_this_week): a range of one commission's scheduled
            # hearings, already in order, and its capped count read from the index alone.
            # Without it SQLite read every hearing of the commission through its foreign key
            # index and sorted them: 4 ms and 2 ms for the count, against under 1 ms, at
            # 200,000 cases (bench/dashboard.py).
            models.Index(
                fields=["commission", "state", "starts_at"], name="hearing_commission_starts_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Hearing on {self.starts_at:%Y-%m-%d %H:%M}"


class HearingAttendance(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40, default="commissioner")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hearing", "person"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {'present' if self.present else 'absent'}"


class Decision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    hearing = models.ForeignKey(
        Hearing, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    grounds = models.ManyToManyField(Ground, blank=True, related_name="decisions")
    decided_on = models.DateField(null=True, blank=True)
    reasons = models.TextField()
    term_until = models.DateField(
        null=True, blank=True, help_text="End of a probation or of an expulsion for a term."
    )
    appeal_deadline = models.DateField(null=True, blank=True)
    reported_by = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_decisions",
        help_text="A document that reports this decision (e.g. an editor's footnote).",
    )
    documents_on_file = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="decisions_seen_by",
        help_text="Frozen when the decision is recorded: what the commission had before it.",
    )
    rules = models.ForeignKey(
        DueProcessRules,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The version of the rules the decision was taken under; empty: the defaults.",
    )
    sitting = models.ForeignKey(
        "cases.Sitting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The sitting at which the decision was taken.",
    )
    quorum_needed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Members the sitting needed present for its quorum."
    )
    present = models.ManyToManyField(
        "registry.Person",
        blank=True,
        related_name="+",
        help_text="The commissioners present at the sitting when the decision was taken.",
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]
        # The decisions of a few days, for the statistics of a period (see Case's indexes).
        indexes = [models.Index(fields=["decided_on"], name="decision_decided_on_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="decision_has_reasons"),
            models.CheckConstraint(
                condition=~Q(outcome__in=["probation", "expel_for_term"])
                | Q(term_until__isnull=False),
                name="term_outcome_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        when = long_date(self.decided_on) if self.decided_on else gettext("date unknown")
        return f"{self.get_outcome_display().capitalize()} ({when})"

    @property
    def label(self) -> str:
        """The decision as a person reads a reference to it: "reinstate: decision of 10 January
        1922 on the appeal of Yevgenia Mikhailovna Kasparova-Popova"."""
        day = long_date(self.decided_on) if self.decided_on else gettext("a day unknown")
        return gettext("%(outcome)s: decision of %(day)s on the %(case)s") % {
            "outcome": self.get_outcome_display(),
            "day": day,
            "case": self.case.label,
        }


class Vote(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="votes")
    commissioner = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "commissioner"], name="one_vote_each")
        ]

    def __str__(self) -> str:
        return f"{self.commissioner_id}: {self.choice}"


class RecusalOverride(models.Model):
    """The chair's recorded decision that a tied commissioner may nevertheless sit on a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recusal_overrides")
    commissioner = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "commissioner"], name="override_once")
        ]

    def __str__(self) -> str:
        return f"override for {self.commissioner_id} on {self.case_id}"


class ReportedOutcome(models.Model):
    """An outcome a document reports ("was reinstated in the Party"): evidence that a decision
    was taken, which the chair records as the decision itself."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reported_outcomes")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    quote = models.TextField(help_text="The words that report it.")
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="The decision the chair recorded from this report.",
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "document", "outcome"], name="reported_outcome_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} reported by {self.document_id}"


# The daily work of a commission, each in its own module: who works on a case, when the
# commission sits, notes on documents, and the letters a decision sends. Imported here so that
# Django finds them and callers write `from commission.cases.models import …` for all of them.
from commission.cases.models.assignment import (  # noqa: E402
    Assignment,
    DeadlineCount,
    WorkloadCount,
)
from commission.cases.models.letters import OutcomeLetter  # noqa: E402
from commission.cases.models.notes import DocumentNote, DocumentTag  # noqa: E402
from commission.cases.models.sittings import DocketEntry, Sitting, SittingAttendance  # noqa: E402

__all__ = [
    "Assignment",
    "Case",
    "CaseDocument",
    "CaseTransition",
    "DeadlineCount",
    "Decision",
    "DocketEntry",
    "DocumentNote",
    "DocumentTag",
    "DueProcessRules",
    "Ground",
    "Hearing",
    "HearingAttendance",
    "OutcomeLetter",
    "RecusalOverride",
    "ReportedOutcome",
    "Sitting",
    "SittingAttendance",
    "Testimony",
    "Vote",
    "WorkloadCount",
]
