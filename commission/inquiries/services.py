"""Writes for inquiries: ask, send, answer, withdraw, and the reminder run. Each owns its
transaction and records its audit event inside it; notifications go out on commit."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commission.audit.services import record_event
from commission.cases import services as case_services
from commission.cases.enums import DecisionOutcome, KnowledgeBasis, NoteRequest, Stance
from commission.cases.models import Case, Decision, DocumentNote
from commission.cases.notes import record_follow_up
from commission.core import clock
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.dates import long_date
from commission.core.errors import Conflict, InvalidInput
from commission.core.notify import notify, speaking_to
from commission.core.roles import Role, require
from commission.core.services import system_actor
from commission.documents.models import Document
from commission.inquiries import mail
from commission.inquiries.enums import OPEN_INQUIRY_STATES, InquiryState, ReminderKind, Urgency
from commission.inquiries.models import Inquiry, Reminder
from commission.jobs.services import enqueue_job
from commission.registry.enums import CommissionerRole
from commission.registry.models import Person
from commission.registry.services import new_ref

logger = logging.getLogger(__name__)

SEND = "inquiries.send_inquiry"
# Days between reminders to a recipient once an inquiry is overdue.
REMINDER_INTERVAL_DAYS = 7


def _state(inquiry: Inquiry) -> str:
    return str(InquiryState(inquiry.state).label)


def _locked(inquiry: Inquiry, expected_version: int | None) -> Inquiry:
    current = (
        Inquiry.objects.select_for_update()
        .select_related("recipient", "subject")
        .get(pk=inquiry.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise Conflict(
            _(
                "This inquiry was changed by someone else in the meantime (it is now "
                "%(state)s). Reload it and try again."
            )
            % {"state": _state(current)}
        )
    return current


def _bump(inquiry: Inquiry, fields: list[str]) -> None:
    inquiry.version = F("version") + 1
    inquiry.save(update_fields=[*fields, "version"])
    inquiry.refresh_from_db(fields=["version"])


def ask(
    *,
    actor: Actor,
    subject: Person,
    recipient: Person,
    question: str,
    due_on: dt.date,
    urgency: str = Urgency.NORMAL,
    case: Case | None = None,
    requested_by: Person | None = None,
    source_document: Document | None = None,
    source_quote: str = "",
    send: bool = True,
) -> Inquiry:
    """Ask `recipient` about `subject`; sent at once unless `send` is false (a draft).

    Asking again from the same document returns the inquiry already on record.
    Errors: NotAllowed; InvalidInput for an empty question, a deceased recipient, the subject
    asked about themselves, or an unknown urgency.
    """
    require(actor, SEND, "send inquiries")
    if case is not None:
        case_services.require_case_in_reach(actor, case)
    if not question.strip():
        raise InvalidInput(_("The inquiry has no question."), field="question")
    if urgency not in Urgency.values:
        raise InvalidInput(
            _("'%(urgency)s' is not an urgency.") % {"urgency": urgency}, field="urgency"
        )
    if recipient.deceased:
        died = f" (died {recipient.died_on:%d %B %Y})" if recipient.died_on else ""
        raise InvalidInput(
            _("%(recipient)s is deceased%(died)s; an inquiry cannot be sent to them.")
            % {"recipient": recipient.display_name, "died": died},
            field="recipient",
        )
    if case is not None and case.subject_id != subject.pk:
        raise InvalidInput(
            _("%(case)s is about %(subject)s, not %(subject2)s.")
            % {
                "case": case,
                "subject": case.subject.display_name,
                "subject2": subject.display_name,
            },
            field="case",
        )
    if recipient.pk == subject.pk:
        raise InvalidInput(
            _(
                "An inquiry asks someone else about the subject; ask the subject "
                "through their case."
            ),
            field="recipient",
        )
    if source_document is not None:
        existing = Inquiry.objects.filter(
            subject=subject, recipient=recipient, source_document=source_document
        ).first()
        if existing is not None:
            return existing
    now = clock.now()
    try:
        with transaction.atomic():
            inquiry = Inquiry.objects.create(
                ref=new_ref("Q"), case=case, subject=subject, recipient=recipient,
                question=question.strip(), urgency=urgency, due_on=due_on,
                state=InquiryState.SENT if send else InquiryState.DRAFTED,
                sent_at=now if send else None, asked_by=actor if actor.pk else None,
                reply_token=mail.new_reply_token() if send else None,
                requested_by=requested_by, source_document=source_document,
                source_quote=source_quote,
            )  # fmt: skip
            record_event(
                actor=actor,
                action=AuditAction.INQUIRY_SEND if send else AuditAction.INQUIRY_DRAFT,
                target=inquiry,
                summary=f"{'Asked' if send else 'Drafted a question to'} "
                f"{recipient.display_name} about {subject.display_name}"
                f"{' (urgent)' if urgency == Urgency.URGENT else ''}, due {due_on:%d %B %Y}.",
                after={
                    "recipient": recipient.ref, "subject": subject.ref, "urgency": urgency,
                    "due_on": due_on, "case": case.pk if case else None,
                    "source_document": source_document.pk if source_document else None,
                },
            )  # fmt: skip
            if send:
                _mail_on_commit(inquiry)
            if send and recipient.user is not None:
                with speaking_to(recipient.user):
                    message = _("The commission asks you about %(subject)s: %(question)s") % {
                        "subject": subject.display_name,
                        "question": question.strip()[:200],
                    }
                notify(user=recipient.user, message=message, link=f"/inquiries/{inquiry.ref}/")
    except IntegrityError:
        # A concurrent reading of the same note asked the same person first.
        return Inquiry.objects.get(
            subject=subject, recipient=recipient, source_document=source_document
        )
    return inquiry


def ask_from_note(
    *,
    actor: Actor,
    note: DocumentNote,
    recipient: Person,
    due_on: dt.date,
    urgency: str = Urgency.NORMAL,
    subject: Person | None = None,
) -> Inquiry:
    """Turn a note that asks for an inquiry into one: ask `recipient` about the subject of the
    note's case (or `subject`) in the note's words, the noted passage as the words that ask
    it, on behalf of whoever the note was written for. Side effects: the inquiry is sent (see
    `ask`); the note records what it became (`cases.notes.record_follow_up`); audit events.

    Errors: those of `ask` and of `record_follow_up`; InvalidInput for a note that asks for no
    inquiry, or one outside a case with no subject given."""
    subject = subject or (note.case.subject if note.case else None)
    if subject is None:
        raise InvalidInput(
            _("The note is not in a case file; say whom the inquiry is about."), field="subject"
        )
    if note.asks != NoteRequest.INQUIRY:
        raise InvalidInput(
            _("This note asks for no inquiry; write a note that asks for one."), field="note"
        )
    with transaction.atomic():
        inquiry = ask(
            actor=actor, subject=subject, recipient=recipient, question=note.text,
            due_on=due_on, urgency=urgency, case=note.case, requested_by=note.on_behalf_of,
            source_document=note.document, source_quote=note.quote or note.text,
        )  # fmt: skip
        record_follow_up(actor=actor, note=note, reference=inquiry.ref)
    return inquiry


def send_inquiry(*, actor: Actor, inquiry: Inquiry, expected_version: int) -> Inquiry:
    """Send a drafted inquiry. Errors: NotAllowed; InvalidInput unless drafted; Conflict."""
    require(actor, SEND, "send inquiries")
    if inquiry.case is not None:
        case_services.require_case_in_reach(actor, inquiry.case)
    with transaction.atomic():
        current = _locked(inquiry, expected_version)
        if current.state != InquiryState.DRAFTED:
            raise InvalidInput(
                _("Only a drafted inquiry can be sent; this one is %(state)s.")
                % {"state": _state(current)}
            )
        current.state = InquiryState.SENT
        current.sent_at = clock.now()
        current.reply_token = current.reply_token or mail.new_reply_token()
        _bump(current, ["state", "sent_at", "reply_token"])
        record_event(
            actor=actor, action=AuditAction.INQUIRY_SEND, target=current,
            summary=f"Sent the inquiry to {current.recipient.display_name}.",
            before={"state": InquiryState.DRAFTED}, after={"state": InquiryState.SENT},
        )  # fmt: skip
        _mail_on_commit(current)
    return current


def _mail_on_commit(inquiry: Inquiry, *, reminder: bool = False) -> None:
    """Mail the inquiry from a worker of the job queue once this transaction commits, so a slow
    mail server holds no request (`inquiries.jobs.mail`)."""
    if getattr(settings, "MAIL_INQUIRIES", True):
        enqueue_job(
            name="inquiries.mail",
            arguments={"inquiry_id": inquiry.pk, "reminder": reminder},
            description=(
                f"Mail {'a reminder of ' if reminder else ''}inquiry {inquiry.ref} to "
                f"{inquiry.recipient.display_name}"
            ),
        )


def mail_inquiry(*, inquiry_id: int, reminder: bool = False) -> str:
    """Mail an open inquiry's question, or a reminder of it, to the recipient's e-mail address,
    in their language, with the inquiry's own reply address (docs/mail.md). Runs once the
    sending has committed; a job queue may call it again (it mails the open inquiry anew).

    Side effects: one message through the configured e-mail backend; `mailed_at` and an
    INQUIRY_MAIL audit event, or, when the mail server refuses or cannot be reached, an
    INQUIRY_MAIL_FAILED event with the reason and the asker told. Returns what happened, as a
    sentence; a recipient without an e-mail address is not mailed, and said so."""
    inquiry = Inquiry.objects.select_related("recipient", "subject", "asked_by").get(pk=inquiry_id)
    who = inquiry.recipient.display_name
    if inquiry.state not in (InquiryState.SENT, InquiryState.OVERDUE):
        return f"Inquiry {inquiry.ref} is {_state(inquiry)}, so it was not mailed."
    address = mail.email_address_of(inquiry.recipient)
    if address is None:
        return f"{who} has no e-mail address in the registry; inquiry {inquiry.ref} was not mailed."
    what = "a reminder of inquiry" if reminder else "inquiry"
    try:
        mail.inquiry_message(inquiry, to=address, reminder=reminder).send()
    except (smtplib.SMTPException, OSError) as error:
        reason = (
            f"Could not mail {what} {inquiry.ref} to {who}: the mail server "
            f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT} answered “{error}”. "
            "It will be mailed again with the next reminder, or send it again by hand."
        )
        logger.warning("%s", reason)
        with transaction.atomic():
            record_event(
                actor=system_actor(), action=AuditAction.INQUIRY_MAIL_FAILED, target=inquiry,
                summary=reason[:500], after={"reminder": reminder},
            )  # fmt: skip
            if inquiry.asked_by is not None:
                notify(user=inquiry.asked_by, message=reason, link=f"/inquiries/{inquiry.ref}/")
        return reason
    with transaction.atomic():
        Inquiry.objects.filter(pk=inquiry.pk).update(mailed_at=timezone.now())
        # The address is personal data: the audit event names the person, not the address.
        record_event(
            actor=system_actor(), action=AuditAction.INQUIRY_MAIL, target=inquiry,
            summary=f"Mailed {what} {inquiry.ref} to {who}, in "
            f"{mail.language_of(inquiry.recipient)}.",
            after={"reminder": reminder},
        )  # fmt: skip
    return f"Mailed {what} {inquiry.ref} to {who}."


def answer_inquiry(
    *,
    actor: Actor,
    inquiry: Inquiry,
    reply: Any,
    stance: str,
    basis: str,
    summary: str = "",
    period: str = "",
    expected_version: int | None = None,
) -> Inquiry:
    """Record `reply` (a document) as the answer. On a case, the reply is filed as the
    recipient's testimony.

    Errors: NotAllowed; InvalidInput for an inquiry that is withdrawn or already answered, or an
    unknown stance or basis; Conflict.
    """
    require(actor, "inquiries.record_answer", "record answers to inquiries")
    if inquiry.case is not None:
        case_services.require_case_in_reach(actor, inquiry.case)
    if stance not in Stance.values:
        raise InvalidInput(_("'%(stance)s' is not a stance.") % {"stance": stance}, field="stance")
    if basis not in KnowledgeBasis.values:
        raise InvalidInput(
            _("'%(basis)s' is not a basis of knowledge.") % {"basis": basis}, field="basis"
        )
    with transaction.atomic():
        current = _locked(inquiry, expected_version)
        if current.state == InquiryState.WITHDRAWN:
            raise InvalidInput(
                _(
                    "This inquiry was withdrawn, so a reply cannot answer it. File the "
                    "reply on the case as a new document instead."
                )
            )
        if current.state == InquiryState.ANSWERED:
            raise InvalidInput(_("This inquiry is already answered."))
        before = current.state
        current.state = InquiryState.ANSWERED
        current.answered_at = clock.now()
        current.answer_document = reply
        _bump(current, ["state", "answered_at", "answer_document"])
        if current.case_id:
            case_services.record_testimony(
                actor=actor, case=current.case, document=reply, witness=current.recipient,  # type: ignore[arg-type]
                stance=stance, basis=basis, period=period, summary=summary,
            )  # fmt: skip
        record_event(
            actor=actor,
            action=AuditAction.INQUIRY_ANSWER,
            target=current,
            summary=f"{current.recipient.display_name} answered about "
            f"{current.subject.display_name} ({Stance(stance).label}).",
            before={"state": before},
            after={"state": InquiryState.ANSWERED, "reply": reply.pk, "stance": stance},
        )
    return current


def withdraw_inquiry(
    *, actor: Actor, inquiry: Inquiry, reason: str, expected_version: int | None = None
) -> Inquiry:
    """Withdraw an open inquiry. Errors: NotAllowed; InvalidInput unless open; Conflict."""
    require(actor, SEND, "withdraw inquiries")
    if inquiry.case is not None:
        case_services.require_case_in_reach(actor, inquiry.case)
    if not reason.strip():
        raise InvalidInput(_("Say why the inquiry is withdrawn."), field="reason")
    with transaction.atomic():
        current = _locked(inquiry, expected_version)
        if current.state not in OPEN_INQUIRY_STATES:
            raise InvalidInput(
                _("Only an open inquiry can be withdrawn; this one is %(state)s.")
                % {"state": _state(current)}
            )
        before = current.state
        current.state = InquiryState.WITHDRAWN
        current.withdrawn_reason = reason.strip()
        _bump(current, ["state", "withdrawn_reason"])
        record_event(
            actor=actor, action=AuditAction.INQUIRY_WITHDRAW, target=current,
            summary=f"Withdrew the inquiry to {current.recipient.display_name}: {reason.strip()}",
            before={"state": before}, after={"state": InquiryState.WITHDRAWN},
        )  # fmt: skip
    return current


def withdraw_inquiries_of_decided_case(actor: Actor, decision: Decision) -> list[Inquiry]:
    """Withdraw the open inquiries of a case just decided: the decision no longer waits on
    them, so they are not chased or counted as overdue. An answer that still arrives is filed
    as material the decision did not see.

    Called by `record_decision` (through `cases.events`) inside its transaction, under its
    permission; one audit event per inquiry."""
    outcome = DecisionOutcome(decision.outcome).label
    on = f" on {decision.decided_on:%d %B %Y}" if decision.decided_on else ""
    reason = f"The case was decided{on} ({outcome}) before an answer came."
    withdrawn = []
    for current in (
        Inquiry.objects.select_for_update()
        .select_related("recipient")
        .filter(case_id=decision.case_id, state__in=OPEN_INQUIRY_STATES)
        .order_by("pk")
    ):
        before = current.state
        current.state = InquiryState.WITHDRAWN
        current.withdrawn_reason = reason
        _bump(current, ["state", "withdrawn_reason"])
        record_event(
            actor=actor, action=AuditAction.INQUIRY_WITHDRAW, target=current,
            summary=f"Withdrew the inquiry to {current.recipient.display_name}: {reason}",
            before={"state": before},
            after={"state": InquiryState.WITHDRAWN, "decision": decision.pk},
        )  # fmt: skip
        withdrawn.append(current)
    return withdrawn


def _chairs_for(inquiry: Inquiry) -> list[User]:
    """Who hears of an overdue inquiry: the chair of the case's commission if they have a login,
    otherwise every user in the chair role."""
    if inquiry.case_id:
        seated = User.objects.filter(
            person__commission_seats__commission_id=inquiry.case.commission_id,  # type: ignore[union-attr]
            person__commission_seats__role=CommissionerRole.CHAIR,
            is_active=True,
        )
        if seated.exists():
            return list(seated)
    return list(User.objects.filter(groups__name=Role.CHAIR, is_active=True))


def run_reminders(*, actor: Actor, today: dt.date) -> dict[str, int]:
    """Mark sent inquiries past their due date overdue, remind their recipients (on the first
    overdue day, then weekly) and escalate each to the chair once. Safe to run twice a day: a
    reminder is unique per inquiry, kind and day."""
    require(actor, SEND, "run inquiry reminders")
    counts = {"overdue": 0, "reminders": 0, "escalations": 0}
    due = Inquiry.objects.filter(
        state__in=[InquiryState.SENT, InquiryState.OVERDUE], due_on__lt=today
    ).select_related("recipient", "subject", "case")
    for inquiry in due.iterator(chunk_size=500):
        with transaction.atomic():
            current = _locked(inquiry, None)
            if current.state not in (InquiryState.SENT, InquiryState.OVERDUE):
                continue
            if current.state == InquiryState.SENT:
                current.state = InquiryState.OVERDUE
                _bump(current, ["state"])
                counts["overdue"] += 1
                record_event(
                    actor=actor, action=AuditAction.INQUIRY_OVERDUE, target=current,
                    summary=f"The inquiry to {current.recipient.display_name} is overdue "
                    f"(due {current.due_on:%d %B %Y}).",
                    before={"state": InquiryState.SENT}, after={"state": InquiryState.OVERDUE},
                )  # fmt: skip
            days_late = (today - current.due_on).days
            text = (
                f"The inquiry about {current.subject.display_name} to "
                f"{current.recipient.display_name} was due on {current.due_on:%d %B %Y} "
                f"and is {days_late} day{'s' if days_late != 1 else ''} overdue."
            )
            if (days_late - 1) % REMINDER_INTERVAL_DAYS == 0:
                _unused, created = Reminder.objects.get_or_create(
                    inquiry=current, kind=ReminderKind.REMINDER, sent_on=today,
                    defaults={"to_user": current.recipient.user, "message": text},
                )  # fmt: skip
                if created:
                    counts["reminders"] += 1
                    _mail_on_commit(current, reminder=True)
                    if current.recipient.user is not None:
                        with speaking_to(current.recipient.user):
                            message = _overdue_sentence(current, days_late)
                        notify(
                            user=current.recipient.user,
                            message=message,
                            link=f"/inquiries/{current.ref}/",
                        )
            if current.escalated_at is None:
                chairs = _chairs_for(current)
                Reminder.objects.get_or_create(
                    inquiry=current, kind=ReminderKind.ESCALATION, sent_on=today,
                    defaults={"to_user": chairs[0] if chairs else None, "message": text},
                )  # fmt: skip
                current.escalated_at = clock.now()
                _bump(current, ["escalated_at"])
                counts["escalations"] += 1
                for chair in chairs:
                    with speaking_to(chair):
                        message = _("Escalated: %(sentence)s") % {
                            "sentence": _overdue_sentence(current, days_late)
                        }
                    notify(user=chair, message=message, link=f"/inquiries/{current.ref}/")
                record_event(
                    actor=actor, action=AuditAction.INQUIRY_ESCALATE, target=current,
                    summary=f"Escalated to the chair: {text}",
                    after={"chairs": [c.get_username() for c in chairs]},
                )  # fmt: skip
    return counts


def _overdue_sentence(inquiry: Inquiry, days_late: int) -> str:
    """The reminder's sentence, in the active language (the reader's: `speaking_to`)."""
    return ngettext(
        "The inquiry about %(subject)s to %(recipient)s was due on %(day)s and is %(days)d day "
        "overdue.",
        "The inquiry about %(subject)s to %(recipient)s was due on %(day)s and is %(days)d days "
        "overdue.",
        days_late,
    ) % {
        "subject": inquiry.subject.display_name,
        "recipient": inquiry.recipient.display_name,
        "day": long_date(inquiry.due_on),
        "days": days_late,
    }
