"""Mail both ways against real servers on loopback ports: an inquiry goes out by SMTP (an
aiosmtpd server receives it) with its own reply address, in the recipient's language; the
reply comes back through the installation's LMTP receiver into its Maildir, `fetch_replies()`
files it through the letter intake as the proposed answer, and the clerk's accepting it on the
review page answers the inquiry."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import imaplib
import json
import smtplib
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from commission.audit import sealing
from commission.audit.models import AuditEvent
from commission.cases import models as case_models
from commission.core.audit_actions import AuditAction
from commission.demo.loader import DEMO_DIR, load_demo
from commission.documents.models import Document, DocumentCopy
from commission.inquiries import services as inquiry_services
from commission.inquiries.models import Inquiry
from commission.intake.mail import fetch_replies
from commission.intake.models import IncomingMail, Proposal
from commission.registry import services as registry_services
from commission.registry.models import ContactDetail, Person
from commission.registry.services import erase_personal_data
from tests.installations import free_port

SAFAROV_REPLY = (DEMO_DIR / "replies" / "invented-reply-from-safarov.txt").read_text()
SAFAROV = "safarov@example.org"
QUESTION = "Give information about Comrade Kasparova-Popova and find out who else knows her well."


@pytest.fixture
def story(db):
    load_demo(decide=False)
    return User.objects.get(username="clerk")


def _mailable_safarov(clerk: User) -> Person:
    safarov = Person.objects.get(ref="P-safarov")
    registry_services.add_contact(actor=clerk, person=safarov, kind="email", value=SAFAROV)
    return registry_services.update_person(
        actor=clerk, person=safarov, expected_version=safarov.version,
        changes={"language": "ru"},
    )  # fmt: skip


def _ask_safarov_by_mail(clerk: User, capture) -> Inquiry:  # type: ignore[no-untyped-def]
    """Safarov is asked again, now that he has an address: the note's inquiry is withdrawn and
    a new one sent."""
    safarov = _mailable_safarov(clerk)
    old = Inquiry.objects.get(recipient=safarov, subject__ref="P-kasparova-popova")
    inquiry_services.withdraw_inquiry(actor=clerk, inquiry=old, reason="Asked again by mail.")
    with capture(execute=True):
        return inquiry_services.ask(
            actor=clerk, subject=old.subject, recipient=safarov, question=QUESTION,
            due_on=dt.date(1921, 12, 27), urgency="urgent", case=old.case,
        )  # fmt: skip


def _reply(*, to: str, text: str, message_id: str, in_reply_to: str = "", attachments=()) -> bytes:  # type: ignore[no-untyped-def]
    message = EmailMessage()
    message["From"] = f"Georgy Safarov <{SAFAROV}>"
    message["To"] = to
    message["Subject"] = "Re: inquiry"
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(dt.datetime(1921, 12, 23, 18, 0, tzinfo=dt.UTC))
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    message.set_content(text)
    for name, data, kind in attachments:
        maintype, subtype = kind.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes(policy=email.policy.SMTP)


def _deliver(receiver, raw: bytes, to: str) -> None:  # type: ignore[no-untyped-def]
    with smtplib.LMTP(receiver.hostname, receiver.port) as lmtp:
        lmtp.sendmail(SAFAROV, [to], raw)


def _actions(target: object) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            target_type=target._meta.label_lower,  # type: ignore[attr-defined]
            target_id=str(target.pk),  # type: ignore[attr-defined]
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_an_inquiry_goes_out_by_mail_and_its_reply_comes_back_as_the_answer(
    story, client, smtp_server, mail_receiver, django_capture_on_commit_callbacks
):
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)

    # Out: one message to Safarov's address, replying to the inquiry's own address, in Russian.
    ((sender, recipients, raw),) = smtp_server.messages
    assert (sender, recipients) == ("commission@commission.test", [SAFAROV])
    sent = email.message_from_bytes(raw, policy=email.policy.default)
    reply_address = f"inquiries+{inquiry.reply_token}@commission.test"
    assert sent["Reply-To"] == reply_address
    assert sent["Content-Language"] == "ru"
    # In the recipient's language; a long encoded subject is folded, so it may start blank.
    assert (
        sent["Subject"].strip()
        == f"Срочно: Запрос {inquiry.ref} о лице Yevgenia Mikhailovna Kasparova-Popova"
    )
    body = sent.get_body().get_content()
    assert QUESTION in body
    assert "27 декабря 1921" in body
    assert len(inquiry.reply_token) == 24
    inquiry.refresh_from_db()
    assert inquiry.mailed_at is not None

    # Back: Safarov answers, quoting the question, to the reply address.
    quoted = "\n".join(f"> {line}" for line in body.splitlines())
    text = f"{SAFAROV_REPLY}\nOn 21 Dec 1921 the commission wrote:\n{quoted}\n"
    answer_mail = _reply(
        to=reply_address, text=text, message_id="<reply-1@example.org>",
        in_reply_to=sent["Message-ID"],
    )  # fmt: skip
    _deliver(mail_receiver, answer_mail, reply_address)
    summary = fetch_replies()
    assert (summary.received, summary.answers, summary.letters, summary.refused) == (1, 1, 0, 0)

    received = IncomingMail.objects.get()
    (letter,) = received.documents.all()
    assert (received.inquiry, received.outcome, received.token) == (
        inquiry, "answer", inquiry.reply_token,
    )  # fmt: skip
    assert b"Message-ID: <reply-1@example.org>" in bytes(received.raw)
    assert "G. Safarov" in letter.text
    assert QUESTION not in letter.text  # the quoted question is not part of the reply
    (copy,) = DocumentCopy.objects.filter(document=letter)
    assert (copy.channel, copy.source_name) == ("email", f"Georgy Safarov <{SAFAROV}>")
    assert "Message-ID: <reply-1@example.org>" in copy.provenance
    (answer,) = Proposal.objects.filter(document=letter, kind="answer")
    assert answer.payload == {
        "inquiry": inquiry.ref, "by": "", "about": "", "stance": "neutral",
        "basis": "observed_work", "reply_address": True,
    }  # fmt: skip
    assert answer.summary.startswith(
        f"Record the letter as Georgy Ivanovich Safarov's answer to inquiry {inquiry.ref} about "
        "Yevgenia Mikhailovna Kasparova-Popova (urgent, due 27 December 1921)"
    )

    # The clerk accepts it on the letter's review page.
    client.force_login(story)
    page = client.get(reverse("intake:review", args=[letter.pk]))
    # The page says what the proposal proposes as it composes it for the reader.
    assert (
        escape(
            "Record the letter as the answer of Georgy Ivanovich Safarov to the urgent inquiry "
            f"{inquiry.ref} about Yevgenia Mikhailovna Kasparova-Popova, due 27 December 1921. "
            f"It is filed on case {inquiry.case.ref} as testimony. It came to the inquiry's "
            "reply address. As read: neutral; personal observation of work."
        )
        in page.content.decode()
    )
    assert "Came by mail" in page.content.decode()
    assert f"<dt>Sent by</dt><dd>Georgy Safarov &lt;{SAFAROV}&gt;" in page.content.decode()
    assert escape(received.report.splitlines()[0]) in page.content.decode()
    accepted = client.post(reverse("intake:accept", args=[answer.pk]), {})
    assert accepted.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.answer_document) == ("answered", letter)
    (testimony,) = case_models.Testimony.objects.filter(document=letter)
    assert (testimony.witness.ref, testimony.case_id, testimony.stance) == (
        "P-safarov", inquiry.case_id, "neutral",
    )  # fmt: skip
    assert _actions(inquiry) == [
        AuditAction.INQUIRY_SEND, AuditAction.INQUIRY_MAIL, AuditAction.INQUIRY_ANSWER,
    ]  # fmt: skip
    assert _actions(received) == [AuditAction.MAIL_RECEIVE]
    assert _actions(answer) == [AuditAction.PROPOSAL_ACCEPT]
    # The trail says what became of the mail; who sent it is sealed, so it can be erased.
    event = AuditEvent.objects.get(action=AuditAction.MAIL_RECEIVE)
    assert event.summary.startswith(f"Mail proposed as the answer to inquiry {inquiry.ref}")
    assert SAFAROV not in event.summary + json.dumps(event.after)
    assert sealing.opened(event.after)["sender"] == f"Georgy Safarov <{SAFAROV}>"
    # Erasing his personal data blanks the sender line and makes the sealed one unreadable.
    ContactDetail.objects.get_or_create(person=testimony.witness, kind="email", value=SAFAROV)
    erase_personal_data(
        actor=User.objects.get(username="admin"), person=testimony.witness, reason="his request"
    )
    received.refresh_from_db()
    assert (received.sender, received.report) == ("(erased)", "")
    assert sealing.opened(event.after) is sealing.ERASED


def test_the_same_message_delivered_twice_is_filed_once(
    story, smtp_server, mail_receiver, django_capture_on_commit_callbacks
):
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)
    to = f"inquiries+{inquiry.reply_token}@commission.test"
    raw = _reply(to=to, text=SAFAROV_REPLY, message_id="<twice@example.org>")
    _deliver(mail_receiver, raw, to)
    first = fetch_replies()
    documents = Document.objects.count()
    _deliver(mail_receiver, raw, to)
    second = fetch_replies()
    assert (first.received, first.duplicates) == (1, 0)
    assert (second.received, second.duplicates) == (0, 1)
    assert second.lines[0].endswith(
        "<twice@example.org> was taken in already (proposed as the answer to its inquiry)."
    )
    assert IncomingMail.objects.count() == 1
    assert Document.objects.count() == documents
    assert Proposal.objects.filter(kind="answer", key=f"answer:{inquiry.ref}").count() == 1
    # Both deliveries stay in the mailbox, read.
    assert len(list((mail_receiver.handler.path / "cur").iterdir())) == 2
    assert list((mail_receiver.handler.path / "new").iterdir()) == []


def test_a_hostile_attachment_is_refused_in_a_sentence_and_nothing_is_lost(
    story, settings, smtp_server, mail_receiver, django_capture_on_commit_callbacks
):
    settings.LETTER_UPLOAD_MAX_BYTES = 64 * 1024
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)
    to = f"inquiries+{inquiry.reply_token}@commission.test"
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(4000)
    raw = _reply(
        to=to, text=SAFAROV_REPLY, message_id="<hostile@example.org>",
        attachments=[("statement.exe", program, "application/octet-stream"),
                     ("big.txt", b"word " * 20_000, "text/plain")],
    )  # fmt: skip
    _deliver(mail_receiver, raw, to)
    summary = fetch_replies()
    assert (summary.received, summary.answers) == (1, 1)
    received = IncomingMail.objects.get()
    report = received.report.splitlines()
    refusals = [line for line in report if line.startswith("Refused: ")]
    assert len(refusals) == 2
    assert refusals[0].startswith("Refused: statement.exe: ")
    assert refusals[1] == (
        "Refused: big.txt: is too large to take in (0.1 MB; the limit is 0.1 MB)."
    )
    # The reply itself is filed and proposed; the message is kept whole.
    assert received.documents.count() == 1
    assert Proposal.objects.filter(kind="answer", key=f"answer:{inquiry.ref}").exists()
    kept = email.message_from_bytes(bytes(received.raw), policy=email.policy.default)
    assert kept["Delivered-To"] == to
    assert [(a.get_filename(), a.get_payload(decode=True)) for a in kept.iter_attachments()] == [
        ("statement.exe", program), ("big.txt", b"word " * 20_000),
    ]  # fmt: skip
    assert not Document.objects.filter(title__icontains="statement").exists()


def test_a_reply_to_an_unknown_or_expired_address_is_filed_as_an_ordinary_letter(
    story, smtp_server, mail_receiver, django_capture_on_commit_callbacks
):
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)
    unknown = "inquiries+aaaaaaaaaaaaaaaaaaaaaaaa@commission.test"
    _deliver(mail_receiver, _reply(to=unknown, text=SAFAROV_REPLY, message_id="<u@x>"), unknown)
    inquiry_services.withdraw_inquiry(actor=story, inquiry=inquiry, reason="No longer needed.")
    expired = f"inquiries+{inquiry.reply_token}@commission.test"
    late = SAFAROV_REPLY.replace("four months", "five months")
    _deliver(mail_receiver, _reply(to=expired, text=late, message_id="<e@x>"), expired)
    summary = fetch_replies()
    assert (summary.received, summary.answers, summary.letters) == (2, 0, 2)
    by_id = {m.message_id: m for m in IncomingMail.objects.all()}
    assert by_id["<u@x>"].outcome == by_id["<e@x>"].outcome == "letter"
    assert (by_id["<u@x>"].inquiry, by_id["<e@x>"].inquiry) == (None, None)
    assert (
        "Its reply address names no inquiry known here, so it was filed as an ordinary letter."
        in by_id["<u@x>"].report
    )
    assert (
        f"It replies to inquiry {inquiry.ref}, which is withdrawn; the reply address has "
        "expired, so it was filed as an ordinary letter." in by_id["<e@x>"].report
    )
    assert not Proposal.objects.filter(kind="answer", payload__reply_address=True).exists()


def test_a_message_that_is_not_for_the_commission_is_refused_at_the_door(story, mail_receiver):
    with (
        smtplib.LMTP(mail_receiver.hostname, mail_receiver.port) as lmtp,
        pytest.raises(smtplib.SMTPRecipientsRefused),
    ):
        lmtp.sendmail(SAFAROV, ["someone@elsewhere.test"], b"Subject: hi\r\n\r\nhi\r\n")
    assert list((mail_receiver.handler.path / "new").iterdir()) == []


def test_the_fetch_command_takes_in_the_mailbox_once(
    story, smtp_server, mail_receiver, django_capture_on_commit_callbacks, capsys
):
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)
    to = f"inquiries+{inquiry.reply_token}@commission.test"
    _deliver(mail_receiver, _reply(to=to, text=SAFAROV_REPLY, message_id="<cmd@x>"), to)
    call_command("mail", "fetch")
    out = capsys.readouterr().out
    assert f"proposed as the answer to inquiry {inquiry.ref}" in out
    assert out.strip().endswith(
        "1 new message(s): 1 proposed as answers to inquiries, 0 filed as letters, 0 refused; "
        "0 taken in before; 0 could not be read."
    )
    call_command("mail", "fetch")
    assert "0 new message(s)" in capsys.readouterr().out


def test_send_test_mails_the_address_given(db, smtp_server, capsys):
    call_command("mail", "send-test", "clerk@example.org")
    ((_sender, recipients, raw),) = smtp_server.messages
    assert recipients == ["clerk@example.org"]
    assert b"Test message from the commission" in raw
    assert "Sent a test message to clerk@example.org" in capsys.readouterr().out


def test_a_reply_without_signature_or_date_is_still_a_letter_from_its_sender(
    story, smtp_server, mail_receiver, django_capture_on_commit_callbacks
):
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)
    to = f"inquiries+{inquiry.reply_token}@commission.test"
    text = "Yes, I worked beside her in Petrograd for a year and she is honest.\n"
    _deliver(mail_receiver, _reply(to=to, text=text, message_id="<s@x>"), to)
    assert fetch_replies().answers == 1
    (letter,) = IncomingMail.objects.get().documents.all()
    assert letter.title == f"Mail from Georgy Safarov <{SAFAROV}>, 23 December 1921"
    assert letter.written_on == dt.date(1921, 12, 23)
    answer = Proposal.objects.get(document=letter, kind="answer")
    assert answer.payload["inquiry"] == inquiry.ref


def test_an_automatic_reply_is_kept_but_not_filed(
    story, smtp_server, mail_receiver, django_capture_on_commit_callbacks
):
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)
    to = f"inquiries+{inquiry.reply_token}@commission.test"
    raw = _reply(to=to, text="I am away until January.\n", message_id="<away@x>")
    raw = b"Auto-Submitted: auto-replied\r\n" + raw
    documents = Document.objects.count()
    _deliver(mail_receiver, raw, to)
    summary = fetch_replies()
    assert (summary.received, summary.refused) == (1, 1)
    received = IncomingMail.objects.get()
    assert (received.outcome, received.inquiry) == ("refused", inquiry)
    assert received.report.splitlines()[1:] == [
        "Refused: It was sent automatically (Auto-Submitted: auto-replied), e.g. an absence "
        "notice; it is not filed.",
        "Nothing in it could be filed; the message is kept as it came.",
    ]
    assert Document.objects.count() == documents
    assert Inquiry.objects.get(pk=inquiry.pk).state == "sent"


def test_the_mail_page_lists_what_came_and_what_became_of_it(
    story, client, smtp_server, mail_receiver, django_capture_on_commit_callbacks
):
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)
    to = f"inquiries+{inquiry.reply_token}@commission.test"
    _deliver(mail_receiver, _reply(to=to, text=SAFAROV_REPLY, message_id="<p1@x>"), to)
    away = b"Auto-Submitted: auto-replied\r\n" + _reply(to=to, text="Away.\n", message_id="<p2@x>")
    _deliver(mail_receiver, away, to)
    fetch_replies()
    client.force_login(story)
    page = client.get(reverse("intake:mail")).content.decode()
    letter = IncomingMail.objects.get(message_id="<p1@x>").documents.get()
    assert page.index("refused") < page.index("proposed as the answer to its inquiry")
    assert f'href="{reverse("intake:review", args=[letter.pk])}"' in page
    assert "it is not filed." in page
    assert "Nothing in it could be filed; the message is kept as it came." in page


def test_the_mail_page_is_for_those_who_register_letters(db, client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("intake:mail")).status_code == 403


def _imap() -> imaplib.IMAP4:
    from django.conf import settings

    connection = imaplib.IMAP4(settings.MAIL_IMAP_HOST, settings.MAIL_IMAP_PORT)
    connection.login(settings.MAIL_IMAP_USER, settings.MAIL_IMAP_PASSWORD)
    connection.select("INBOX")
    return connection


def test_replies_in_an_imap_mailbox_are_taken_in_once_and_marked_seen(
    story, smtp_server, imap_server, django_capture_on_commit_callbacks
):
    inquiry = _ask_safarov_by_mail(story, django_capture_on_commit_callbacks)
    to = f"inquiries+{inquiry.reply_token}@commission.test"
    connection = _imap()
    raw = _reply(to=to, text=SAFAROV_REPLY, message_id="<imap-1@x>")
    connection.append("INBOX", None, None, raw)
    connection.append("INBOX", None, None, raw)  # delivered twice
    first = fetch_replies()
    assert (first.received, first.answers, first.duplicates, first.failed) == (1, 1, 1, 0)
    assert IncomingMail.objects.get().inquiry == inquiry
    assert Proposal.objects.filter(kind="answer", key=f"answer:{inquiry.ref}").count() == 1
    # Both stay on the server, seen; the next fetch finds nothing new.
    connection.noop()
    assert connection.uid("SEARCH", "UNSEEN")[1] == [b""]
    assert connection.uid("SEARCH", "SEEN")[1] == [b"1 2"]
    second = fetch_replies()
    assert (second.received, second.duplicates) == (0, 0)
    connection.logout()


def test_an_imap_message_over_the_limit_is_refused_and_left_on_the_server(
    story, settings, imap_server
):
    settings.MAIL_MAX_BYTES = 2000
    connection = _imap()
    raw = _reply(to="inquiries@commission.test", text="word " * 2000, message_id="<big@x>")
    connection.append("INBOX", None, None, raw)
    summary = fetch_replies()
    assert (summary.received, summary.refused) == (1, 1)
    received = IncomingMail.objects.get()
    assert received.report.startswith(
        f"Mail from Georgy Safarov <{SAFAROV}>, refused: it is too large to take in"
    )
    assert received.report.endswith("It is kept on the IMAP server.")
    connection.noop()
    assert b"Message-ID: <big@x>" in bytes(received.raw)
    assert len(bytes(received.raw)) < 1000
    assert connection.uid("SEARCH", "ALL")[1] == [b"1"]
    connection.logout()


def test_an_imap_server_that_refuses_the_login_is_said_and_nothing_is_lost(
    story, settings, imap_server
):
    settings.MAIL_IMAP_PASSWORD = "wrong"
    summary = fetch_replies()
    assert summary.failed == 1
    assert summary.lines[0].startswith(
        f"The IMAP mailbox commission@127.0.0.1:{settings.MAIL_IMAP_PORT} could not be opened ("
    )
    assert summary.lines[0].endswith("); its mail stays there for the next fetch.")
    assert IncomingMail.objects.count() == 0


def test_the_receiver_also_speaks_smtp_and_refuses_an_unknown_protocol(settings, tmp_path):
    from commission.intake.receiver import MailReceiver

    settings.MAIL_REPLY_ADDRESS = "inquiries@commission.test"
    with pytest.raises(ValueError, match="MAIL_RECEIVE_PROTOCOL is 'pop3'; it must be lmtp or"):
        MailReceiver(path=tmp_path / "box", protocol="pop3")
    receiver = MailReceiver(path=tmp_path / "box", host="127.0.0.1", port=free_port(),
                            protocol="smtp")  # fmt: skip
    receiver.start()
    try:
        with smtplib.SMTP(receiver.hostname, receiver.port) as smtp:
            smtp.sendmail(SAFAROV, ["Inquiries+ABC@Commission.test"], b"Subject: s\r\n\r\nhi\r\n")
    finally:
        receiver.stop()
    (stored,) = (tmp_path / "box" / "new").iterdir()
    assert stored.read_bytes().startswith(b"Delivered-To: Inquiries+ABC@Commission.test\r\n")


def test_the_receive_command_serves_until_interrupted(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    port = free_port()
    env = {**os.environ, "COMMISSION_VAR_DIR": str(tmp_path / "var"),
           "MAIL_REPLY_ADDRESS": "inquiries@commission.test",
           "PYTHONUNBUFFERED": "1"}  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    server = subprocess.Popen(
        [sys.executable, "-m", "commission.cli", "mail", "receive", "--port", str(port),
         "--inbox", str(tmp_path / "box")],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                lmtp = smtplib.LMTP("127.0.0.1", port)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
        with lmtp:
            lmtp.sendmail(SAFAROV, ["inquiries@commission.test"], b"Subject: s\r\n\r\nhi\r\n")
        # (interrupted only once it says it is serving: before that it is still starting up)
        assert server.stdout is not None
        first = server.stdout.readline()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, _err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    out = first + out
    assert out.startswith(
        f"Receiving mail for inquiries@commission.test by LMTP on 127.0.0.1:{port} into "
    )
    assert server.returncode == 0
    assert len(list((tmp_path / "box" / "new").iterdir())) == 1
