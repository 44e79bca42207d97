from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from commission.audit.models import AuditEvent
from commission.cases import models as case_models
from commission.core.models import Notification
from commission.documents.models import Document
from commission.inquiries import services
from commission.inquiries.models import Inquiry
from commission.registry.models import Mention
from tests.factories import PersonFactory, UserFactory

TODAY = timezone.localdate()
DUE = TODAY + dt.timedelta(days=10)


def _ask(actor, story, recipient=None, **kw):
    kw.setdefault("due_on", DUE)
    kw.setdefault("urgency", "urgent")
    return services.ask(
        actor=actor, subject=story.subject, recipient=recipient or story.stalin, case=story.case,
        question="Give information about Comrade Kasparova and find out who else knows her well.",
        requested_by=story.author, **kw,
    )  # fmt: skip


def _text(response) -> str:
    return response.content.decode()


def _rows(page: str) -> list[str]:
    """The recipients of the board's rows, in order."""
    return re.findall(r'<td><a href="/inquiries/[^/]+/">([^<]+)</a></td>', page)


# The board


def test_board_lists_inquiries_with_case_link_urgency_and_who_asked(client, clerk, story):
    inquiry = _ask(clerk, story)
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:board")))
    assert _rows(page) == ["Iosif Vissarionovich Dzhugashvili (Stalin)"]
    assert f'href="/inquiries/{inquiry.ref}/"' in page
    assert '<a href="/cases/K-1/">Expulsion</a>' in page
    assert '<span class="tag urgent">urgent</span>' in page
    assert "for Vladimir Ilyich Ulyanov (Lenin)" in page
    assert (
        '<td class="excerpt">Give information about Comrade Kasparova and find out who else '
        "knows her well.</td>"
    ) in page
    assert "1 inquiry, earliest due first." in page


def test_board_mine_shows_what_i_asked_or_what_is_addressed_to_me(client, clerk, chair, story):
    _ask(clerk, story)
    _ask(chair, story, recipient=story.author)
    stalin_user = UserFactory(username="stalin", roles=["clerk"])
    story.stalin.user = stalin_user
    story.stalin.save()
    client.force_login(chair)
    assert _rows(_text(client.get(reverse("inquiries:board"), {"view": "mine"}))) == [
        "Vladimir Ilyich Ulyanov (Lenin)"
    ]
    client.force_login(stalin_user)
    assert _rows(_text(client.get(reverse("inquiries:board"), {"view": "mine"}))) == [
        "Iosif Vissarionovich Dzhugashvili (Stalin)"
    ]


def test_board_overdue_is_highlighted_and_filtered(client, clerk, story):
    late = _ask(clerk, story, due_on=TODAY)
    Inquiry.objects.filter(pk=late.pk).update(due_on=TODAY - dt.timedelta(days=2))
    _ask(clerk, story, recipient=story.author, urgency="normal")
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:board"), {"view": "overdue"}))
    assert _rows(page) == ["Iosif Vissarionovich Dzhugashvili (Stalin)"]
    assert '<span class="overdue">' in page
    assert '<span class="tag overdue-tag">past due</span>' in page
    week = _text(client.get(reverse("inquiries:board"), {"view": "week"}))
    assert _rows(week) == []
    assert "none is due in the next seven days" in week


def test_board_filters_by_state_and_urgency_and_groups_by_case(client, clerk, story):
    _ask(clerk, story)
    _ask(clerk, story, recipient=story.author, urgency="normal", send=False)
    client.force_login(clerk)
    url = reverse("inquiries:board")
    assert _rows(_text(client.get(url, {"state": "drafted"}))) == [
        "Vladimir Ilyich Ulyanov (Lenin)"
    ]
    assert _rows(_text(client.get(url, {"urgency": "urgent"}))) == [
        "Iosif Vissarionovich Dzhugashvili (Stalin)"
    ]
    grouped = _text(client.get(url, {"view": "by_case"}))
    assert '<a href="/cases/K-1/">Expulsion of Yevgenia Kasparova-Popova</a>' in grouped
    assert len(_rows(grouped)) == 2


