from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    VERIFICATION = "verification", _("verification")
    EXPULSION = "expulsion", _("expulsion")
    APPEAL = "appeal", _("appeal")
    REOPENING = "reopening", _("reopening on new material")


class CaseState(models.TextChoices):
    OPEN = "open", _("open")
    GATHERING = "gathering", _("gathering material")
    READY = "ready", _("ready for hearing")
    HEARING = "hearing", _("hearing scheduled")
    DECIDED = "decided", _("decided")
    APPEALED = "appealed", _("appealed")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")


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
    RETAIN = "retain", _("retain")
    PROBATION = "probation", _("transfer to candidates on probation")
    REPRIMAND = "reprimand", _("reprimand")
    EXPEL = "expel", _("expel")
    EXPEL_FOR_TERM = "expel_for_term", _("expel for a term")
    EXPEL_SHAMEFUL = "expel_shameful", _("expel for shameful behaviour")
    REINSTATE = "reinstate", _("reinstate")


class VoteChoice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstains")


class HearingState(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    HELD = "held", _("held")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class FilingRole(models.TextChoices):
    """Why a document is on a case file."""

    TESTIMONY = "testimony", _("testimony")
    APPEAL = "appeal", _("appeal")
    EVIDENCE = "evidence", _("evidence")
    REPORT = "report", _("report of an outcome")
    MINUTES = "minutes", _("hearing minutes")
    CORRESPONDENCE = "correspondence", _("correspondence")


class Stance(models.TextChoices):
    FOR = "for", _("in favour of the subject")
    AGAINST = "against", _("against the subject")
    NEUTRAL = "neutral", _("neutral")


class KnowledgeBasis(models.TextChoices):
    OBSERVED_WORK = "observed_work", _("personal observation of work")
    KNOWS_FAMILY = "knows_family", _("knows the family")
    KNOWS_RELATIVE = "knows_relative", _("knows a relative")
    HEARSAY = "hearsay", _("hearsay")
    WRITING_ONLY = "writing_only", _("knows only their writing")
    NOT_PERSONALLY = "not_personally", _("does not know personally")


class AssignmentRule(models.TextChoices):
    """How a case finds its rapporteur when the chair does not name one."""

    CHAIR = "chair", _("the chair names the rapporteur")
    ROUND_ROBIN = "round_robin", _("round-robin over the sitting members")
    BY_LOAD = "by_load", _("the member with the fewest open cases")


class SittingState(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class DocumentTagKind(models.TextChoices):
    TESTIMONY = "testimony", _("testimony")
    CHARACTER_REFERENCE = "character_reference", _("character reference")
    LOWER_DECISION = "lower_decision", _("decision of a lower commission")
    PERSONAL_DATA = "personal_data", _("personal data")
    NEEDS_CHECK = "needs_check", _("needs checking")


class NoteRequest(models.TextChoices):
    """What a note asks for, if anything: it can become that work item."""

    NONE = "", _("nothing")
    INQUIRY = "inquiry", _("an inquiry to someone who knows")
    CHECK = "check", _("a check of the facts")


class LetterRecipient(models.TextChoices):
    MEMBER = "member", _("the member")
    APPEALED_COMMISSION = "appealed_commission", _("the commission whose decision was appealed")


class LetterLanguage(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class LetterState(models.TextChoices):
    DRAFT = "draft", _("draft, waiting for the chair")
    SIGNED = "signed", _("signed and sent")
