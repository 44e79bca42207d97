"""Inquiries by mail: each inquiry's reply address and the messages that carry its question and
its reminders to the person asked, written in that person's language (docs/mail.md).

Composing only; sending and recording what was sent is `inquiries.services.mail_inquiry`.

The reply address is the installation's MAIL_REPLY_ADDRESS with the inquiry's token after a
plus sign: `inquiries+k3v…@commission.example`. The token is 120 random bits in lower-case
base 32 (mail servers may fold the case of an address), stored on the inquiry, so a reply
finds its inquiry and nobody can write in the name of another inquiry's recipient by guessing.
"""

from __future__ import annotations

import base64
import re
import secrets

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commission.inquiries.enums import Urgency
from commission.inquiries.models import Inquiry
from commission.registry.enums import ContactKind, Language
from commission.registry.models import ContactDetail, Person

TOKEN_BYTES = 15
TOKEN_LENGTH = 24  # base 32 of 15 bytes, no padding
_TOKEN = re.compile(r"\+([a-z2-7]{24})@", re.IGNORECASE)
# The token in the Message-ID of what we sent, which replies carry in In-Reply-To/References.
_TOKEN_IN_ID = re.compile(r"<inquiry\.([a-z2-7]{24})\.", re.IGNORECASE)


def new_reply_token() -> str:
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode("ascii").lower()


def reply_address(token: str) -> str:
    local, _at, domain = settings.MAIL_REPLY_ADDRESS.rpartition("@")
    return f"{local}+{token}@{domain}"


def tokens_in_addresses(text: str) -> list[str]:
    """The reply tokens in a header of addresses (To, Cc, Delivered-To), in order."""
    return [m.lower() for m in _TOKEN.findall(text or "")]


def tokens_in_message_ids(text: str) -> list[str]:
    """The reply tokens in In-Reply-To or References: the message answered was one of ours."""
    return [m.lower() for m in _TOKEN_IN_ID.findall(text or "")]


def email_address_of(person: Person) -> str | None:
    """The address a person is mailed at: the e-mail contact recorded first."""
    return (
        ContactDetail.objects.filter(person=person, kind=ContactKind.EMAIL)
        .order_by("recorded_at", "pk")
        .values_list("value", flat=True)
        .first()
    )


def language_of(person: Person | None) -> str:
    """The person's language if the registry has it, else the installation's (MAIL_LANGUAGE)."""
    if person is not None and person.language in Language.values:
        return person.language
    default = str(getattr(settings, "MAIL_LANGUAGE", Language.ENGLISH))
    return default if default in Language.values else Language.ENGLISH


def _domain() -> str:
    return settings.MAIL_REPLY_ADDRESS.rpartition("@")[2] or "localhost"


def inquiry_message(inquiry: Inquiry, *, to: str, reminder: bool = False) -> EmailMessage:
    """The message asking `inquiry`'s question (or reminding of it), in the recipient's
    language, replying to the inquiry's own address. The inquiry must have its token."""
    if not inquiry.reply_token:
        raise ValueError(f"Inquiry {inquiry.ref} has no reply token; it was never sent.")
    language = language_of(inquiry.recipient)
    with translation.override(language):
        names = {
            "ref": inquiry.ref,
            "subject": inquiry.subject.display_name,
            "recipient": inquiry.recipient.display_name,
            "due": date_format(inquiry.due_on, "j E Y"),
        }
        if reminder:
            title = _("Reminder: inquiry %(ref)s about %(subject)s") % names
        else:
            title = _("Inquiry %(ref)s about %(subject)s") % names
        if inquiry.urgency == Urgency.URGENT:
            title = _("Urgent: %(title)s") % {"title": title}
        lines = [_("Dear %(recipient)s,") % names, ""]
        if reminder:
            lines += [
                _(
                    "The commission asked you on %(asked)s about %(subject)s and has not yet "
                    "had your answer, which was due on %(due)s."
                )
                % {**names, "asked": date_format(inquiry.sent_at or inquiry.created_at, "j E Y")},
                "",
            ]
        lines += [
            _("The commission asks you about %(subject)s:") % names,
            "",
            inquiry.question,
            "",
            _("Please answer by %(due)s.") % names,
            _(
                "Reply to this message: your answer is filed with inquiry %(ref)s. Say whether "
                "you write for or against %(subject)s, and how you know them."
            )
            % names,
            _("Documents may be attached (text or PDF)."),
            "",
            _("The commission"),
        ]
        body = "\n".join(lines) + "\n"
    token = inquiry.reply_token
    message = EmailMessage(
        subject=title,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[reply_address(token)],
        headers={
            "Message-ID": f"<inquiry.{token}.{secrets.token_hex(8)}@{_domain()}>",
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
        },
    )
    return message


def test_message(to: str) -> EmailMessage:
    """A message that says only that the installation's mail reaches `to`."""
    with translation.override(language_of(None)):
        subject = _("Test message from the commission")
        body = (
            _(
                "This message checks that the commission's mail reaches %(to)s. "
                "Replies go to %(reply)s."
            )
            % {"to": to, "reply": settings.MAIL_REPLY_ADDRESS}
            + "\n"
        )
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
