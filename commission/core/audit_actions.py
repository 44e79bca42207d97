"""What happened, as the audit chain records it: every action a service writes an event for.

The values are what the chain stores and hashes, so a value never changes once events carry it;
a new kind of change gets a new member."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    API_TOKEN_ISSUE = "api.token.issue", _("API token issued")
    AUDIT_KEY_ROTATE = "audit.key_rotate", _("audit key changed")
    API_TOKEN_ROTATE = "api.token.rotate", _("API token rotated")
    API_TOKEN_REVOKE = "api.token.revoke", _("API token revoked")
    SECOND_FACTOR_ON = "account.second_factor_on", _("second factor turned on")
    SECOND_FACTOR_OFF = "account.second_factor_off", _("second factor turned off")
    SECOND_FACTOR_RESET = "account.second_factor_reset", _("second factor reset by the operator")
    RECOVERY_CODE_USE = "account.recovery_code_use", _("recovery code used to sign in")
    RECOVERY_CODES_RENEW = "account.recovery_codes_renew", _("new recovery codes made")
    CLI_ACT_AS = "cli.act_as", _("command run as another account")
    CALENDAR_SET = "calendar.set", _("installation's calendar changed")
    RULES_SET = "rules.set", _("new version of the procedure's rules")
    BACKUP_MAKE = "backup.make", _("backup made")
    PERSONAL_DATA_READ = "person.personal_data_read", _("personal data read")
    BACKUP_RESTORE = "backup.restore", _("backup restored")
    JOB_RETRY = "job.retry", _("failed background job retried")
    LETTER_FILE_RECEIVE = "letter.file_receive", _("letter file received to be read")
    CASE_OPEN = "case.open", _("case opened")
    CASE_DOSSIER = "case.dossier", _("case dossier made")
    CASE_TRANSITION = "case.transition", _("case moved")
    CASE_APPEAL = "case.appeal", _("appeal filed")
    CASE_FILE_DOCUMENT = "case.file_document", _("document filed on a case")
    CASE_TESTIMONY = "case.testimony", _("testimony recorded")
    CASE_READ = "case.read", _("confidential case read")
    CASE_RECUSAL_OVERRIDE = "case.recusal_override", _("recusal overridden")
    CASE_ASSIGN = "case.assign", _("case assigned to a rapporteur")
    CASE_ASSIGNMENT_RULE = "case.assignment_rule", _("rule of assignment changed")
    CASE_COUNTS_REBUILD = "case.counts_rebuild", _("workload counts rebuilt from the cases")
    DOCKET_ADD = "docket.add", _("case put on a sitting's docket")
    DOCKET_ORDER = "docket.order", _("docket put in order")
    DOCKET_MOVE = "docket.move", _("case moved off a sitting's docket")
    DOCUMENT_NOTE = "document.note", _("note written on a document")
    DOCUMENT_NOTE_FOLLOW_UP = "document.note_follow_up", _("note became a work item")
    DOCUMENT_TAG = "document.tag", _("document tagged")
    DOCUMENT_UNTAG = "document.untag", _("tag taken off a document")
    LETTER_DRAFT = "letter.draft", _("outcome letter drafted")
    LETTER_SIGN = "letter.sign", _("outcome letter signed and sent")
    COMMISSION_CREATE = "commission.create", _("commission created")
    COMMISSION_APPOINT = "commission.appoint", _("commissioner appointed")
    CLERK_POST = "clerk.post", _("clerk posted to a commission")
    CLERK_POST_END = "clerk.post_end", _("clerk's post ended")
    DECISION_RECORD = "decision.record", _("decision recorded")
    DOCUMENT_REGISTER = "document.register", _("document registered")
    DOCUMENT_ADD_COPY = "document.add_copy", _("copy of a document added")
    DOCUMENT_LOAD = "document.load", _("documents loaded in bulk")
    HEARING_SCHEDULE = "hearing.schedule", _("hearing scheduled")
    HEARING_POSTPONE = "hearing.postpone", _("hearing postponed")
    HEARING_CANCEL = "hearing.cancel", _("hearing cancelled")
    HEARING_HELD = "hearing.held", _("hearing held")
    INQUIRY_DRAFT = "inquiry.draft", _("inquiry drafted")
    INQUIRY_SEND = "inquiry.send", _("inquiry sent")
    INQUIRY_ANSWER = "inquiry.answer", _("inquiry answered")
    INQUIRY_WITHDRAW = "inquiry.withdraw", _("inquiry withdrawn")
    INQUIRY_OVERDUE = "inquiry.overdue", _("inquiry overdue")
    INQUIRY_ESCALATE = "inquiry.escalate", _("inquiry escalated")
    INQUIRY_MAIL = "inquiry.mail", _("inquiry mailed")
    INQUIRY_MAIL_FAILED = "inquiry.mail_failed", _("inquiry could not be mailed")
    MAIL_RECEIVE = "mail.receive", _("mail received")
    MEMBERSHIP_CREATE = "membership.create", _("membership recorded")
    MEMBERSHIP_STATUS = "membership.status", _("membership status changed")
    ORGANISATION_CREATE = "organisation.create", _("organisation created")
    OUTCOME_LINK = "outcome.link", _("reported outcome linked to its decision")
    PERSON_CREATE = "person.create", _("person added")
    PERSON_UPDATE = "person.update", _("person changed")
    PERSON_ADD_NAME = "person.add_name", _("name form added")
    PERSON_MERGE = "person.merge", _("two records merged as one person")
    PERSON_MERGE_UNDO = "person.merge_undo", _("merge of two records undone")
    PERSON_ADD_CONTACT = "person.add_contact", _("contact details added")
    PERSON_ERASE_PERSONAL_DATA = "person.erase_personal_data", _("personal data erased")
    PERSON_ADD_POSITION = "person.add_position", _("position added")
    PROPOSAL_ACCEPT = "proposal.accept", _("proposal accepted")
    PROPOSAL_REJECT = "proposal.reject", _("proposal rejected")
    REGISTRY_IMPORT = "registry.import", _("registry imported")
    REGISTRY_EXPORT = "registry.export", _("registry exported")
    RECORD_EXPORT = "record.export", _("case record exported")
    RECORD_IMPORT = "record.import", _("case record imported")
    LIST_EXPORT = "list.export", _("list exported as CSV")
    RELATIONSHIP_CREATE = "relationship.create", _("relationship recorded")
    RELATIONSHIP_EVIDENCE = "relationship.evidence", _("evidence added to a relationship")
    SITTING_PLAN = "sitting.plan", _("sitting planned")
    SITTING_HELD = "sitting.held", _("sitting held")
    SITTING_CANCEL = "sitting.cancel", _("sitting cancelled")
    SITTING_MINUTES = "sitting.minutes", _("minutes of a sitting adopted")
    STATISTICS_RECOUNT = "statistics.recount", _("statistics counted afresh")
    UNIT_CREATE = "unit.create", _("unit created")


# Events that record a reading, an export or an account's own business, not a change to the
# commission's records: figures computed from the records (the statistics) stay valid across
# them. The chain head keeps the last event not among these (`last_change_seq`). A kind left
# out of this list only makes such figures be computed again.
READINGS = frozenset(
    {
        AuditAction.PERSONAL_DATA_READ,
        AuditAction.CASE_READ,
        AuditAction.CASE_DOSSIER,
        AuditAction.REGISTRY_EXPORT,
        AuditAction.RECORD_EXPORT,
        AuditAction.LIST_EXPORT,
        AuditAction.BACKUP_MAKE,
        AuditAction.CLI_ACT_AS,
        AuditAction.API_TOKEN_ISSUE,
        AuditAction.API_TOKEN_ROTATE,
        AuditAction.API_TOKEN_REVOKE,
        AuditAction.SECOND_FACTOR_ON,
        AuditAction.SECOND_FACTOR_OFF,
        AuditAction.SECOND_FACTOR_RESET,
        AuditAction.RECOVERY_CODE_USE,
        AuditAction.RECOVERY_CODES_RENEW,
    }
)