def test_board_partial_for_htmx_has_no_page_around_it(client, clerk, story):
    _ask(clerk, story)
    client.force_login(clerk)
    response = client.get(reverse("inquiries:board"), {"state": "sent"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert _rows(_text(response)) == ["Iosif Vissarionovich Dzhugashvili (Stalin)"]


def test_empty_board_says_what_to_do(client, clerk, story):
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:board")))
    assert "No inquiries yet. Open a case's witness list" in page
    assert "ask a question</a> directly" in page


def test_inquiries_on_a_confidential_case_are_hidden_from_a_clerk(client, clerk, chair, story):
    _ask(clerk, story)
    case_models.Case.objects.filter(pk=story.case.pk).update(confidential=True)
    client.force_login(clerk)
    assert _rows(_text(client.get(reverse("inquiries:board")))) == []
    client.force_login(chair)
    assert len(_rows(_text(client.get(reverse("inquiries:board"))))) == 1


def test_member_may_not_read_the_board(client, member, story):
    client.force_login(member)
    response = client.get(reverse("inquiries:board"))
    assert response.status_code == 403
    assert "Your role does not allow you to read the commission&#x27;s inquiries." in _text(
        response
    )


def test_pages_need_a_login(client, story):
    for url in (
        reverse("inquiries:board"),
        reverse("inquiries:witnesses", args=["K-1"]),
        reverse("inquiries:neighbourhood", args=["P-k"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


# One inquiry and its actions


def test_detail_shows_the_question_and_the_actions(client, clerk, story):
    inquiry = _ask(clerk, story, send=False)
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:detail", args=[inquiry.ref])))
    assert "Question to Iosif Vissarionovich Dzhugashvili (Stalin) about Yevgenia" in page
    assert '<input type="hidden" name="version" value="1"' in page
    assert "Send the inquiry" in page
    assert "Withdraw the inquiry" in page


def test_sending_a_draft_redirects_with_a_message(client, clerk, story):
    inquiry = _ask(clerk, story, send=False)
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:send", args=[inquiry.ref]), {"version": 1}, follow=True
    )
    assert response.redirect_chain == [(f"/inquiries/{inquiry.ref}/", 302)]
    assert "The inquiry was sent." in _text(response)
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.version) == ("sent", 2)


def test_a_stale_form_gets_the_conflict_sentence_and_changes_nothing(client, clerk, story):
    inquiry = _ask(clerk, story, send=False)
    services.send_inquiry(actor=clerk, inquiry=inquiry, expected_version=1)  # someone else
    events = AuditEvent.objects.count()
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:withdraw", args=[inquiry.ref]),
        {"version": 1, "reason": "Asked the wrong person."},
    )
    assert response.status_code == 400
    page = _text(response)
    assert (
        "This inquiry was changed by someone else in the meantime (it is now sent). "
        "Reload it and try again."
    ) in page
    assert "Asked the wrong person.</textarea>" in page  # the value is kept
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.withdrawn_reason, inquiry.version) == ("sent", "", 2)
    assert AuditEvent.objects.count() == events


def test_withdraw_needs_a_reason(client, clerk, story):
    inquiry = _ask(clerk, story)
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:withdraw", args=[inquiry.ref]), {"version": 1, "reason": ""}
    )
    assert response.status_code == 400
    assert "Say why the inquiry is withdrawn." in _text(response)
    assert Inquiry.objects.get().state == "sent"


def test_withdraw_with_a_reason(client, clerk, story):
    inquiry = _ask(clerk, story)
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:withdraw", args=[inquiry.ref]),
        {"version": 1, "reason": "He is away in the Caucasus."},
        follow=True,
    )
    assert "The inquiry was withdrawn." in _text(response)
    assert "He is away in the Caucasus." in _text(response)
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.withdrawn_reason) == ("withdrawn", "He is away in the Caucasus.")


def test_recording_the_answer_from_a_filed_document_files_testimony(client, clerk, story):
    inquiry = _ask(clerk, story)
    reply = Document.objects.create(
        title="Stalin's reply", text="I knew her.", fingerprint="e" * 64
    )
    case_models.CaseDocument.objects.create(
        case=story.case, document=reply, role="correspondence", filed_at=timezone.now()
    )
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:detail", args=[inquiry.ref])))
    assert f'<option value="{reply.pk}">No. {reply.pk}: Stalin&#x27;s reply</option>' in page
    response = client.post(
        reverse("inquiries:answer", args=[inquiry.ref]),
        {
            "version": 1, "filed_document": reply.pk, "stance": "for", "basis": "observed_work",
            "period": "1918–1921", "summary": "Worked with her in the commissariat.",
        },
        follow=True,
    )  # fmt: skip
    assert "The answer was recorded and the reply filed on the case as testimony." in _text(
        response
    )
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.answer_document) == ("answered", reply)
    testimony = case_models.Testimony.objects.get()
    assert (testimony.witness, testimony.stance, testimony.basis, testimony.period) == (
        story.stalin, "for", "observed_work", "1918–1921",
    )  # fmt: skip


