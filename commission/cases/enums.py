from django.db import models


class CaseKind(models.TextChoices):
    VERIFICATION = "verification", "verification"
    EXPULSION = "expulsion", "expulsion"
    APPEAL = "appeal", "appeal"
    REOPENING = "reopening", "reopening on new material"


class CaseState(models.TextChoices):
    OPEN = "open", "open"
    GATHERING = "gathering", "gathering material"
    READY = "ready", "ready for hearing"
    HEARING = "hearing", "hearing scheduled"
    DECIDED = "decided", "decided"
    APPEALED = "appealed", "appealed"
    CLOSED = "closed", "closed"
    WITHDRAWN = "withdrawn", "withdrawn"


TERMINAL_STATES = frozenset({CaseState.CLOSED, CaseState.WITHDRAWN})

# The only moves a case can make. Each names the permission the actor needs.
TRANSITIONS: dict[tuple[str, str], str] = {
    (CaseState.OPEN, CaseState.GATHERING): "cases.manage_case",
    (CaseState.OPEN, CaseState.READY): "cases.manage_case",
    (CaseState.GATHERING, CaseState.READY): "cases.manage_case",
    (CaseState.READY, CaseState.GATHERING): "cases.manage_case",
    (CaseState.READY, CaseState.HEARING): "cases.schedule_hearing",
    (CaseState.HEARING, CaseState.READY): "cases.schedule_hearing",
    (CaseState.READY, CaseState.DECIDED): "cases.record_decision",
    (CaseState.HEARING, CaseState.DECIDED): "cases.record_decision",
    (CaseState.DECIDED, CaseState.APPEALED): "cases.file_appeal",
    (CaseState.DECIDED, CaseState.CLOSED): "cases.manage_case",
    (CaseState.APPEALED, CaseState.CLOSED): "cases.manage_case",
    (CaseState.OPEN, CaseState.WITHDRAWN): "cases.withdraw_case",
    (CaseState.GATHERING, CaseState.WITHDRAWN): "cases.withdraw_case",
    (CaseState.READY, CaseState.WITHDRAWN): "cases.withdraw_case",
    (CaseState.HEARING, CaseState.WITHDRAWN): "cases.withdraw_case",
}


class DecisionOutcome(models.TextChoices):
    RETAIN = "retain", "retain"
    PROBATION = "probation", "transfer to candidates on probation"
    REPRIMAND = "reprimand", "reprimand"
    EXPEL = "expel", "expel"
    EXPEL_FOR_TERM = "expel_for_term", "expel for a term"
    EXPEL_SHAMEFUL = "expel_shameful", "expel for shameful behaviour"
    REINSTATE = "reinstate", "reinstate"


class VoteChoice(models.TextChoices):
    FOR = "for", "for"
    AGAINST = "against", "against"
    ABSTAIN = "abstain", "abstains"


class HearingState(models.TextChoices):
    SCHEDULED = "scheduled", "scheduled"
    HELD = "held", "held"
    POSTPONED = "postponed", "postponed"
    CANCELLED = "cancelled", "cancelled"


class FilingRole(models.TextChoices):
    """Why a document is on a case file."""

    TESTIMONY = "testimony", "testimony"
    APPEAL = "appeal", "appeal"
    EVIDENCE = "evidence", "evidence"
    REPORT = "report", "report of an outcome"
    MINUTES = "minutes", "hearing minutes"
    CORRESPONDENCE = "correspondence", "correspondence"


class Stance(models.TextChoices):
    FOR = "for", "in favour of the subject"
    AGAINST = "against", "against the subject"
    NEUTRAL = "neutral", "neutral"


class KnowledgeBasis(models.TextChoices):
    OBSERVED_WORK = "observed_work", "personal observation of work"
    KNOWS_FAMILY = "knows_family", "knows the family"
    KNOWS_RELATIVE = "knows_relative", "knows a relative"
    HEARSAY = "hearsay", "hearsay"
    WRITING_ONLY = "writing_only", "knows only their writing"
    NOT_PERSONALLY = "not_personally", "does not know personally"


class AssignmentRule(models.TextChoices):
    """How a case finds its rapporteur when the chair does not name one."""

    CHAIR = "chair", "the chair names the rapporteur"
    ROUND_ROBIN = "round_robin", "round-robin over the sitting members"
    BY_LOAD = "by_load", "the member with the fewest open cases"


class SittingState(models.TextChoices):
    PLANNED = "planned", "planned"
    HELD = "held", "held"
    CANCELLED = "cancelled", "cancelled"


class DocumentTagKind(models.TextChoices):
    TESTIMONY = "testimony", "testimony"
    CHARACTER_REFERENCE = "character_reference", "character reference"
    LOWER_DECISION = "lower_decision", "decision of a lower commission"
    PERSONAL_DATA = "personal_data", "personal data"
    NEEDS_CHECK = "needs_check", "needs checking"


class NoteRequest(models.TextChoices):
    """What a note asks for, if anything: it can become that work item."""

    NONE = "", "nothing"
    INQUIRY = "inquiry", "an inquiry to someone who knows"
    CHECK = "check", "a check of the facts"


class LetterRecipient(models.TextChoices):
    MEMBER = "member", "the member"
    APPEALED_COMMISSION = "appealed_commission", "the commission whose decision was appealed"


class LetterLanguage(models.TextChoices):
    RUSSIAN = "ru", "Russian"
    ENGLISH = "en", "English"


class LetterState(models.TextChoices):
    DRAFT = "draft", "draft, waiting for the chair"
    SIGNED = "signed", "signed and sent"
