"""Inquiries by mail, outward: what is mailed, to whom, in which language, and what is
recorded when the mail server will not take it. A real SMTP server (aiosmtpd on a loopback
port) receives the messages."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest

from commission.audit.models import AuditEvent
from commission.core.audit_actions import AuditAction
from commission.core.models import Notification
from commission.core.notify import notify
from commission.inquiries import mail, services
from commission.inquiries.models import Inquiry
from commission.registry import services as registry_services
from tests.factories import PersonFactory, UserFactory
from tests.installations import free_port


@pytest.fixture
def people(clerk):
    subject = PersonFactory(given_name="Nadezhda", patronymic="Sergeyevna", surname="Alliluyeva")
    witness = PersonFactory(given_name="Avel", patronymic="Safronovich", surname="Yenukidze")
    registry_services.add_contact(
        actor=clerk, person=witness, kind="email", value="yenukidze@example.org"
    )
    return subject, witness


def _parsed(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def _events(inquiry: Inquiry, action: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            action=action, target_type="inquiries.inquiry", target_id=str(inquiry.pk)
        ).values_list("summary", flat=True)
    )


def test_a_drafted_inquiry_is_mailed_when_it_is_sent(
    clerk, people, smtp_server, django_capture_on_commit_callbacks
):
    subject, witness = people
    draft = services.ask(
        actor=clerk, subject=subject, recipient=witness, question="How do you know her?",
        due_on=dt.date(1922, 1, 10), send=False,
    )  # fmt: skip
    assert draft.reply_token is None
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_inquiry(actor=clerk, inquiry=draft, expected_version=draft.version)
    ((_sender, recipients, raw),) = smtp_server.messages
    message = _parsed(raw)
    assert recipients == ["yenukidze@example.org"]
    assert message["Reply-To"] == f"inquiries+{sent.reply_token}@commission.test"
    assert str(message["Message-ID"]).strip().startswith(f"<inquiry.{sent.reply_token}.")
    assert message["Content-Language"] == "en"
    assert message["Subject"] == f"Inquiry {sent.ref} about Nadezhda Sergeyevna Alliluyeva"
    body = message.get_body().get_content()
    assert "How do you know her?" in body
    assert "Please answer by 10 January 1922." in body
    assert _events(sent, AuditAction.INQUIRY_MAIL) == [
        f"Mailed inquiry {sent.ref} to Avel Safronovich Yenukidze, in en."
    ]


def test_reply_tokens_are_unguessable_and_found_in_addresses_and_message_ids():
    tokens = {mail.new_reply_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) == 24 and t == t.lower() for t in tokens)
    token = tokens.pop()
    assert mail.tokens_in_addresses(f"Commission <inquiries+{token.upper()}@x.test>") == [token]
    assert mail.tokens_in_message_ids(f"<a@b> <inquiry.{token}.00ff@x.test>") == [token]
    assert mail.tokens_in_addresses("inquiries@x.test") == []


def test_a_recipient_without_an_address_is_not_mailed_and_that_is_said(
    clerk, smtp_server, django_capture_on_commit_callbacks
):
    subject, witness = PersonFactory(), PersonFactory(given_name="Grigory", surname="Zinoviev")
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = services.ask(
            actor=clerk, subject=subject, recipient=witness, question="Do you know him?",
            due_on=dt.date(1922, 1, 10),
        )  # fmt: skip
    assert smtp_server.messages == []
    assert services.mail_inquiry(inquiry_id=inquiry.pk) == (
        f"Grigory Petrovich Zinoviev has no e-mail address in the registry; inquiry "
        f"{inquiry.ref} was not mailed."
    )
    assert Inquiry.objects.get(pk=inquiry.pk).mailed_at is None


def test_a_mail_server_that_cannot_be_reached_is_recorded_and_the_asker_told(
    clerk, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    subject, witness = people
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = services.ask(
            actor=clerk, subject=subject, recipient=witness, question="Do you know her?",
            due_on=dt.date(1922, 1, 10),
        )  # fmt: skip
    (failure,) = _events(inquiry, AuditAction.INQUIRY_MAIL_FAILED)
    assert failure.startswith(
        f"Could not mail inquiry {inquiry.ref} to Avel Safronovich Yenukidze: the mail server "
        f"127.0.0.1:{settings.EMAIL_PORT} answered “"
    )
    assert _events(inquiry, AuditAction.INQUIRY_MAIL) == []
    (told,) = Notification.objects.filter(user=clerk)
    assert told.message == failure
    # The inquiry itself stays sent.
    assert Inquiry.objects.get(pk=inquiry.pk).state == "sent"


def test_an_overdue_inquiry_is_mailed_a_reminder_in_the_recipients_language(
    clerk, people, smtp_server, django_capture_on_commit_callbacks
):
    subject, witness = people
    registry_services.update_person(
        actor=clerk, person=witness, expected_version=witness.version, changes={"language": "ru"}
    )
    inquiry = services.ask(
        actor=clerk, subject=subject, recipient=witness, question="Do you know her?",
        due_on=dt.date(1922, 1, 10),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.run_reminders(actor=clerk, today=dt.date(1922, 1, 11))
    ((_sender, _recipients, raw),) = smtp_server.messages
    message = _parsed(raw)
    # In her language; a long encoded subject is folded, so its first line may start blank.
    assert message["Subject"].strip() == (
        f"Напоминание: запрос {inquiry.ref} о лице Nadezhda Sergeyevna Alliluyeva"
    )
    assert message["Content-Language"] == "ru"
    body = message.get_body().get_content()
    assert "следовало дать до 10 января 1922" in body
    assert message["Reply-To"] == f"inquiries+{inquiry.reply_token}@commission.test"
    assert _events(inquiry, AuditAction.INQUIRY_MAIL) == [
        f"Mailed a reminder of inquiry {inquiry.ref} to Avel Safronovich Yenukidze, in ru."
    ]


def test_the_email_channel_mails_a_notification_to_the_account(
    db, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["in_app", "email"]
    settings.SITE_URL = "https://commission.test"
    chair = UserFactory(username="chair", email="chair@example.org", roles=["chair"])
    nobody = UserFactory(username="quiet", email="", roles=["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=chair, message="Escalated: the inquiry is overdue.", link="/inquiries/Q-1/")
        notify(user=nobody, message="Escalated: the inquiry is overdue.", link="/inquiries/Q-1/")
    ((_sender, recipients, raw),) = smtp_server.messages
    message = _parsed(raw)
    assert recipients == ["chair@example.org"]
    assert message["Subject"] == "Commission: Escalated: the inquiry is overdue."
    assert message.get_body().get_content().replace("\r\n", "\n") == (
        "Escalated: the inquiry is overdue.\n\nOpen: https://commission.test/inquiries/Q-1/\n"
    )
    assert Notification.objects.filter(message="Escalated: the inquiry is overdue.").count() == 2


def test_the_mail_settings_are_checked(settings):
    from commission.inquiries.checks import check_mail_settings

    assert check_mail_settings(None) == []
    settings.MAIL_REPLY_ADDRESS = "inquiries+x@commission.test"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = True
    settings.MAIL_LANGUAGE = "de"
    assert [m.id for m in check_mail_settings(None)] == [
        "commission.E020", "commission.E021", "commission.E022",
    ]  # fmt: skip


def test_an_open_inquiry_is_mailed_again_from_the_command_line(clerk, people, smtp_server, capsys):
    from django.core.management import call_command

    subject, witness = people
    inquiry = services.ask(
        actor=clerk, subject=subject, recipient=witness, question="Do you know her?",
        due_on=dt.date(1922, 1, 10),
    )  # fmt: skip
    assert smtp_server.messages == []  # the commit never came: nothing went out
    call_command("mail", "resend", inquiry.ref)
    assert capsys.readouterr().out == (
        f"Mailed inquiry {inquiry.ref} to Avel Safronovich Yenukidze.\n"
    )
    ((_sender, recipients, _raw),) = smtp_server.messages
    assert recipients == ["yenukidze@example.org"]