def test_the_answer_form_offers_the_letters_of_the_person_asked_naming_the_subject(
    client, clerk, story
):
    inquiry = _ask(clerk, story)
    reply = Document.objects.create(title="From Stalin", text="t", fingerprint="9" * 64)
    secret = Document.objects.create(
        title="Secret from Stalin", text="t", fingerprint="8" * 64, confidential=True
    )
    other = Document.objects.create(title="About someone else", text="t", fingerprint="7" * 64)
    for document in (reply, secret, other):
        Mention.objects.create(document=document, person=story.stalin, role="author")
    for document in (reply, secret):
        Mention.objects.create(document=document, person=story.subject, role="subject")
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:detail", args=[inquiry.ref])))
    assert '<optgroup label="Written by the person asked">' in page
    assert f'<option value="{reply.pk}">No. {reply.pk}: From Stalin</option>' in page
    # The clerk may not read confidential letters, and the other letter is about someone else.
    assert "Secret from Stalin" not in page
    assert "About someone else" not in page
    response = client.post(
        reverse("inquiries:answer", args=[inquiry.ref]),
        {"version": 1, "filed_document": reply.pk, "stance": "for", "basis": "hearsay"},
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.answer_document) == ("answered", reply)


def test_answer_with_an_unknown_document_number_is_refused_in_place(client, clerk, story):
    inquiry = _ask(clerk, story)
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:answer", args=[inquiry.ref]),
        {"version": 1, "document_id": 999999, "stance": "for", "basis": "hearsay",
         "summary": "Kept words"},
    )  # fmt: skip
    assert response.status_code == 400
    page = _text(response)
    assert "There is no document number 999999." in page
    assert "Kept words</textarea>" in page
    assert Inquiry.objects.get().state == "sent"
    assert case_models.Testimony.objects.count() == 0


def test_answering_a_withdrawn_inquiry_shows_the_service_sentence(client, clerk, story):
    inquiry = _ask(clerk, story)
    services.withdraw_inquiry(actor=clerk, inquiry=inquiry, reason="Wrong person.")
    reply = Document.objects.create(title="Reply", text="t", fingerprint="f" * 64)
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:answer", args=[inquiry.ref]),
        {"version": 2, "document_id": reply.pk, "stance": "for", "basis": "hearsay"},
    )
    assert response.status_code == 400
    assert "This inquiry was withdrawn, so a reply cannot answer it." in _text(response)
    assert case_models.Testimony.objects.count() == 0


def test_commissioner_may_read_but_not_withdraw(client, clerk, commissioner, story):
    inquiry = _ask(clerk, story)
    client.force_login(commissioner)
    page = _text(client.get(reverse("inquiries:detail", args=[inquiry.ref])))
    assert "Your role can read this inquiry but not act on it." in page
    response = client.post(
        reverse("inquiries:withdraw", args=[inquiry.ref]), {"version": 1, "reason": "No."}
    )
    assert response.status_code == 403
    assert "You may not withdraw inquiries: your role does not allow it." in _text(response)
    inquiry.refresh_from_db()
    assert (inquiry.state, inquiry.version) == ("sent", 1)


def test_the_recipient_may_read_the_question_addressed_to_them(client, clerk, member, story):
    inquiry = _ask(clerk, story)
    client.force_login(member)
    assert client.get(reverse("inquiries:detail", args=[inquiry.ref])).status_code == 403
    story.stalin.user = member
    story.stalin.save()
    response = client.get(reverse("inquiries:detail", args=[inquiry.ref]))
    assert response.status_code == 200
    assert "Give information about Comrade Kasparova" in _text(response)


def test_unknown_inquiry_is_not_found(client, clerk, story):
    client.force_login(clerk)
    assert client.get(reverse("inquiries:detail", args=["Q-nothing"])).status_code == 404


# Asking


def test_ask_form_is_prefilled_from_the_witness_list(client, clerk, story):
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:ask"), {"case": "K-1", "recipient": "P-lenin"}))
    assert "Ask a question about Yevgenia Kasparova-Popova" in page
    assert "To <strong>Vladimir Ilyich Ulyanov (Lenin)</strong>" in page
    assert 'name="recipient" value="P-lenin"' in page
    assert 'name="case" value="K-1"' in page


def test_asking_by_name_sends_and_redirects(client, clerk, story):
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:ask"),
        {
            "case": "K-1", "recipient_name": "Stalin", "question": "Who else knows her?",
            "urgency": "urgent", "due_on": DUE.isoformat(), "requested_by": "P-lenin",
            "send": "send",
        },
        follow=True,
    )  # fmt: skip
    inquiry = Inquiry.objects.get()
    assert response.redirect_chain == [(f"/inquiries/{inquiry.ref}/", 302)]
    assert "The inquiry to Iosif Vissarionovich Dzhugashvili (Stalin) was sent." in _text(response)
    assert (inquiry.recipient, inquiry.subject, inquiry.case, inquiry.requested_by) == (
        story.stalin, story.subject, story.case, story.author,
    )  # fmt: skip
    assert (inquiry.state, inquiry.urgency, inquiry.due_on, inquiry.asked_by) == (
        "sent", "urgent", DUE, clerk,
    )  # fmt: skip


