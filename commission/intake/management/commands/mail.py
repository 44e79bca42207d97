"""`commission mail fetch|receive|send-test|resend`: the mail in and out (docs/mail.md)."""

from __future__ import annotations

import smtplib
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core.errors import CommissionError
from commission.core.roles import require
from commission.inquiries import services as inquiry_services
from commission.inquiries.mail import test_message
from commission.inquiries.models import Inquiry
from commission.intake.mail import fetch_replies
from commission.intake.receiver import MailReceiver, inbox_path


class Command(BaseCommand):
    help = "Take in the mail that came, run the mail receiver, or send a test message."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        fetch = sub.add_parser(
            "fetch", help="Take in the new messages of the mailbox once (replies to inquiries)."
        )
        fetch.add_argument("--inbox", help="The Maildir to read (default: MAIL_INBOX).")
        fetch.add_argument("--as", dest="as_user", help="Act as this user (default: system).")
        receive = sub.add_parser(
            "receive",
            help="Run the receiver the mail server hands incoming mail to (LMTP or SMTP), "
            "writing each message to the mailbox; stops on Ctrl+C.",
        )
        receive.add_argument("--host", help="Address to listen on (default: MAIL_RECEIVE_HOST).")
        receive.add_argument("--port", type=int, help="Port (default: MAIL_RECEIVE_PORT).")
        receive.add_argument("--protocol", choices=["lmtp", "smtp"])
        receive.add_argument("--inbox", help="The Maildir to write (default: MAIL_INBOX).")
        send = sub.add_parser("send-test", help="Send a test message to ADDRESS.")
        send.add_argument("address")
        resend = sub.add_parser(
            "resend", help="Mail an open inquiry to its recipient again (e.g. after a failure)."
        )
        resend.add_argument("ref", help="Reference of the inquiry, e.g. Q-3f2a….")
        resend.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "fetch":
            self._fetch(options)
        elif action == "receive":
            self._receive(options)
        elif action == "resend":
            self._resend(options)
        else:
            self._send_test(options["address"])

    def _fetch(self, options: dict[str, Any]) -> None:
        try:
            actor = command_line_actor(options.get("as_user"), command="mail fetch")
            summary = fetch_replies(
                actor=actor, inbox=Path(options["inbox"]) if options.get("inbox") else None
            )
        except CommissionError as error:
            raise CommandError(error.message) from None
        for line in summary.lines:
            self.stdout.write(line)
        self.stdout.write(
            f"{summary.received} new message(s): {summary.answers} proposed as answers to "
            f"inquiries, {summary.letters} filed as letters, {summary.refused} refused; "
            f"{summary.duplicates} taken in before; {summary.failed} could not be read."
        )
        if summary.failed:
            raise CommandError(f"{summary.failed} message(s) stay in the mailbox; see above.")

    def _receive(self, options: dict[str, Any]) -> None:
        path = Path(options["inbox"]) if options.get("inbox") else inbox_path()
        try:
            receiver = MailReceiver(
                path=path, host=options.get("host"), port=options.get("port"),
                protocol=options.get("protocol"),
            )  # fmt: skip
        except ValueError as error:
            raise CommandError(str(error)) from None
        receiver.start()
        self.stdout.write(
            f"Receiving mail for {settings.MAIL_REPLY_ADDRESS} by {receiver.protocol.upper()} "
            f"on {receiver.hostname}:{receiver.port} into {path}; Ctrl+C stops."
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            receiver.stop()

    def _resend(self, options: dict[str, Any]) -> None:
        try:
            actor = command_line_actor(options.get("as_user"), command="mail resend")
            require(actor, inquiry_services.SEND, "send inquiries")
        except CommissionError as error:
            raise CommandError(error.message) from None
        inquiry = Inquiry.objects.filter(ref=options["ref"]).first()
        if inquiry is None:
            raise CommandError(_("There is no inquiry %(ref)r.") % {"ref": options["ref"]})
        self.stdout.write(inquiry_services.mail_inquiry(inquiry_id=inquiry.pk))

    def _send_test(self, address: str) -> None:
        if "@" not in address:
            raise CommandError(_("%(address)r is not an e-mail address.") % {"address": address})
        try:
            test_message(address).send()
        except (smtplib.SMTPException, OSError) as error:
            raise CommandError(
                f"The mail server {settings.EMAIL_HOST}:{settings.EMAIL_PORT} did not take the "
                f"test message for {address}: {error}"
            ) from None
        self.stdout.write(
            f"Sent a test message to {address} through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}."
        )
