"""The mail receiver: a small LMTP (or SMTP) server the installation's mail server hands the
commission's incoming mail to, which writes each message into a Maildir, where
`intake.mail.fetch_replies` takes it in (docs/mail.md).

It only stores: nothing here reads a message or touches the database, so a hostile message
costs the receiver no more than its bytes, and the limit on those is MAIL_MAX_BYTES.
"""

from __future__ import annotations

import mailbox
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings


def inbox_path() -> Path:
    """The Maildir incoming mail is delivered to: MAIL_INBOX, or mail/inbox under VAR_DIR."""
    configured = str(getattr(settings, "MAIL_INBOX", "") or "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "mail" / "inbox"


def open_inbox(path: Path | None = None) -> mailbox.Maildir:
    path = path or inbox_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return mailbox.Maildir(path, factory=None, create=True)


class MaildirDelivery:
    """aiosmtpd handler: accept mail for the reply address (with or without a token) and write
    it to the Maildir, with a Delivered-To line per recipient as a delivery agent adds, so the
    reply address survives even when the To line does not show it (a Bcc, a list)."""

    def __init__(self, path: Path, *, accepted_address: str) -> None:
        self.path = path
        local, _at, domain = accepted_address.lower().rpartition("@")
        self.local, self.domain = local, domain
        open_inbox(path)

    def accepts(self, address: str) -> bool:
        local, _at, domain = address.lower().rpartition("@")
        return domain == self.domain and local.split("+", 1)[0] == self.local

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if not self.accepts(address):
            return f"550 5.1.1 <{address}>: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        trace = b"".join(f"Delivered-To: {rcpt}\r\n".encode() for rcpt in envelope.rcpt_tos)
        open_inbox(self.path).add(trace + content)
        # LMTP answers once per recipient; the message is stored once for all of them.
        statuses = ["250 2.0.0 delivered"] * (
            len(envelope.rcpt_tos) if isinstance(server, LMTP) else 1
        )
        return "\r\n".join(statuses)


class MailReceiver(Controller):
    """The receiver as a thread serving `host:port` (LMTP unless `protocol` is "smtp")."""

    def __init__(
        self,
        *,
        path: Path | None = None,
        host: str | None = None,
        port: int | None = None,
        protocol: str | None = None,
    ) -> None:
        self.protocol = (protocol or settings.MAIL_RECEIVE_PROTOCOL).lower()
        if self.protocol not in ("lmtp", "smtp"):
            raise ValueError(
                f"MAIL_RECEIVE_PROTOCOL is {self.protocol!r}; it must be lmtp or smtp."
            )
        handler = MaildirDelivery(
            path or inbox_path(), accepted_address=settings.MAIL_REPLY_ADDRESS
        )
        super().__init__(
            handler,
            hostname=host or settings.MAIL_RECEIVE_HOST,
            port=port if port is not None else settings.MAIL_RECEIVE_PORT,
            data_size_limit=settings.MAIL_MAX_BYTES,
        )

    def factory(self) -> SMTP:
        server_class = LMTP if self.protocol == "lmtp" else SMTP
        return server_class(self.handler, **self.SMTP_kwargs)