def test_a_name_that_fits_several_people_offers_the_choice(client, clerk, story):
    PersonFactory(ref="P-k2", given_name="Ivan", surname="Kasparov")
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:ask"),
        {"case": "K-1", "recipient_name": "Kasparov", "question": "Q?", "urgency": "normal",
         "due_on": DUE.isoformat(), "send": "send"},
    )  # fmt: skip
    assert response.status_code == 400
    page = _text(response)
    assert "2 people match “Kasparov”; choose the recipient below." in page
    assert 'name="recipient" value="P-slava"' in page
    assert 'name="recipient" value="P-k2"' in page
    assert Inquiry.objects.count() == 0


def test_asking_the_deceased_is_refused_in_place_with_the_values_kept(client, clerk, story):
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:ask"),
        {"case": "K-1", "recipient": "P-sverdlov", "question": "Did you send her husband?",
         "urgency": "normal", "due_on": DUE.isoformat(), "send": "send"},
    )  # fmt: skip
    assert response.status_code == 400
    page = _text(response)
    assert (
        "Yakov Mikhailovich Sverdlov is deceased (died 16 March 1919); an inquiry cannot be "
        "sent to them."
    ) in page
    assert "Did you send her husband?</textarea>" in page
    assert Inquiry.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_member_may_not_ask(client, member, story):
    client.force_login(member)
    response = client.post(
        reverse("inquiries:ask"),
        {"case": "K-1", "recipient": "P-stalin", "question": "Q?", "urgency": "normal",
         "due_on": DUE.isoformat(), "send": "send"},
    )  # fmt: skip
    assert response.status_code == 403
    assert "You may not send inquiries: your role does not allow it." in _text(response)
    assert Inquiry.objects.count() == 0


# The witness list


def test_witness_list_shows_paths_marks_and_ask_buttons(client, clerk, story):
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:witnesses", args=["K-1"])))
    assert (
        "knew abroad Vyacheslav Mikhailovich Kasparov, her brother (very well, abroad after 1905)"
    ) in page
    assert "/inquiries/new/?case=K-1&amp;recipient=P-lenin" in page
    assert '<span class="tag mark-deceased">deceased</span>' in page
    assert "<html" in page


def test_witness_filters_leave_out_the_marked(client, clerk, story):
    _ask(clerk, story, recipient=story.author)
    client.force_login(clerk)
    response = client.get(
        reverse("inquiries:witnesses", args=["K-1"]),
        {"hide": ["deceased", "asked"]},
        HTTP_HX_REQUEST="true",
    )
    page = _text(response)
    assert "<html" not in page
    assert re.findall(r'<th scope="row"><a href="/registry/people/([^/]+)/">', page) == []
    assert "4 found, 4 left out by the filters." in page
    assert "Every candidate is left out by the filters." in page


def test_witness_list_shows_the_referee_verdicts(client, clerk, story):
    doc = Document.objects.create(title="Recommendation", text="t", fingerprint="r" * 64)
    case_models.Testimony.objects.create(
        case=story.case, document=doc, witness=story.author, stance="for", basis="knows_relative"
    )
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:witnesses", args=["K-1"])))
    assert '<span class="tag does-not-count">does not count</span>' in page
    assert (
        "Vladimir Ilyich Ulyanov (Lenin) speaks from knows a relative, not from observing "
        "Yevgenia Kasparova-Popova&#x27;s work."
    ) in page


def test_witness_list_of_a_confidential_case_is_refused_to_a_clerk(client, clerk, chair, story):
    case_models.Case.objects.filter(pk=story.case.pk).update(confidential=True)
    client.force_login(clerk)
    response = client.get(reverse("inquiries:witnesses", args=["K-1"]))
    assert response.status_code == 403
    assert "Your role does not allow you to read this case." in _text(response)
    assert AuditEvent.objects.count() == 0
    client.force_login(chair)
    assert client.get(reverse("inquiries:witnesses", args=["K-1"])).status_code == 200
    assert AuditEvent.objects.get().action == "case.read"


# The neighbourhood picture


