from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from commission.audit.models import AuditEvent
from commission.cases import models as case_models
from commission.documents.models import Document
from commission.inquiries import services
from commission.inquiries.models import Inquiry, Reminder
from commission.registry.models import Mention
from tests.factories import PersonFactory, UserFactory

DUE = dt.date(1921, 12, 27)
WITNESS_LIST = [
    "Who can speak to Yevgenia Kasparova-Popova [P-k], best first:",
    "  1. Vladimir Ilyich Ulyanov (Lenin) [P-lenin]  score 0.21",
    "       knew abroad Vyacheslav Mikhailovich Kasparov, her brother "
    "(very well, abroad after 1905)",
    "  2. Vyacheslav Mikhailovich Kasparov [P-slava]  score 0.18  (deceased)",
    "       sibling of Yevgenia Kasparova-Popova",
    "  3. Popov [P-popov]  score 0.18  (deceased)",
    "       spouse of Yevgenia Kasparova-Popova",
    "  4. Yakov Mikhailovich Sverdlov [P-sverdlov]  score 0.02  (deceased)",
    "       sent on assignment Popov, her husband",
]


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def ask(actor, story, recipient=None, **kw) -> Inquiry:
    values = {
        "subject": story.subject, "recipient": recipient or story.stalin, "case": story.case,
        "question": "Give information about Comrade Kasparova.", "due_on": DUE,
        "urgency": "urgent", **kw,
    }  # fmt: skip
    return services.ask(actor=actor, **values)


# --- witnesses -----------------------------------------------------------------------------


def test_witnesses_prints_each_candidate_with_score_marks_and_paths(clerk, story):
    assert run("witnesses", "Kasparova-Popova", "--case", "K-1", "--as", "clerk") == WITNESS_LIST


def test_witnesses_leaves_out_marked_candidates_and_says_how_many(clerk, story):
    assert run("witnesses", "P-k", "--exclude", "deceased", "--as", "clerk") == [
        *WITNESS_LIST[:3],
        "3 marked candidates were left out.",
    ]


def test_witnesses_says_when_more_are_not_shown(clerk, story):
    assert run("witnesses", "P-k", "--limit", "1")[-1] == (
        "3 more not shown; raise --limit to see them."
    )


def test_witnesses_lists_the_people_a_name_matches_and_asks_for_a_ref(story, capsys):
    PersonFactory(ref="P-other-k", given_name="Anna", patronymic="", surname="Kasparova")

    with pytest.raises(
        CommandError, match=r"^Run the command again with one of these references\.$"
    ):
        call_command("witnesses", "Kasparova", "--no-input")

    assert capsys.readouterr().out.splitlines() == [
        "3 people match 'Kasparova':",
        "  P-other-k  Anna Kasparova",
        "  P-k  Yevgenia Kasparova-Popova",
        "  P-slava  Vyacheslav Mikhailovich Kasparov",
    ]


def test_witnesses_asks_at_a_terminal_which_person_is_meant(story, monkeypatch):
    PersonFactory(ref="P-other-k", given_name="Anna", patronymic="", surname="Kasparova")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: "P-k")

    assert run("witnesses", "Kasparova") == [
        "3 people match 'Kasparova':",
        "  P-other-k  Anna Kasparova",
        "  P-k  Yevgenia Kasparova-Popova",
        "  P-slava  Vyacheslav Mikhailovich Kasparov",
        *WITNESS_LIST,
    ]


def test_witnesses_refuses_an_unknown_mark(story):
    with pytest.raises(
        CommandError,
        match=r'^--exclude: "dead" is not a mark; use one of asked, deceased, recused, '
        r"testifying, tied\.$",
    ):
        call_command("witnesses", "P-k", "--exclude", "dead")


def test_witnesses_refuses_someone_without_the_right(member, story):
    with pytest.raises(
        CommandError, match=r"^You may not search for witnesses: your role does not allow it\.$"
    ):
        call_command("witnesses", "P-k", "--as", "member")


def test_witnesses_names_a_query_nobody_matches(story):
    with pytest.raises(CommandError, match=r"^Nobody in the registry matches 'Solts'\.$"):
        call_command("witnesses", "Solts")


# --- inquiries -----------------------------------------------------------------------------


def test_inquiries_ask_sends_a_question(clerk, story):
    printed = run(
        "inquiries", "ask", "--subject", "P-k", "--recipient", "P-stalin", "--case", "K-1",
        "--question", "Who else knows her well?", "--due", "1921-12-27", "--urgent",
        "--as", "clerk",
    )  # fmt: skip

    inquiry = Inquiry.objects.get()
    assert printed == [
        f"Asked: {inquiry.ref}  sent, urgent, due 27 December 1921: to Iosif Vissarionovich "
        "Dzhugashvili (Stalin) about Yevgenia Kasparova-Popova [case K-1]."
    ]
    assert (inquiry.asked_by, inquiry.case, inquiry.question) == (
        clerk, story.case, "Who else knows her well?",
    )  # fmt: skip


