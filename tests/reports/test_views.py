"""The dashboard page: each role's sections, what each may see, empty states and the query
bound (commission.reports.views, commission.reports.queries)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commission.cases.enums import CaseState
from commission.inquiries.enums import InquiryState
from tests.factories import UserFactory
from tests.reports.conftest import make_case, make_inquiry, make_letter

URL = "/dashboard/"

# The most SQL queries one dashboard may cost, whatever the size of the commission: the
# session, the user, their groups and permissions, and per section its rows (one query per
# index it reads them from) and, when there are more than ten, one capped count.
# Some lists read the ids of their first rows, as many as the count needs, and then the rows
# shown (two queries whether they are short or long); the member's own cases are read with
# their hearings and decisions (two more, only when there are any).
# Each includes one read of the installation's calendar (the banner, the day), which a page
# makes when it is not in the cache.
# Each includes, as every signed-in request does, whether the account has a second factor and
# which commissions a clerk is posted to.
MAX_QUERIES = {
    "clerk": 19,
    "commissioner": 15,
    "chair": 17,
    "auditor": 9,
    "member": 10,
    "every": 32,
}


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _titles(html: str) -> list[str]:
    return [
        re.sub(r"\s*<span.*", "", t) for t in re.findall(r'<h2 id="dash-[^"]+">(.*?)</h2>', html)
    ]


def _refs(html: str) -> set[str]:
    return set(re.findall(r"\b[KI]-[a-z]+\b", html))


def test_home_page_leads_to_the_dashboard(client, clerk):
    client.force_login(clerk)
    assert client.get("/").url == reverse("reports:dashboard")


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_clerk_sees_the_intake_queue_inquiries_and_files(client, clerk, world):
    html = _page(client, clerk)
    assert _titles(html) == [
        "Letters waiting for confirmation",
        "Inquiries overdue",
        "Inquiries due this week",
        "Cases waiting for their file",
    ]
    letter = world.letters["waiting"]
    assert f'href="/letters/{letter.pk}/">Letter waiting for a clerk</a>' in html
    assert "2 to confirm" in html
    assert "Letter already confirmed" not in html
    assert 'href="/inquiries/I-late/"' in html
    assert 'href="/inquiries/I-marked/"' in html
    assert 'href="/inquiries/I-soon/"' in html
    # The clerk may not see the confidential case, nor the inquiry on it.
    assert _refs(html) == {"K-gather", "K-open", "I-late", "I-marked", "I-soon"}
    assert "secret" not in html
    assert 'href="/letters/?state=waiting"' in html
    assert 'href="/inquiries/?view=overdue"' in html


def test_clerk_lists_overdue_inquiries_longest_overdue_first(client, clerk, world):
    html = _page(client, clerk)
    assert html.index("I-marked") < html.index("I-late") < html.index("I-soon")
    assert 'Inquiries overdue <span class="dash-count">(2)</span>' in html


def test_cases_waiting_for_their_file_overdue_first(client, clerk, world):
    html = _page(client, clerk)
    section = html[html.index('id="dash-cases_gathering"') :]
    assert section.index("K-gather") < section.index("K-open")
    assert '<span class="tag overdue">overdue</span>' in section


def test_commissioner_sees_the_cases_of_their_commission(client, commissioner, world):
    html = _page(client, commissioner)
    assert _titles(html) == [
        "Cases before your commissions",
        "Hearings this week",
        "Cases waiting for a decision",
    ]
    # District cases only (the central seat has ended), the confidential one included.
    assert _refs(html) == {"K-gather", "K-secret", "K-heard", "K-own"}
    assert "No hearing is scheduled for today or the next seven days." in html
    assert "Its hearing was set for" in html
    # A commissioner studies the file; only the chair records the decision.
    assert "/cases/K-heard/decide/" not in html
    assert "Letters waiting" not in html


def test_commissioner_without_a_registry_person_is_told_why(client, db):
    user = UserFactory(username="newcomer", roles=["commissioner"])
    html = _page(client, user)
    assert "Your login is not linked to a person in the registry" in html
    assert _titles(html) == ["Your commissions"]


def test_chair_sees_hearings_to_hold_and_decisions_to_sign(client, chair, world):
    html = _page(client, chair)
    assert _titles(html) == [
        "Cases before your commissions",
        "Cases ready for a hearing",
        "Hearings this week",
        "Decisions to sign",
    ]
    assert _refs(html) == {"K-open", "K-ready", "K-soon", "K-reported"}
    hearing = world.hearings["soon"]
    assert f'href="/cases/K-soon/hearings/{hearing.pk}/held/"' in html
    assert f'href="/cases/K-soon/hearings/{hearing.pk}/postpone/"' in html
    assert 'href="/cases/K-ready/hearings/new/">Schedule a hearing' in html
    assert 'href="/cases/K-reported/decide/">Record the decision' in html
    assert "A document reports the outcome “reinstate”" in html


def test_chair_without_seats_sees_every_commission(client, db, world):
    user = UserFactory(username="secretariat-chair", roles=["chair"])
    html = _page(client, user)
    section = html[html.index('id="dash-decisions"') :]
    assert section.index("K-heard") < section.index("K-reported")
    assert 'href="/cases/K-heard/decide/"' in section


def test_auditor_sees_recent_events_and_may_verify(client, auditor, world):
    html = _page(client, auditor)
    assert _titles(html) == ["Recent audit events"]
    assert f'action="{reverse("audit:verify")}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "2 events written" in html
    # Newest first; the auditor may see personal data.
    assert html.index("Event 2") < html.index("Event 1")
    assert "58–97" in html


def test_member_sees_only_their_own_case_and_its_deadlines(client, member, world):
    html = _page(client, member)
    assert _titles(html) == ["Your cases"]
    assert _refs(html) == {"K-own"}
    deadline = world.today + dt.timedelta(days=7)
    assert f"until {deadline.day} {deadline:%B %Y}" in html
    assert "You may appeal to Gubernia Commission" in html
    assert 'href="/cases/K-own/appeal/">File an appeal' in html
    assert f"Decision of {world.today.day} {world.today:%B %Y}: expel." in html


def test_a_russian_sentence_ending_in_a_date_has_one_stop(client, member, world):
    client.force_login(member)
    client.cookies["django_language"] = "ru"
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    deadline = world.today + dt.timedelta(days=7)
    assert re.search(rf"до {deadline.day} \w+ {deadline.year} г\. <a", html)
    assert "г.." not in html


def test_member_after_the_appeal_window(client, member, world):
    from commission.cases.models import Decision

    Decision.objects.filter(case=world.cases["own"]).update(
        appeal_deadline=world.today - dt.timedelta(days=1)
    )
    html = _page(client, member)
    assert "The time to appeal ended on" in html
    assert "File an appeal" not in html


def test_outsider_sees_no_work_and_is_told_why(client, outsider, world):
    html = _page(client, outsider)
    assert "Your login has no role in the commission yet" in html
    assert _titles(html) == ["Your cases"]
    assert "You have no case before the commission." in html
    assert _refs(html) == set()


def test_several_roles_see_the_sections_of_each_once(client, db, world):
    user = UserFactory(username="both", roles=["clerk", "chair"])
    html = _page(client, user)
    assert _titles(html) == [
        "Letters waiting for confirmation",
        "Inquiries overdue",
        "Inquiries due this week",
        "Cases waiting for their file",
        "Cases before the commissions",
        "Cases ready for a hearing",
        "Hearings this week",
        "Decisions to sign",
    ]
    assert "For you as clerk" in html
    assert "For you as chair" in html


def test_commissioner_and_chair_share_sections(client, world):
    from commission.registry.models import Person

    user = UserFactory(username="kom-chair", roles=["commissioner", "chair"])
    Person.objects.filter(pk=world.people["commissioner"].pk).update(user=user)
    html = _page(client, user)
    assert _titles(html).count("Hearings this week") == 1
    assert "For you as commissioner and chair" in html


def test_empty_states_say_what_to_do(client, clerk, chair, commissioner, db):
    html = _page(client, clerk)
    assert (
        'No letters wait for confirmation. <a href="/letters/upload/">Upload letters on the '
        "Letters page.</a>"
    ) in html
    assert "No inquiry is past its due date." in html
    assert "No open inquiry falls due in the next seven days." in html
    assert 'No case is waiting for its file to be completed. <a href="/cases/open/">' in html
    html = _page(client, chair)
    assert "No case is waiting for a hearing date." in html
    assert "No case is waiting for a decision." in html


def test_long_lists_show_ten_rows_and_the_count(client, clerk, world):
    for n in range(12):
        make_letter(f"Extra letter {n:02d}", pending=1)
    html = _page(client, clerk)
    section = html[html.index('id="dash-letters"') : html.index('id="dash-inquiries_overdue"')]
    assert 'Letters waiting for confirmation <span class="dash-count">(13)</span>' in section
    assert section.count("to confirm</span>") == 10
    assert "The first 10 are shown." in section
    # Waiting longest first.
    assert "Letter waiting for a clerk" in section
    assert "Extra letter 11" not in section


@pytest.mark.parametrize("who", ["clerk", "commissioner", "chair", "auditor", "member", "every"])
def test_the_number_of_queries_does_not_grow_with_the_data(client, request, world, who):
    if who == "every":
        user = UserFactory(
            username="all-roles", roles=["clerk", "commissioner", "chair", "auditor", "member"]
        )
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    # Many more rows in every list: letters, inquiries, cases of each state.
    today = world.today
    for n in range(15):
        make_letter(f"More {n}", pending=2)
        make_inquiry(f"I-x{n}", state=InquiryState.SENT, due=-1 - n, today=today)
        make_inquiry(f"I-y{n}", state=InquiryState.SENT, due=n % 7, today=today)
        for state in (CaseState.GATHERING, CaseState.READY, CaseState.HEARING):
            make_case(f"K-{state}{n}", world.district, state, -1, today)
            make_case(f"K-g{state}{n}", world.gubernia, state, -1, today)
        make_case(f"K-a{n}", world.district, CaseState.APPEALED, None, today)
        make_case(f"K-ga{n}", world.gubernia, CaseState.APPEALED, None, today)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(large) <= MAX_QUERIES[who], [q["sql"][:120] for q in large.captured_queries]
    assert len(large) - len(small) <= 2 * (len(_titles(client.get(URL).content.decode())))


def test_case_and_inquiry_rows_are_escaped_and_in_the_readers_language(client, clerk, world):
    today = dt.date.today()
    case = make_case("K-mark", world.district, CaseState.GATHERING, -3, today,
                     title="<b>Expulsion</b> & more")  # fmt: skip
    inquiry = make_inquiry("I-mark", state=InquiryState.SENT, due=-2, today=today, case=case)
    inquiry.question = "Did he say <script>x</script>? " + "Long question. " * 12
    inquiry.save()
    html = _page(client, clerk)
    assert "<b>Expulsion</b>" not in html
    assert "<script>" not in html
    assert "&lt;b&gt;Expulsion&lt;/b&gt; &amp; more" in html
    assert "Did he say &lt;script&gt;x&lt;/script&gt;?" in html
    excerpt = re.search(r'<div class="dash-excerpt">(Did he say.*?)</div>', html)
    assert excerpt is not None
    assert excerpt[1].endswith("…")
    assert 'href="/cases/K-mark/"' in html
    client.cookies["django_language"] = "ru"
    russian = client.get(URL, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    due = today - dt.timedelta(days=3)
    assert f"срок {due:%d.%m.%Y}" in russian
    assert '<span class="tag overdue">просрочено</span>' in russian


def test_people_are_named_in_cyrillic_on_a_russian_page(client, clerk, world):
    from commission.registry.models import PersonName

    today = dt.date.today()
    subject = world.cases["gather"].subject
    PersonName.objects.create(person=subject, kind="variant", value="Пётр Иванович Сидоров")
    make_inquiry(
        "I-named", state=InquiryState.SENT, due=-2, today=today, case=world.cases["gather"]
    )
    english = _page(client, clerk)
    assert "Пётр Иванович Сидоров" not in english
    assert f"about {subject.display_name}</a>" in english
    client.cookies["django_language"] = "ru"
    with CaptureQueriesContext(connection) as russian_queries:
        russian = client.get(URL, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    # The case list and the inquiry lists both name him so.
    assert russian.count("Пётр Иванович Сидоров") == 3
    # The name forms are read for a list's people not named higher on the page, once a list
    # and only when there are any, not once a person.
    forms = [q for q in russian_queries.captured_queries if "registry_personname" in q["sql"]]
    assert len(forms) == 2