def test_neighbourhood_svg_has_one_node_per_person_and_highlights_paths(client, clerk, story):
    client.force_login(clerk)
    response = client.get(reverse("inquiries:neighbourhood", args=["P-k"]), {"case": "K-1"})
    page = _text(response)
    assert re.findall(r'data-person="([^"]+)"', page) == [
        "P-k", "P-slava", "P-popov", "P-lenin", "P-sverdlov",
    ]  # fmt: skip
    assert page.count('<line class="edge on-path') == 4
    assert "<title>Vladimir Ilyich Ulyanov (Lenin) — knew abroad — Vyacheslav" in page
    assert "The witness paths in words" in page
    # A group of links, not an image: an image's contents are not reached by a screen reader.
    assert '<svg class="neighbourhood" xmlns="http://www.w3.org/2000/svg"' in page
    assert 'role="group" aria-labelledby="nb-title nb-desc">' in page
    assert "style=" not in page
    assert "<script>" not in page


def test_neighbourhood_focus_draws_one_path_darkest(client, clerk, story):
    client.force_login(clerk)
    page = _text(
        client.get(
            reverse("inquiries:neighbourhood", args=["P-k"]), {"case": "K-1", "witness": "P-lenin"}
        )
    )
    assert page.count("focus") >= 2
    assert len(re.findall(r'<line class="edge on-path[^"]*focus"', page)) == 2


def test_markup_in_names_is_escaped(client, clerk, story):
    story.author.known_as = "<script>alert(1)</script>"
    story.author.save()
    client.force_login(clerk)
    for url in (
        reverse("inquiries:neighbourhood", args=["P-k"]),
        reverse("inquiries:witnesses", args=["K-1"]),
    ):
        page = _text(client.get(url))
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_neighbourhood_of_a_person_with_no_ties_says_so(client, clerk, db):
    PersonFactory(ref="P-alone", given_name="Anna", patronymic="", surname="Odinokova")
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:neighbourhood", args=["P-alone"])))
    assert "No ties of Anna Odinokova are recorded, so there is nobody to draw." in page
    assert "<svg" not in page


# Notifications


@pytest.fixture
def note(clerk):
    return Notification.objects.create(
        user=clerk, message="The commission asks <b>you</b>", link="/inquiries/Q-1/"
    )


def test_notifications_partial_lists_unread_and_escapes(client, clerk, note):
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:notifications"), HTTP_HX_REQUEST="true"))
    assert "The commission asks &lt;b&gt;you&lt;/b&gt;" in page
    assert f'hx-post="/notifications/{note.pk}/read/"' in page


def test_mark_read_redirects_back_and_hides_it(client, clerk, note):
    client.force_login(clerk)
    response = client.post(reverse("inquiries:mark_read", args=[note.pk]), {"next": "/inquiries/"})
    assert (response.status_code, response["Location"]) == (302, "/inquiries/")
    note.refresh_from_db()
    assert note.read_at is not None
    page = _text(client.get(reverse("inquiries:notifications")))
    assert "You have no unread notifications." in page


def test_mark_read_refuses_someone_elses_and_an_outside_next(client, clerk, chair, note):
    client.force_login(chair)
    assert client.post(reverse("inquiries:mark_read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    client.force_login(clerk)
    response = client.post(
        reverse("inquiries:mark_read", args=[note.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/notifications/"


def test_witness_list_sorts_each_group_best_first_and_says_when_someone_was_asked(
    client, clerk, story
):
    inquiry = _ask(clerk, story)  # Stalin, with no tie to her
    client.force_login(clerk)
    page = _text(client.get(reverse("inquiries:witnesses", args=["K-1"])))

    living, deceased = page.split("<caption>Deceased: named by the ties, cannot be asked")
    assert "<caption>Who can be asked, best first</caption>" in living
    for table in (living, deceased):
        scores = [float(s) for s in re.findall(r'<td class="num">([\d.]+)</td>', table)]
        assert scores == sorted(scores, reverse=True)
    assert re.findall(r'<th scope="row"><a href="/registry/people/([^/]+)/">', living) == [
        "P-lenin", "P-stalin",
    ]  # fmt: skip
    assert re.findall(r'<th scope="row"><a href="/registry/people/([^/]+)/">', deceased) == [
        "P-slava", "P-popov", "P-sverdlov",
    ]  # fmt: skip
    asked_on = (inquiry.sent_at or inquiry.created_at).date()
    assert (
        f'<a href="/inquiries/{inquiry.ref}/">asked on {asked_on.day} {asked_on:%B %Y}</a>'
    ) in living
    assert "recipient=P-stalin" not in page
    assert "recipient=P-lenin" in page
    assert "What the score means" in page
    assert "Someone the commission has asked without a known tie is given 0.20." in page
