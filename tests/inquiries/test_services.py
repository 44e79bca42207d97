from __future__ import annotations

import datetime as dt

import pytest

from commission.audit.models import AuditEvent
from commission.cases import models as case_models
from commission.core.errors import Conflict, InvalidInput, NotAllowed
from commission.core.models import Notification
from commission.documents.models import Document
from commission.inquiries import services
from commission.inquiries.models import Inquiry, Reminder
from tests.factories import UserFactory

DUE = dt.date(1921, 12, 27)


def _ask(actor, story, recipient=None, **kw):
    return services.ask(
        actor=actor, subject=story.subject, recipient=recipient or story.stalin, case=story.case,
        question="Give information about Comrade Kasparova.", due_on=DUE, urgency="urgent",
        requested_by=story.author, source_document=story.note, **kw,
    )  # fmt: skip


def test_ask_sends_and_audits(clerk, story):
    inquiry = _ask(clerk, story)
    assert (inquiry.state, inquiry.urgency, inquiry.due_on) == ("sent", "urgent", DUE)
    assert inquiry.requested_by == story.author
    event = AuditEvent.objects.get(action="inquiry.send")
    assert event.summary == (
        "Asked Iosif Vissarionovich Dzhugashvili (Stalin) about Yevgenia Kasparova-Popova "
        "(urgent), due 27 December 1921."
    )


def test_asking_again_from_the_same_note_adds_nothing(clerk, story):
    first = _ask(clerk, story)
    again = _ask(clerk, story)
    assert first.pk == again.pk
    assert Inquiry.objects.count() == 1
    assert AuditEvent.objects.filter(action="inquiry.send").count() == 1


def test_inquiry_to_the_deceased_is_refused(clerk, story):
    with pytest.raises(
        InvalidInput, match=r"Yakov Mikhailovich Sverdlov is deceased \(died 16 March 1919\)"
    ):
        _ask(clerk, story, recipient=story.sverdlov)
    assert Inquiry.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_member_may_not_send_inquiries(member, story):
    with pytest.raises(NotAllowed, match="You may not send inquiries"):
        _ask(member, story)
    assert Inquiry.objects.count() == 0


def test_answer_files_the_reply_as_testimony(clerk, story):
    inquiry = _ask(clerk, story)
    reply = Document.objects.create(
        title="Reply", text="I knew her at school.", fingerprint="b" * 64
    )
    services.answer_inquiry(
        actor=clerk, inquiry=inquiry, reply=reply, stance="for", basis="observed_work",
        expected_version=inquiry.version,
    )  # fmt: skip
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.answer_document) == ("answered", reply)
    testimony = case_models.Testimony.objects.get()
    assert (testimony.witness, testimony.case, testimony.stance) == (
        story.stalin,
        story.case,
        "for",
    )


def test_answer_to_a_withdrawn_inquiry_is_refused(clerk, story):
    inquiry = _ask(clerk, story)
    services.withdraw_inquiry(actor=clerk, inquiry=inquiry, reason="Asked the wrong person.")
    reply = Document.objects.create(title="Reply", text="t", fingerprint="c" * 64)
    with pytest.raises(InvalidInput, match="was withdrawn, so a reply cannot answer it"):
        services.answer_inquiry(
            actor=clerk, inquiry=inquiry, reply=reply, stance="for", basis="hearsay"
        )
    inquiry.refresh_from_db()
    assert inquiry.state == "withdrawn"
    assert case_models.Testimony.objects.count() == 0


def test_stale_version_conflicts(clerk, story):
    inquiry = _ask(clerk, story, send=False)
    services.send_inquiry(actor=clerk, inquiry=inquiry, expected_version=inquiry.version)
    with pytest.raises(Conflict, match="changed by someone else"):
        services.withdraw_inquiry(
            actor=clerk, inquiry=inquiry, reason="x", expected_version=inquiry.version
        )


def test_reminders_escalate_once_and_are_safe_to_run_twice(
    clerk, story, django_capture_on_commit_callbacks
):
    chair_user = UserFactory(username="zalutsky", roles=["chair"])
    story.chair_person.user = chair_user
    story.chair_person.save()
    stalin_user = UserFactory(username="stalin")
    story.stalin.user = stalin_user
    story.stalin.save()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(clerk, story)
        first = services.run_reminders(actor=clerk, today=dt.date(1921, 12, 28))
        second = services.run_reminders(actor=clerk, today=dt.date(1921, 12, 28))
    assert first == {"overdue": 1, "reminders": 1, "escalations": 1}
    assert second == {"overdue": 0, "reminders": 0, "escalations": 0}
    assert Inquiry.objects.get().state == "overdue"
    assert Reminder.objects.count() == 2
    assert Notification.objects.filter(user=chair_user).count() == 1
    assert Notification.objects.get(user=chair_user).message.startswith("Escalated: The inquiry")
    assert Notification.objects.filter(user=stalin_user).count() == 2  # the question, a reminder
    week_later = services.run_reminders(actor=clerk, today=dt.date(1922, 1, 4))
    assert week_later == {"overdue": 0, "reminders": 1, "escalations": 0}


def test_notifications_are_written_in_each_readers_language(
    clerk, story, django_capture_on_commit_callbacks
):
    from commission.core.services import set_language_preference

    chair_user = UserFactory(username="zalutsky", roles=["chair"])
    story.chair_person.user = chair_user
    story.chair_person.save()
    set_language_preference(user=chair_user, language="ru")
    stalin_user = UserFactory(username="stalin")
    story.stalin.user = stalin_user
    story.stalin.save()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(clerk, story)
        services.run_reminders(actor=clerk, today=dt.date(1921, 12, 28))
    escalated = Notification.objects.get(user=chair_user).message
    assert escalated.startswith("Передано председателю: Запрос о лице ")
    assert "срок истёк 27 декабря 1921 г., просрочка 1 день." in escalated
    reminder = Notification.objects.filter(user=stalin_user).order_by("pk").last().message
    assert reminder.endswith("was due on 27 December 1921 and is 1 day overdue.")
