"""Mail in: replies (and any other letters) that came to the commission's mailbox are taken
in through the same intake as an uploaded letter (docs/mail.md).

`fetch_replies()` reads the Maildir the receiver (`intake.receiver`) delivers to, once: each
new message is filed once per Message-ID; its text and each attachment are registered like an
upload (same size limit, same reading in a worker under the same limits, refused by name), and
when it came to an open inquiry's reply address the letter is proposed as that inquiry's
answer. A reply address that names no inquiry, or one no longer open, is said so and the
message filed as an ordinary letter. The message itself is kept on its `IncomingMail` row and
stays in the Maildir (moved to cur/, marked seen), so nothing refused is lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.parser
import email.policy
import hashlib
import imaplib
import logging
import os
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from commission.audit.sealing import owner_of, seal
from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.roles import require
from commission.core.services import system_actor
from commission.inquiries import mail as inquiry_mail
from commission.inquiries.enums import InquiryState
from commission.inquiries.models import Inquiry
from commission.intake.models import IncomingMail, MailOutcome
from commission.intake.receiver import inbox_path, open_inbox
from commission.intake.services.ingest import REGISTER, IngestReport, MailFacts, ingest_mail_part

logger = logging.getLogger(__name__)

# The default of LETTER_UPLOAD_MAX_BYTES: an attachment may be as large as an upload.
_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# Where a reply's own words end and the message it answers begins.
_QUOTE_STARTS = re.compile(
    r"^\s*(?:On .{4,200} wrote:|.{4,200} (?:пишет|написал|написала):"
    r"|-{2,}\s*(?:Original Message|Исходное сообщение|Forwarded message)\s*-{2,})\s*$",
    re.IGNORECASE,
)


@dataclass
class FetchSummary:
    """What one look at the mailbox did: counts, and a sentence per message."""

    received: int = 0
    answers: int = 0
    letters: int = 0
    refused: int = 0
    duplicates: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "received": self.received, "answers": self.answers, "letters": self.letters,
            "refused": self.refused, "duplicates": self.duplicates, "failed": self.failed,
            "lines": list(self.lines),
        }  # fmt: skip


def fetch_replies(*, actor: Actor | None = None, inbox: Path | None = None) -> FetchSummary:
    """Take in every new message once (see the module's docstring): those of the Maildir the
    receiver writes, and, when MAIL_IMAP_HOST is set, the unseen ones of that IMAP mailbox.
    The job queue calls this periodically and `commission mail fetch` once.

    A message that fails unexpectedly stays new (unseen) and is tried again at the next fetch;
    the others go on. Side effects: documents, copies and proposals (intake), an
    `IncomingMail` row and a MAIL_RECEIVE audit event per message; a Maildir message moved to
    cur/, an IMAP message marked seen."""
    actor = actor or system_actor()
    require(actor, REGISTER, "take in letters by mail")
    summary = FetchSummary()
    _fetch_maildir(actor, inbox or inbox_path(), summary)
    if getattr(settings, "MAIL_IMAP_HOST", ""):
        _fetch_imap(actor, summary)
    return summary


def _count(summary: FetchSummary, line: str, outcome: str | None) -> None:
    summary.lines.append(line)
    if outcome is None:
        summary.duplicates += 1
        return
    summary.received += 1
    if outcome == MailOutcome.ANSWER:
        summary.answers += 1
    elif outcome == MailOutcome.LETTER:
        summary.letters += 1
    else:
        summary.refused += 1


def _failed(summary: FetchSummary, where: str, error: Exception, stays: str) -> None:
    logger.exception("mail %s could not be taken in", where)
    summary.failed += 1
    summary.lines.append(
        f"{where}: could not be taken in ({error}); it {stays} and is tried again at the next "
        "fetch."
    )


def _fetch_maildir(actor: Actor, box_path: Path, summary: FetchSummary) -> None:
    open_inbox(box_path)
    # In the order of delivery: a Maildir name's microseconds are not zero-padded, so the names
    # alone do not sort by time within one second.
    for path in sorted((box_path / "new").iterdir(), key=_delivered):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            line, outcome = _take_in(actor, path)
        except Exception as error:  # one message must not stop the others
            _failed(summary, path.name, error, "stays in the mailbox")
            continue
        # Another fetch running at the same time may have moved it already.
        with contextlib.suppress(FileNotFoundError):
            os.replace(path, box_path / "cur" / f"{path.name}:2,S")
        _count(summary, line, outcome)


def _delivered(path: Path) -> tuple[int, str]:
    try:
        return (path.stat().st_mtime_ns, path.name)
    except FileNotFoundError:  # taken by another fetch meanwhile
        return (0, path.name)


_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def _fetch_imap(actor: Actor, summary: FetchSummary) -> None:
    folder = str(settings.MAIL_IMAP_FOLDER or "INBOX")
    mailbox_name = f"{settings.MAIL_IMAP_USER}@{settings.MAIL_IMAP_HOST}:{settings.MAIL_IMAP_PORT}"
    try:
        connection = _imap_connection()
    except (imaplib.IMAP4.error, OSError) as error:
        summary.failed += 1
        summary.lines.append(
            f"The IMAP mailbox {mailbox_name} could not be opened ({error}); its mail stays "
            "there for the next fetch."
        )
        return
    try:
        status, _data = connection.select(f'"{folder}"' if " " in folder else folder)
        if status != "OK":
            summary.failed += 1
            summary.lines.append(f"The IMAP mailbox {mailbox_name} has no folder {folder!r}.")
            return
        _status, found = connection.uid("SEARCH", "UNSEEN")
        for number in (found[0] or b"").split():
            uid = number.decode("ascii")
            where = f"IMAP {folder} {uid}"
            try:
                line, outcome = _take_in_imap(actor, connection, uid, where)
            except Exception as error:  # one message must not stop the others
                _failed(summary, where, error, "stays unseen in the mailbox")
                continue
            connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            _count(summary, line, outcome)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()


def _imap_connection() -> imaplib.IMAP4:
    host, port = settings.MAIL_IMAP_HOST, int(settings.MAIL_IMAP_PORT)
    timeout = float(getattr(settings, "EMAIL_TIMEOUT", 30) or 30)
    connection: imaplib.IMAP4 = (
        imaplib.IMAP4_SSL(host, port, timeout=timeout)
        if settings.MAIL_IMAP_SSL
        else imaplib.IMAP4(host, port, timeout=timeout)
    )
    try:
        connection.login(settings.MAIL_IMAP_USER, settings.MAIL_IMAP_PASSWORD)
    except BaseException:
        connection.shutdown()
        raise
    return connection


def _fetched(data: list[Any]) -> bytes:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    raise ValueError("the server sent no message body")


def _take_in_imap(
    actor: Actor, connection: imaplib.IMAP4, uid: str, where: str
) -> tuple[str, str | None]:
    _status, sized = connection.uid("FETCH", uid, "(RFC822.SIZE)")
    match = _SIZE.search(b" ".join(i if isinstance(i, bytes) else i[0] for i in sized if i))
    size = int(match.group(1)) if match else 0
    if size > int(settings.MAIL_MAX_BYTES):
        _status, header = connection.uid("FETCH", uid, "(BODY.PEEK[HEADER])")
        return _refuse_too_large(actor, _fetched(header), size, where, "on the IMAP server")
    _status, data = connection.uid("FETCH", uid, "(BODY.PEEK[])")
    return take_in_message(actor=actor, raw=_fetched(data), where=where)


def _take_in(actor: Actor, path: Path) -> tuple[str, str | None]:
    size = path.stat().st_size
    if size <= int(settings.MAIL_MAX_BYTES):
        return take_in_message(actor=actor, raw=path.read_bytes(), where=path.name)
    header = bytearray()
    with path.open("rb") as handle:
        # The header only, up to its blank line (and never more than 64 kB of it).
        for line in handle:
            if not line.strip() or len(header) > 65_536:
                break
            header += line
    kept = f"in the mailbox as cur/{path.name}:2,S"
    return _refuse_too_large(actor, bytes(header), size, path.name, kept)


def _refuse_too_large(
    actor: Actor, header: bytes, size: int, where: str, kept: str
) -> tuple[str, str | None]:
    headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(header)
    sender = _sender(headers)
    message_id = str(headers.get("Message-ID", "") or "").strip()[:500] or f"file:{where}"
    if IncomingMail.objects.filter(message_id=message_id).exists():
        return f"{where}: {message_id} was taken in already.", None
    limit = int(settings.MAIL_MAX_BYTES)
    reason = (
        f"Mail from {sender}, refused: it is too large to take in ({size / 1024 / 1024:.1f} MB; "
        f"the limit is {limit / 1024 / 1024:.1f} MB). It is kept {kept}."
    )
    with transaction.atomic():
        row = IncomingMail.objects.create(
            message_id=message_id, sender=sender[:300],
            subject=str(headers.get("Subject", "") or "")[:300], outcome=MailOutcome.REFUSED,
            report=reason, raw=header,
        )  # fmt: skip
        record_event(
            actor=actor, action=AuditAction.MAIL_RECEIVE, target=row,
            summary=_public_headline(MailOutcome.REFUSED, None, 0),
            after={"message_id": message_id, "outcome": MailOutcome.REFUSED,
                   **seal(owner_of(row), {"sender": sender, "report": reason})},
        )  # fmt: skip
    return f"{where}: {reason}", MailOutcome.REFUSED


def take_in_message(*, actor: Actor, raw: bytes, where: str = "mail") -> tuple[str, str | None]:
    """File one message (see the module's docstring). Returns a sentence and the outcome
    (None for a message already taken in)."""
    require(actor, REGISTER, "take in letters by mail")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    message_id = (str(message.get("Message-ID", "")) or "").strip()[:500]
    message_id = message_id or f"sha256:{hashlib.sha256(raw).hexdigest()}"
    known = IncomingMail.objects.filter(message_id=message_id).first()
    if known is not None:
        return f"{where}: {message_id} was taken in already ({known.get_outcome_display()}).", None
    sender = _sender(message)
    subject = str(message.get("Subject", "") or "")[:300]
    sent_at = _sent_at(message)
    lines: list[str] = []
    token, inquiry = _replied_inquiry(message, lines)
    if inquiry is not None:
        registered = inquiry_mail.email_address_of(inquiry.recipient)
        address = sender.rpartition("<")[2].rstrip(">").strip().lower()
        if registered and address and address != registered.lower():
            lines.append(
                f"It came from {address}, not from the address the registry holds for "
                f"{inquiry.recipient.display_name}."
            )
    envelope = [
        ("From", sender), ("Date", str(message.get("Date", "") or "")), ("Subject", subject),
        ("Message-ID", message_id),
    ]  # fmt: skip
    facts = MailFacts(
        sender=sender,
        sent_on=sent_at.date() if sent_at else None,
        header="\n".join(f"{name}: {value}" for name, value in envelope if value),
        answers=inquiry,
    )
    report = IngestReport()
    short = message_id.strip("<>")[:60]
    automatic = _automatic(message)
    body = None if automatic else message.get_body(preferencelist=("plain", "html"))
    attachments = [] if automatic else list(message.iter_attachments())
    if automatic:
        report.errors.append(automatic)
    if body is not None:
        text = (
            _own_words(str(body.get_content()))
            if body.get_content_type() == "text/plain"
            else (str(body.get_content()))
        )
        if text.strip():
            suffix = ".html" if body.get_content_type() == "text/html" else ".txt"
            report.merge(
                ingest_mail_part(
                    actor=actor, data=text.encode("utf-8"), file_name=f"mail {short}{suffix}",
                    mail=facts,
                )
            )  # fmt: skip
            if report.documents:
                facts = MailFacts(sender=facts.sender, sent_on=facts.sent_on, header=facts.header)
    for number, part in enumerate(attachments, start=1):
        name = _attachment_name(part, number)
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data:
            report.errors.append(f"{name}: the attachment is empty.")
            continue
        limit = int(getattr(settings, "LETTER_UPLOAD_MAX_BYTES", _UPLOAD_MAX_BYTES))
        if len(data) > limit:
            report.errors.append(
                f"{name}: is too large to take in ({len(data) / 1024 / 1024:.1f} MB; the limit "
                f"is {limit / 1024 / 1024:.1f} MB)."
            )
            continue
        part_report = ingest_mail_part(actor=actor, data=data, file_name=name, mail=facts)
        report.merge(part_report)
        if part_report.documents and facts.answers is not None:
            facts = MailFacts(sender=facts.sender, sent_on=facts.sent_on, header=facts.header)
    documents = list(dict.fromkeys(report.documents))
    if body is None and not attachments and not automatic:
        report.errors.append("The message has no text and no attachment to file.")
    if not documents:
        outcome = MailOutcome.REFUSED
        lines.append("Nothing in it could be filed; the message is kept as it came.")
    elif inquiry is not None:
        outcome = MailOutcome.ANSWER
    else:
        outcome = MailOutcome.LETTER
    lines = [*report.filed, *report.matched, *report.skipped,
             *(f"Refused: {e}" for e in report.errors), *lines]  # fmt: skip
    headline = _headline(outcome, sender, inquiry)
    try:
        with transaction.atomic():
            row = IncomingMail.objects.create(
                message_id=message_id, sender=sender[:300], subject=subject, sent_at=sent_at,
                token=token or "", inquiry=inquiry, outcome=outcome,
                report="\n".join([headline, *lines]), raw=raw,
            )  # fmt: skip
            row.documents.set(documents)
            record_event(
                actor=actor, action=AuditAction.MAIL_RECEIVE, target=row,
                summary=_public_headline(outcome, inquiry, len(documents)),
                after={"message_id": message_id, "outcome": outcome, "documents": documents,
                       "inquiry": inquiry.ref if inquiry else None,
                       **seal(owner_of(row), {"sender": sender, "report": row.report})},
            )  # fmt: skip
    except IntegrityError:
        # Another fetch took the same message in meanwhile; its documents are the same ones
        # (a copy is registered once), so there is nothing more to do.
        return f"{where}: {message_id} was taken in already.", None
    return f"{where}: {headline} " + " ".join(lines), outcome


def _automatic(message: EmailMessage) -> str:
    """Why a message written by a machine (a delivery report, an out-of-office reply) is not a
    letter, or "" for one a person wrote."""
    if message.get_content_type() == "multipart/report":
        return "It is a delivery report from a mail server, not a letter; it is not filed."
    submitted = str(message.get("Auto-Submitted", "") or "").strip().lower()
    if submitted and submitted != "no":
        return (
            f"It was sent automatically (Auto-Submitted: {submitted}), e.g. an absence notice; "
            "it is not filed."
        )
    return ""


def _public_headline(outcome: str, inquiry: Inquiry | None, filed: int) -> str:
    """What the audit trail says of a mail in clear: what became of it, never who sent it (the
    sender's address and the report naming it are sealed in the event, so they can be erased)."""
    if outcome == MailOutcome.ANSWER and inquiry is not None:
        said = f"Mail proposed as the answer to inquiry {inquiry.ref}"
    elif outcome == MailOutcome.LETTER:
        said = "Mail filed as an ordinary letter"
    else:
        said = "Mail refused"
    return f"{said} ({filed} document(s) filed; the sender is sealed as personal data)."


def _headline(outcome: str, sender: str, inquiry: Inquiry | None) -> str:
    if outcome == MailOutcome.ANSWER and inquiry is not None:
        return (
            f"Mail from {sender}, proposed as the answer to inquiry {inquiry.ref} "
            f"about {inquiry.subject.display_name}."
        )
    if outcome == MailOutcome.LETTER:
        return f"Mail from {sender}, filed as an ordinary letter."
    return f"Mail from {sender}, refused."


def _replied_inquiry(message: EmailMessage, lines: list[str]) -> tuple[str | None, Inquiry | None]:
    """The token of the reply address the message came to, and its inquiry if still open;
    what was found is said in `lines`."""
    tokens: list[str] = []
    for header in ("Delivered-To", "X-Original-To", "To", "Cc"):
        for value in message.get_all(header) or []:
            tokens += inquiry_mail.tokens_in_addresses(str(value))
    for header in ("In-Reply-To", "References"):
        tokens += inquiry_mail.tokens_in_message_ids(str(message.get(header, "") or ""))
    if not tokens:
        return None, None
    token = tokens[0]
    inquiry = (
        Inquiry.objects.select_related("recipient", "subject")
        .filter(reply_token__in=list(dict.fromkeys(tokens)))
        .first()
    )
    if inquiry is None:
        lines.append(
            "Its reply address names no inquiry known here, so it was filed as an ordinary letter."
        )
        return token, None
    if inquiry.state not in (InquiryState.SENT, InquiryState.OVERDUE):
        lines.append(
            f"It replies to inquiry {inquiry.ref}, which is {InquiryState(inquiry.state).label}; "
            "the reply address has expired, so it was filed as an ordinary letter."
        )
        return inquiry.reply_token, None
    return inquiry.reply_token, inquiry


def _sender(message: EmailMessage) -> str:
    pairs = getaddresses([str(v) for v in message.get_all("From") or []])
    if not pairs or not pairs[0][1]:
        return "an unknown sender"
    name, address = pairs[0]
    return f"{name} <{address}>" if name else address


def _sent_at(message: EmailMessage) -> dt.datetime | None:
    try:
        when = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _own_words(text: str) -> str:
    """The reply without the message it quotes: up to an "On … wrote:" line or an "Original
    Message" rule, and without lines quoted with ">"."""
    kept: list[str] = []
    for line in text.splitlines():
        if _QUOTE_STARTS.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip() + "\n"


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


def _attachment_name(part: EmailMessage, number: int) -> str:
    name = _UNSAFE.sub(" ", part.get_filename() or "").strip()
    return (name or f"attachment {number}")[:200]