def test_inquiries_ask_refuses_a_bad_date_and_asks_nothing(clerk, story):
    with pytest.raises(
        CommandError,
        match=r"^--due: 'next week' is not a date; give it as YYYY-MM-DD, e\.g\. 1921-12-27\.$",
    ):
        call_command(
            "inquiries", "ask", "--subject", "P-k", "--recipient", "P-stalin",
            "--question", "?", "--due", "next week",
        )  # fmt: skip
    assert Inquiry.objects.count() == 0


def test_inquiries_ask_refuses_a_commissioner_and_asks_nothing(commissioner, story):
    with pytest.raises(
        CommandError, match=r"^You may not send inquiries: your role does not allow it\.$"
    ):
        call_command(
            "inquiries", "ask", "--subject", "P-k", "--recipient", "P-stalin",
            "--question", "?", "--due", "1921-12-27", "--as", "commissioner",
        )  # fmt: skip
    assert Inquiry.objects.count() == 0
    # Only the record that the operating-system user acted as the commissioner.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["cli.act_as"]


def test_inquiries_list_filters_by_state_case_and_overdue(clerk, story):
    late = ask(clerk, story)
    today = dt.date.today()
    draft = ask(clerk, story, recipient=story.author, due_on=today, send=False)

    everything = run("inquiries", "list", "--as", "clerk")
    drafts = run("inquiries", "list", "--state", "drafted")
    overdue = run("inquiries", "list", "--overdue", "--case", "K-1")

    assert everything == [
        f"{late.ref}  sent, urgent, due 27 December 1921: to Iosif Vissarionovich Dzhugashvili "
        "(Stalin) about Yevgenia Kasparova-Popova [case K-1]",
        f"{draft.ref}  drafted, urgent, due {today:%d %B %Y}: to Vladimir Ilyich Ulyanov (Lenin) "
        "about Yevgenia Kasparova-Popova [case K-1]",
        "2 inquiries.",
    ]
    assert drafts == [everything[1], "1 inquiry."]
    assert overdue == [everything[0], "1 inquiry."]
    assert run("inquiries", "list", "--state", "answered") == ["No inquiries match."]


def test_inquiries_list_needs_the_right_to_read_them(member, story):
    with pytest.raises(
        CommandError,
        match=r"^You may not read the commission's inquiries: your role does not allow it\.$",
    ):
        call_command("inquiries", "list", "--as", "member")


def test_inquiries_answer_files_the_reply_as_testimony(clerk, story):
    inquiry = ask(clerk, story)
    reply = Document.objects.create(title="Stalin's reply", text="t", fingerprint="b" * 64)

    printed = run(
        "inquiries", "answer", inquiry.ref, "--reply", str(reply.pk), "--stance", "for",
        "--basis", "observed_work", "--period", "since 1918", "--as", "clerk",
    )  # fmt: skip

    assert printed == [
        f"Recorded “Stalin's reply” as Iosif Vissarionovich Dzhugashvili (Stalin)'s answer to "
        f"inquiry {inquiry.ref} (in favour of the subject). It is filed on case K-1 as testimony."
    ]
    testimony = case_models.Testimony.objects.get()
    assert (testimony.witness, testimony.stance, testimony.basis, testimony.period) == (
        story.stalin, "for", "observed_work", "since 1918",
    )  # fmt: skip


def _reply_from(author, *about) -> Document:
    reply = Document.objects.create(title="A reply", text="t", fingerprint="c" * 64)
    Mention.objects.create(document=reply, person=author, role=Mention.Role.AUTHOR)
    for person in about:
        Mention.objects.create(document=reply, person=person, role=Mention.Role.SUBJECT)
    return reply


def test_inquiries_answer_finds_the_inquiry_the_reply_answers(clerk, story):
    inquiry = ask(clerk, story)
    ask(clerk, story, recipient=story.author)  # asked of someone else: not this reply's
    reply = _reply_from(story.stalin, story.subject)

    printed = run(
        "inquiries", "answer", "--reply", str(reply.pk), "--stance", "for",
        "--basis", "observed_work", "--as", "clerk",
    )  # fmt: skip

    assert printed == [
        f"Recorded “A reply” as Iosif Vissarionovich Dzhugashvili (Stalin)'s answer to "
        f"inquiry {inquiry.ref} (in favour of the subject). It is filed on case K-1 as testimony."
    ]
    inquiry.refresh_from_db()
    assert inquiry.state == "answered"


