"""The procedure statistics: every figure on a small organisation whose numbers are known,
the scope, the period and the reader's rights, the cases behind a figure, the page with its
charts, the API and the command."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from commission.audit.services import record_event
from commission.cases.models import Case, CaseDocument, CaseTransition, Decision, Vote
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput, NotAllowed, NotFound
from commission.documents.models import Document
from commission.inquiries.models import Inquiry
from commission.registry.enums import CommissionLevel
from commission.reports.statistics.behind import cases_behind
from commission.reports.statistics.figures import Frame
from commission.reports.statistics.report import as_data, frame_for, procedure_statistics
from commission.reports.statistics.sql import Durations
from tests.factories import CommissionFactory, OrganisationFactory, PersonFactory

D = dt.date


def _case(ref, commission, kind, opened_on, **extra):
    return Case.objects.create(
        ref=ref, subject=extra.pop("subject", None) or PersonFactory(ref=f"P-{ref}"),
        commission=commission, kind=kind, state=extra.pop("state", "decided"),
        opened_on=opened_on, title=f"Case {ref}", **extra,
    )  # fmt: skip


def _decide(case, outcome, decided_on, votes=(), **extra):
    decision = Decision.objects.create(
        case=case, outcome=outcome, decided_on=decided_on, reasons="Heard.", **extra
    )
    Vote.objects.bulk_create(Vote(decision=decision, commissioner=p, choice=c) for p, c in votes)
    return decision


@pytest.fixture
def world(db):
    org = OrganisationFactory()
    central = CommissionFactory(ref="C-c", organisation=org, level=CommissionLevel.CENTRAL)
    gubernia = CommissionFactory(
        ref="C-g", organisation=org, level=CommissionLevel.GUBERNIA, parent=central
    )
    district = CommissionFactory(
        ref="C-d", organisation=org, level=CommissionLevel.DISTRICT, parent=gubernia
    )
    seats = [PersonFactory(ref=f"P-seat{i}") for i in range(5)]
    k1 = _case("K1", district, "expulsion", D(1921, 11, 1), state="appealed")
    d1 = _decide(k1, "expel", D(1921, 11, 11), [(p, "for") for p in seats])
    k2 = _case("K2", gubernia, "appeal", D(1921, 11, 15), subject=k1.subject, appeals=d1)
    _decide(k2, "probation", D(1921, 11, 20), term_until=D(1923, 5, 20))
    k3 = _case("K3", district, "verification", D(1921, 11, 5))
    d3 = _decide(k3, "retain", D(1921, 11, 25), [(p, "for" if i < 3 else "against")
                                                 for i, p in enumerate(seats)])  # fmt: skip
    k4 = _case("K4", district, "expulsion", D(1921, 12, 1), confidential=True)
    _decide(k4, "expel", D(1921, 12, 4), [(p, "for" if i < 4 else "against")
                                          for i, p in enumerate(seats)])  # fmt: skip
    _case("K5", gubernia, "verification", D(1922, 2, 1), state="open")
    start = timezone.make_aware(dt.datetime(1921, 11, 1, 9))
    for from_state, to_state, days in [
        ("", "open", 0),
        ("open", "gathering", 2),
        ("gathering", "ready", 5),
        ("ready", "decided", 10),
    ]:
        move = CaseTransition.objects.create(case=k1, from_state=from_state, to_state=to_state,
                                             reason="moved")  # fmt: skip
        CaseTransition.objects.filter(pk=move.pk).update(at=start + dt.timedelta(days=days))
    late = Document.objects.create(title="Late", text="Late.", fingerprint="l" * 64)
    CaseDocument.objects.create(
        case=k3, document=late, role="testimony",
        filed_at=d3.recorded_at + dt.timedelta(days=1),
    )  # fmt: skip
    sent = timezone.make_aware(dt.datetime(1921, 11, 2, 10))
    Inquiry.objects.create(
        ref="I1", case=k1, subject=k1.subject, recipient=seats[0], question="Who knows her?",
        due_on=D(1921, 11, 5), state="answered", sent_at=sent,
        answered_at=sent + dt.timedelta(days=4),
    )  # fmt: skip
    Inquiry.objects.create(
        ref="I2", case=k3, subject=k3.subject, recipient=seats[1], question="Who knows him?",
        due_on=D(1921, 11, 20), state="overdue", sent_at=sent,
        escalated_at=sent + dt.timedelta(days=20),
    )  # fmt: skip
    return {"district": district, "gubernia": gubernia}


def _counts(rows):
    return {tuple(r.keys.values()): r.count for r in rows}


def test_every_figure_for_a_reader_of_every_case(world, chair):
    stats = procedure_statistics(user=chair)
    assert _counts(stats.opened) == {("expulsion",): 2, ("appeal",): 1, ("verification",): 2}
    assert _counts(stats.decided) == {
        ("expulsion", "expel"): 2, ("appeal", "probation"): 1, ("verification", "retain"): 1,
    }  # fmt: skip
    # 10, 20 and 3 days from opening to decision; the appeal took 5.
    assert stats.to_decision == Durations(3, 10, 20, [(3, 1), (10, 1), (20, 1)])
    assert (stats.appeal_to_decision.median, stats.appeal_to_decision.p90) == (5, 5)
    assert {s.state: s.durations.histogram for s in stats.in_state} == {
        "open": [(2, 1)], "gathering": [(3, 1)], "ready": [(5, 1)],
    }  # fmt: skip
    assert (stats.decisions_total, stats.decisions_appealed) == (4, 1)
    assert [(r.commission_ref, r.upheld, r.varied, r.overturned) for r in stats.appeals] == [
        ("C-d", 0, 1, 0)
    ]
    assert (stats.expulsions, stats.readmitted) == (2, 1)
    assert stats.inquiries["sent"] == 2
    assert stats.inquiries["answered"] == stats.inquiries["answered_late"] == 1
    assert stats.inquiries["overdue"] == stats.inquiries["escalated"] == 1
    assert stats.time_to_answer.histogram == [(4, 1)]
    assert [r.person_ref for r in stats.recipients] == ["P-seat0", "P-seat1"]
    # K1 (5 of 5 for) and K4 (4 of 5) reach the 4/5 majority; K3 (3 of 5) does not.
    assert stats.due_process == {
        "majority": 2, "majority_needed": 0, "recusal_overrides": 0,
        "late_filings": 1, "late_cases": 1,
    }  # fmt: skip
    assert [(m.month, m.opened, m.decided) for m in stats.trend] == [
        ("1921-11", 3, 3), ("1921-12", 1, 1), ("1922-02", 1, 0),
    ]  # fmt: skip


def test_a_confidential_case_counts_only_for_those_who_read_it(world, clerk):
    stats = procedure_statistics(user=clerk)
    assert stats.opened_total == 4
    assert _counts(stats.decided)[("expulsion", "expel")] == 1
    assert stats.to_decision.histogram == [(10, 1), (20, 1)]
    assert (stats.expulsions, stats.due_process["majority"]) == (1, 1)


def test_the_period_and_the_scope_narrow_the_figures(world, chair):
    december = procedure_statistics(user=chair, start="1921-12-01", end="1921-12-31")
    assert (december.opened_total, december.decided_total) == (1, 1)
    assert december.in_state == []
    district = procedure_statistics(user=chair, commission="C-d")
    assert district.opened_total == 3
    # Appeals are counted against the commission appealed from.
    assert [r.commission_ref for r in district.appeals] == ["C-d"]
    gubernias = procedure_statistics(user=chair, level="gubernia")
    assert (gubernias.opened_total, gubernias.decided_total, gubernias.appeals) == (2, 1, [])


@pytest.mark.parametrize(
    ("asked", "error", "words"),
    [
        ({"start": "1921-13-01"}, InvalidInput, "'1921-13-01' is not a date"),
        ({"start": "1922-01-01", "end": "1921-01-01"}, InvalidInput, "ends"),
        ({"commission": "C-x"}, NotFound, "no commission 'C-x'"),
        ({"level": "parish"}, InvalidInput, "'parish' is not a level"),
        ({"commission": "C-d", "level": "district"}, InvalidInput, "not both"),
    ],
)
def test_a_scope_or_period_that_is_not_one_is_refused_in_a_sentence(
    world, chair, asked, error, words
):
    with pytest.raises(error, match=words):
        procedure_statistics(user=chair, **asked)


def test_a_member_may_not_read_the_statistics(world, member):
    with pytest.raises(NotAllowed, match="read the procedure statistics"):
        procedure_statistics(user=member)


@pytest.mark.parametrize(
    ("figure", "narrows", "refs"),
    [
        ("opened", {"kind": "expulsion"}, ["K4", "K1"]),
        ("decided", {"outcome": "expel"}, ["K4", "K1"]),
        ("appeals", {"verdict": "varied"}, ["K2"]),
        ("appealed", {}, ["K1"]),
        ("readmitted", {}, ["K1"]),
        ("majority", {}, ["K4", "K1"]),
        ("late", {}, ["K3"]),
        ("inquiries", {"state": "overdue"}, ["K3"]),
        ("state", {"state": "gathering"}, ["K1"]),
    ],
)
def test_each_figure_lists_the_cases_it_counted(world, chair, figure, narrows, refs):
    frame = frame_for(user=chair)
    assert list(cases_behind(frame, figure, narrows).values_list("ref", flat=True)) == refs


def test_a_figure_that_is_not_one_is_refused(world, chair):
    with pytest.raises(InvalidInput, match="'nonsense' is not a figure"):
        cases_behind(frame_for(user=chair), "nonsense", {})
    with pytest.raises(InvalidInput, match="'maybe' is not a verdict"):
        cases_behind(frame_for(user=chair), "appeals", {"verdict": "maybe"})


def test_percentiles_are_read_from_the_counts_by_nearest_rank():
    measured = Durations.from_counts([(1, 5), (2, 3), (30, 2), (-1, 1), (None, 4)])
    # 11 measured (a negative duration counts as none, an unknown one not at all).
    assert (measured.count, measured.median, measured.p90) == (11, 1, 30)
    assert Durations.from_counts([]) == Durations()


def test_the_figures_are_kept_until_the_next_audit_event_that_changes_the_records(world, chair):
    first = procedure_statistics(user=chair)
    Case.objects.filter(ref="K5").update(kind="expulsion")  # behind the services' back
    assert procedure_statistics(user=chair).cache_key == first.cache_key
    # Readings are audited too, but change no figure.
    with transaction.atomic():
        record_event(actor=chair, action=AuditAction.PERSONAL_DATA_READ, target_type="x",
                     target_id="0", summary="A reading.")  # fmt: skip
        record_event(actor=chair, action=AuditAction.LIST_EXPORT, target_type="list",
                     target_id="cases", summary="An export.")  # fmt: skip
    assert procedure_statistics(user=chair).cache_key == first.cache_key
    with transaction.atomic():
        record_event(actor=chair, action=AuditAction.CASE_TRANSITION,
                     target=Case.objects.get(ref="K5"), summary="A change.")  # fmt: skip
    again = procedure_statistics(user=chair)
    assert again.cache_key != first.cache_key
    assert _counts(again.opened)[("expulsion",)] == 3


def test_the_page_shows_figures_links_and_charts_within_the_policy(world, client, chair):
    client.force_login(chair)
    response = client.get("/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert "<script" not in svg
        assert "<style" not in svg
        assert "style=" not in svg
        assert 'role="img"' in svg
        assert "<desc" in svg
    assert "/statistics/cases/?figure=decided&amp;kind=expulsion&amp;outcome=expel" in html
    listed = client.get("/statistics/cases/?figure=decided&kind=expulsion&outcome=expel")
    assert re.findall(r"/cases/(K\d)/", listed.content.decode()) == ["K4", "K1"]
    table = client.get("/statistics/cases/?figure=decided&kind=expulsion&outcome=expel&format=csv")
    assert table["Content-Type"] == "text/csv; charset=utf-8"
    assert [line.split(",")[0] for line in table.content.decode().splitlines()] == [
        "case", "K4", "K1",
    ]  # fmt: skip


def test_the_page_names_its_scope_and_period_in_the_readers_language(world, client, chair):
    client.force_login(chair)
    html = client.get(
        "/statistics/?from=1921-01-01&to=1921-12-31", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    # A Russian date ends with its own full stop, which ends the sentence too.
    assert "Вся организация, с 1 января 1921 г. по 31 декабря 1921 г. Сроки" in html
    english = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The whole organisation, all dates. Durations" in english
    # The levels to choose from, each named as its commissions are in the language.
    assert '<option value="district">уездные комиссии</option>' in html
    assert '<option value="gubernia">губернские комиссии</option>' in html
    assert '<option value="district">district commissions</option>' in english


def test_a_period_in_which_nothing_was_decided_shows_its_charts_empty(world, client, chair):
    """No commission decided anything: the outcomes chart says there is no data, as the
    others do, rather than failing the page."""
    client.force_login(chair)
    response = client.get("/statistics/?from=1900-01-01&to=1900-12-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="chart-outcomes"' in html
    assert "No data in this period" in html


def test_the_page_says_what_was_wrong_and_refuses_a_member(world, client, chair, member):
    client.force_login(chair)
    response = client.get("/statistics/?level=parish")
    assert response.status_code == 400
    assert "is not a level of commissions" in response.content.decode()
    client.force_login(member)
    assert client.get("/statistics/").status_code == 403


def test_the_api_answers_the_same_figures(world, client, chair, member):
    client.force_login(chair)
    data = client.get("/api/v1/statistics/?commission=C-d").json()
    expected = as_data(procedure_statistics(user=chair, commission="C-d"))
    assert data == json.loads(json.dumps(expected))
    assert data["appeals"]["by_commission_appealed_from"] == [
        {"commission": "C-d", "upheld": 0, "varied": 1, "overturned": 0}
    ]
    cases = client.get("/api/v1/statistics/cases/?figure=late").json()
    assert cases == {"figure": "late", "cases": ["K3"], "more": False}
    bad = client.get("/api/v1/statistics/?from=yesterday")
    assert bad.status_code == 422
    assert "is not a date" in bad.json()["detail"]
    for blank in ("", "%1D", "%20"):
        refused = client.get(f"/api/v1/statistics/?from={blank}")
        assert refused.status_code == 400, blank
        assert refused.json()["errors"] == {
            "from": ["Give a date (YYYY-MM-DD), or leave the parameter out."]
        }
    client.force_login(member)
    assert client.get("/api/v1/statistics/").status_code == 403


def test_the_command_prints_the_figures_as_text_and_json(world, chair):
    out = StringIO()
    call_command("report", "statistics", "--as", "chair", "--level", "district", stdout=out)
    text = out.getvalue()
    assert "Cases opened: 3" in text
    assert "appeals against C-d: 0 upheld, 1 varied, 0 overturned" in text
    out = StringIO()
    call_command("report", "statistics", "--as", "chair", "--json", stdout=out)
    assert json.loads(out.getvalue())["appeals"]["readmitted"] == 1
    out = StringIO()
    call_command("report", "cases", "late", "--as", "chair", stdout=out)
    assert out.getvalue().strip() == "K3"


def test_frame_reaches_every_case_of_the_scope(world, chair):
    frame = frame_for(user=chair, commission="C-d")
    assert isinstance(frame, Frame)
    assert frame.scope.params == {"commission": "C-d"}


def test_the_page_links_each_commissions_decisions_by_outcome(world, client, chair):
    client.force_login(chair)
    html = client.get("/statistics/?level=district").content.decode()
    table = html[html.index("Decisions by commission and outcome</caption>") :]
    table = table[: table.index("</table>")]
    # A column per outcome taken, a row per commission; the level gives way to the commission.
    assert '<th scope="col">Expel</th>' in table
    assert re.search(
        r'<a href="/statistics/cases/\?figure=decided&amp;commission=C-d&amp;outcome=expel">'
        r"\d+</a>",
        table,
    )


def test_linked_rows_escape_what_they_are_given():
    from commission.reports.templatetags.stats import linked_rows

    html = linked_rows([("<b>Uyezd</b> & co", [(1234, "/x?a=1&b=<2>"), None])])
    assert html == (
        '<tr><th scope="row">&lt;b&gt;Uyezd&lt;/b&gt; &amp; co</th>'
        '<td><a href="/x?a=1&amp;b=&lt;2&gt;">1,234</a></td><td>—</td></tr>\n'
    )


def test_a_trend_of_many_months_is_drawn_as_lines_and_few_as_bars():
    from commission.reports.statistics import charts
    from commission.reports.statistics.figures import Month

    few = [Month(f"1921-{m:02d}", opened=m, decided=1) for m in range(1, 13)]
    many = [Month(f"{1921 + i // 12}-{i % 12 + 1:02d}", opened=i, decided=1) for i in range(60)]
    bars, lines = charts.trend(few), charts.trend(many)
    assert 'class="rect reactive tooltip-trigger"' in bars.svg
    assert "Bars for each month from 1921-01 to 1921-12" in bars.description
    assert 'class="line reactive nofill"' in lines.svg
    assert "rect reactive" not in lines.svg
    assert "Lines through each month from 1921-01 to 1925-12" in lines.description