def test_inquiries_answer_names_a_reply_that_matches_no_open_inquiry(clerk, story):
    inquiry = ask(clerk, story)
    reply = _reply_from(story.sverdlov, story.subject)

    with pytest.raises(CommandError, match=rf"^Document {reply.pk} \(“A reply”\) matches no open"):
        call_command(
            "inquiries", "answer", "--reply", str(reply.pk), "--stance", "for",
            "--basis", "hearsay", "--as", "clerk",
        )  # fmt: skip
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.version) == ("sent", 1)
    assert case_models.Testimony.objects.count() == 0


def test_inquiries_answer_asks_which_when_a_reply_may_answer_two(clerk, story):
    first = ask(clerk, story)
    second = ask(clerk, story, subject=story.brother, case=None)
    reply = _reply_from(story.stalin, story.subject, story.brother)

    with pytest.raises(CommandError, match="may answer 2 open inquiries") as refused:
        call_command(
            "inquiries", "answer", "--reply", str(reply.pk), "--stance", "for",
            "--basis", "hearsay", "--as", "clerk",
        )  # fmt: skip
    assert first.ref in str(refused.value)
    assert second.ref in str(refused.value)
    assert Inquiry.objects.filter(state="answered").count() == 0


def test_inquiries_answer_refuses_an_unknown_document_and_changes_nothing(clerk, story):
    inquiry = ask(clerk, story)

    with pytest.raises(CommandError, match=r"^There is no document with the id 999\.$"):
        call_command(
            "inquiries", "answer", inquiry.ref, "--reply", "999", "--stance", "for",
            "--basis", "hearsay",
        )  # fmt: skip
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.version) == ("sent", 1)
    assert case_models.Testimony.objects.count() == 0


def test_inquiries_withdraw(clerk, story):
    inquiry = ask(clerk, story)

    printed = run("inquiries", "withdraw", inquiry.ref, "--reason", "Asked in person.")

    assert printed == [f"Withdrew inquiry {inquiry.ref}: Asked in person."]
    inquiry.refresh_from_db()
    assert inquiry.state == "withdrawn"


def test_inquiries_withdraw_refuses_an_answered_inquiry(clerk, story):
    inquiry = ask(clerk, story)
    reply = Document.objects.create(title="Reply", text="t", fingerprint="b" * 64)
    services.answer_inquiry(
        actor=clerk, inquiry=inquiry, reply=reply, stance="for", basis="hearsay"
    )
    events = AuditEvent.objects.count()

    with pytest.raises(
        CommandError, match=r"^Only an open inquiry can be withdrawn; this one is answered\.$"
    ):
        call_command("inquiries", "withdraw", inquiry.ref, "--reason", "x")
    inquiry.refresh_from_db()
    assert inquiry.state == "answered"
    assert AuditEvent.objects.count() == events


def test_inquiries_names_an_unknown_inquiry(story):
    with pytest.raises(CommandError, match=r"^There is no inquiry with the reference Q-none\.$"):
        call_command("inquiries", "withdraw", "Q-none", "--reason", "x")


def test_an_unknown_user_is_named(story):
    with pytest.raises(CommandError, match=r"^There is no user called 'nobody'\.$"):
        call_command("inquiries", "list", "--as", "nobody")


# --- remind --------------------------------------------------------------------------------


def test_remind_twice_on_one_day_sends_nothing_the_second_time(clerk, story):
    story.chair_person.user = UserFactory(username="zalutsky", roles=["chair"])
    story.chair_person.save()
    ask(clerk, story)

    first = run("remind", "--today", "1921-12-28", "--as", "clerk")
    second = run("remind", "--today", "1921-12-28", "--as", "clerk")

    assert first == [
        "On 28 December 1921: 1 inquiry newly overdue, 1 reminder sent, 1 inquiry escalated to "
        "the chair."
    ]
    assert second == [
        "On 28 December 1921: 0 inquiries newly overdue, 0 reminders sent, 0 inquiries "
        "escalated to the chair."
    ]
    assert Inquiry.objects.get().state == "overdue"
    assert Reminder.objects.count() == 2


def test_remind_refuses_someone_who_may_not_send_inquiries(commissioner, clerk, story):
    ask(clerk, story)
    events = AuditEvent.objects.count()

    with pytest.raises(
        CommandError, match=r"^You may not run inquiry reminders: your role does not allow it\.$"
    ):
        call_command("remind", "--today", "1921-12-28", "--as", "commissioner")
    assert Inquiry.objects.get().state == "sent"
    assert Reminder.objects.count() == 0
    # Only the record that the operating-system user acted as the commissioner.
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("seq").last().action == "cli.act_as"
