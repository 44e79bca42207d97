from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from commission.audit.models import AuditEvent
from commission.cases import services
from commission.cases.enums import CaseKind, CaseState, HearingState
from commission.cases.models import (
    Case,
    CaseDocument,
    Decision,
    Hearing,
    HearingAttendance,
    RecusalOverride,
)
from commission.documents.models import Document
from commission.registry.enums import MembershipStatus, RelationshipKind
from commission.registry.models import Membership, Relationship
from tests.cases.conftest import DECIDED_ON
from tests.factories import MembershipFactory, PersonFactory


def _open(actor, h, **kwargs):
    return services.open_case(
        actor=actor, subject=h.subject, commission=h.district, kind=CaseKind.EXPULSION,
        opened_on=dt.date(1921, 12, 1), **kwargs,
    )  # fmt: skip


def _ready(actor, case):
    return services.transition_case(
        actor=actor, case=case, to_state=CaseState.READY, reason="file complete",
        expected_version=case.version,
    )  # fmt: skip


def _expel(chair, h):
    case = _ready(chair, _open(chair, h))
    return services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome="expel",
        reasons="Took no part in the cell's work.",
        votes=dict.fromkeys(h.district_commissioners, "for"), decided_on=DECIDED_ON,
        grounds=["passivity"],
    )  # fmt: skip


def _page(client, case):
    return client.get(reverse("cases:detail", args=[case.ref])).content.decode()


# The list


def test_case_list_filters_and_htmx_partial(client, chair, hierarchy):
    _open(chair, hierarchy)
    ready = _ready(chair, _open(chair, hierarchy))
    client.force_login(chair)
    full = client.get(reverse("cases:list"), {"state": "ready"})
    assert full.status_code == 200
    page = full.content.decode()
    assert "1 case matches these filters, newest first." in page
    assert ready.ref in page
    assert '<form class="filters"' in page
    partial = client.get(reverse("cases:list"), {"state": "ready"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    assert ready.ref.encode() in partial.content


def test_case_list_rejects_an_unknown_state_with_a_sentence(client, chair, hierarchy):
    _open(chair, hierarchy)
    client.force_login(chair)
    page = client.get(reverse("cases:list"), {"state": "nonsense"}).content.decode()
    assert "Select a valid choice. nonsense is not one of the available choices." in page
    assert "1 case, newest first." in page  # the bad filter is ignored, not half-applied


def test_confidential_case_hidden_from_a_clerk(client, chair, clerk, hierarchy):
    secret = _open(chair, hierarchy, confidential=True)
    client.force_login(clerk)
    assert secret.ref not in client.get(reverse("cases:list")).content.decode()
    response = client.get(reverse("cases:detail", args=[secret.ref]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="case.read").count() == 0


def test_confidential_read_is_logged_for_a_chair(client, chair, hierarchy):
    secret = _open(chair, hierarchy, confidential=True)
    client.force_login(chair)
    page = _page(client, secret)
    assert "Confidential case: every reading of it is recorded." in page
    reads = AuditEvent.objects.filter(action="case.read", target_id=str(secret.pk))
    assert list(reads.values_list("actor_name", "summary")) == [
        ("chair", f"chair read the confidential {secret}.")
    ]


def test_member_sees_own_case_only_and_without_the_file(client, chair, member, hierarchy, letter):
    own = _open(chair, hierarchy)
    services.file_document(actor=chair, case=own, document=letter, role="evidence")
    other_person = PersonFactory(ref="P-other")
    MembershipFactory(person=other_person)
    other = services.open_case(
        actor=chair, subject=other_person, commission=hierarchy.district, kind="expulsion"
    )
    hierarchy.subject.user = member
    hierarchy.subject.save()
    client.force_login(member)
    listing = client.get(reverse("cases:list")).content.decode()
    assert own.ref in listing
    assert other.ref not in listing
    page = _page(client, own)
    assert "Expulsion of Nadezhda Sergeyevna Alliluyeva" in page
    assert "Letter in the member&#x27;s favour" not in page  # documents are for case roles
    assert "What can be done now" not in page
    assert client.get(reverse("cases:detail", args=[other.ref])).status_code == 404


# The case page


def test_case_page_shows_the_file(client, chair, hierarchy, letter):
    decision = _expel(chair, hierarchy)
    late = Document.objects.create(title="A late letter", text="t", fingerprint="a" * 64)
    services.file_document(actor=chair, case=decision.case, document=late, role="testimony")
    client.force_login(chair)
    page = _page(client, decision.case)
    assert reverse("registry:person", args=["P-subject"]) in page
    assert "District Commission" in page
    assert "Decision 1:</span> Expel, 10 December 1921" in page
    assert "Took no part in the cell&#x27;s work." in page
    assert "Passivity: takes no part in the organisation&#x27;s work" in page
    assert "3 for, 0 against, 0 abstaining" in page
    assert "24 December 1921" in page  # the appeal deadline
    assert "The commission had 0 documents on file when it decided" in page
    assert "none: arrived later" in page
    assert "Material that arrived after this decision (1)" in page
    assert "<li>A late letter (testimony, filed " in page
    assert reverse("cases:reopen", args=[decision.case.ref, decision.pk]) in page


def test_case_page_escapes_names(client, chair, hierarchy):
    hierarchy.subject.surname = "<script>alert(1)</script>"
    hierarchy.subject.save()
    case = _open(chair, hierarchy, title="<b>bold</b>")
    client.force_login(chair)
    page = _page(client, case)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_case_page_offers_only_the_moves_the_user_may_make(client, chair, clerk, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    client.force_login(clerk)
    page = _page(client, case)
    assert '<option value="gathering">gathering material</option>' in page
    assert 'value="withdrawn"' not in page  # the clerk may not withdraw
    assert 'value="hearing"' not in page
    client.force_login(chair)
    page = _page(client, case)
    assert '<option value="withdrawn">withdrawn</option>' in page
    assert '<option value="hearing">hearing scheduled</option>' in page


def test_recused_commissioner_flagged_and_the_chair_overrides(client, chair, hierarchy):
    a = hierarchy.district_commissioners[0]
    Relationship.objects.create(source=a, target=hierarchy.subject, kind=RelationshipKind.SIBLING)
    case = _ready(chair, _open(chair, hierarchy))
    client.force_login(chair)
    page = _page(client, case)
    assert "Must stand aside" in page
    sentence = f"{a.display_name} is sibling of the subject, Nadezhda Sergeyevna Alliluyeva."
    assert sentence in page
    response = client.post(
        reverse("cases:recusal-override", args=[case.ref]),
        {"version": case.version, "commissioner": a.ref, "reason": "No quorum without him."},
    )
    assert response.status_code == 302
    override = RecusalOverride.objects.get()
    assert (override.commissioner, override.reason) == (a, "No quorum without him.")
    page = client.get(response.url).content.decode()
    assert "Tied, allowed to sit" in page
    assert "Override by chair" in page


# Moving a case


def test_move_redirects_with_a_message(client, chair, hierarchy):
    case = _open(chair, hierarchy)
    client.force_login(chair)
    response = client.post(
        reverse("cases:move", args=[case.ref]),
        {"version": case.version, "to_state": "gathering", "reason": "asking witnesses"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("cases:detail", args=[case.ref]), 302)]
    assert f"{case} is now gathering material." in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.GATHERING
    assert case.transitions.last().reason == "asking witnesses"


def test_stale_form_gets_the_conflict_sentence_and_nothing_changes(client, chair, clerk, hierarchy):
    case = _open(chair, hierarchy)
    stale = case.version
    services.transition_case(
        actor=clerk, case=case, to_state="gathering", reason="asking", expected_version=stale
    )
    client.force_login(chair)
    response = client.post(
        reverse("cases:move", args=[case.ref]),
        {"version": stale, "to_state": "ready", "reason": "complete"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        f"{case} was changed by someone else while you were working on it (it is now "
        "gathering material). Reload the case and try again."
    ) in page
    assert 'value="complete"' in page  # what the user typed is kept
    case.refresh_from_db()
    assert case.state == CaseState.GATHERING
    assert case.transitions.count() == 2


def test_move_not_allowed_renders_denied(client, chair, clerk, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    client.force_login(clerk)
    response = client.post(
        reverse("cases:move", args=[case.ref]),
        {"version": case.version, "to_state": "withdrawn", "reason": "no grounds"},
    )
    # The clerk is not offered the move, so the form refuses it before the service is asked.
    assert response.status_code == 400
    assert "Select a valid choice. withdrawn is not one of the available choices." in (
        response.content.decode()
    )
    case.refresh_from_db()
    assert case.state == CaseState.READY


def test_move_from_where_nothing_may_be_done_says_so(client, chair, clerk, hierarchy):
    case = _open(chair, hierarchy)
    case = services.transition_case(
        actor=chair, case=case, to_state=CaseState.WITHDRAWN, reason="complaint withdrawn",
        expected_version=case.version,
    )  # fmt: skip
    client.force_login(clerk)
    assert client.get(reverse("cases:move", args=[case.ref])).status_code == 403
    response = client.post(
        reverse("cases:move", args=[case.ref]),
        {"version": case.version, "to_state": "open", "reason": "try again"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "cannot be moved by you from where it is now." in page
    assert "Select a valid choice" not in page
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN


def test_service_refusal_for_a_role_renders_denied_page(client, member, chair, hierarchy):
    case = _open(chair, hierarchy)
    client.force_login(member)
    response = client.get(reverse("cases:open"))
    assert response.status_code == 403
    assert "Your role does not allow you to open cases." in response.content.decode()
    assert client.post(reverse("cases:move", args=[case.ref]), {}).status_code == 404


# Opening a case


def test_open_case_by_identifier(client, clerk, hierarchy):
    client.force_login(clerk)
    response = client.post(
        reverse("cases:open"),
        {"subject_query": "P-subject", "commission": "C-dist", "kind": "expulsion",
         "opened_on": "1921-12-01"},
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.ref])
    assert (case.subject, case.commission, case.state) == (
        hierarchy.subject,
        hierarchy.district,
        "open",
    )


def test_open_case_by_name_asks_to_choose_when_several_match(client, clerk, hierarchy):
    PersonFactory(ref="P-sister", given_name="Anna", patronymic="Sergeyevna", surname="Alliluyeva")
    client.force_login(clerk)
    data = {"subject_query": "Alliluyeva", "commission": "C-dist", "kind": "expulsion"}
    response = client.post(reverse("cases:open"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "2 people match “Alliluyeva”; choose one of them." in page
    assert 'value="P-sister"' in page
    assert Case.objects.count() == 0
    response = client.post(reverse("cases:open"), {**data, "subject": "P-subject"})
    assert response.status_code == 302
    assert Case.objects.get().subject == hierarchy.subject


def test_open_case_refusal_shows_next_to_the_subject(client, clerk, hierarchy):
    PersonFactory(ref="P-stranger", surname="Chuzhoy")
    client.force_login(clerk)
    response = client.post(
        reverse("cases:open"),
        {"subject_query": "P-stranger", "commission": "C-dist", "kind": "expulsion"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "has no membership of" in page
    assert 'id="subject-errors"' in page
    assert Case.objects.count() == 0


def test_subject_lookup_partial(client, clerk, hierarchy):
    client.force_login(clerk)
    response = client.get(reverse("cases:subject-lookup"), {"subject_query": "Allilueva"})
    page = response.content.decode()
    assert "<html" not in page
    assert 'value="P-subject"' in page
    assert "Nadezhda Sergeyevna Alliluyeva" in page


# Hearings


def test_schedule_postpone_cancel_and_hold_hearings(client, chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    client.force_login(chair)
    response = client.post(
        reverse("cases:hearing-schedule", args=[case.ref]),
        {"version": case.version, "starts_at": "1921-12-22T18:00", "place": "Room 4"},
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.starts_at == dt.datetime(1921, 12, 22, 18, tzinfo=dt.UTC)
    case.refresh_from_db()
    assert case.state == CaseState.HEARING
    page = _page(client, case)
    assert "Record it as held" in page
    response = client.post(
        reverse("cases:hearing-postpone", args=[case.ref, hearing.pk]),
        {"version": case.version, "starts_at": "1921-12-23T18:00", "reason": "Member ill."},
    )
    assert response.status_code == 302
    new = Hearing.objects.get(state=HearingState.SCHEDULED)
    case.refresh_from_db()
    a, b, c = hierarchy.district_commissioners
    response = client.post(
        reverse("cases:hearing-held", args=[case.ref, new.pk]),
        {"version": case.version, "present": [a.ref, b.ref], "minutes": "Heard the member."},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.state, new.minutes) == ("held", "Heard the member.")
    assert sorted(HearingAttendance.objects.values_list("person__ref", "present")) == [
        (a.ref, True), (b.ref, True), (c.ref, False),
    ]  # fmt: skip
    page = _page(client, case)
    assert f"Present: {a.display_name}, {b.display_name}. Absent: {c.display_name}." in page


def test_cancelling_with_a_stale_version_is_refused(client, chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    hearing = services.schedule_hearing(
        actor=chair, case=case, starts_at=dt.datetime(1921, 12, 22, 18, tzinfo=dt.UTC),
        expected_version=case.version,
    )  # fmt: skip
    client.force_login(chair)
    response = client.post(
        reverse("cases:hearing-cancel", args=[case.ref, hearing.pk]),
        {"version": case.version, "reason": "ill"},  # the version before scheduling
    )
    assert response.status_code == 409
    assert "was changed by someone else" in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.state == HearingState.SCHEDULED


# Decisions


def _decision_data(case, h, **overrides):
    data = {
        "version": case.version, "outcome": "expel", "reasons": "Took no part in the work.",
        "decided_on": "1921-12-10", "grounds": ["passivity"],
    }  # fmt: skip
    for person in h.district_commissioners:
        data[f"vote_{person.ref}"] = "for"
    data.update(overrides)
    return data


def test_record_decision_through_the_page(client, chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    client.force_login(chair)
    response = client.post(
        reverse("cases:decide", args=[case.ref]), _decision_data(case, hierarchy), follow=True
    )
    assert "Decision recorded: expel (3 for, 0 against, 0 abstaining)." in (
        response.content.decode()
    )
    decision = Decision.objects.get()
    assert (decision.outcome, decision.decided_on) == ("expel", DECIDED_ON)
    assert list(decision.grounds.values_list("code", flat=True)) == ["passivity"]
    assert Membership.objects.get(person=hierarchy.subject).status == MembershipStatus.EXPELLED


def test_decision_without_reasons_shows_the_sentence_by_the_field(client, chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    client.force_login(chair)
    response = client.post(
        reverse("cases:decide", args=[case.ref]),
        _decision_data(case, hierarchy, reasons="   ", term_until=""),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_reasons_error"><li>A decision must give its reasons.' in (
        page
    )
    assert '<option value="expel" selected>expel</option>' in page  # kept as typed
    assert Decision.objects.count() == 0
    case.refresh_from_db()
    assert case.state == CaseState.READY
    assert Membership.objects.get(person=hierarchy.subject).status == MembershipStatus.MEMBER


def test_recused_vote_is_disabled_with_the_reason(client, chair, hierarchy):
    a = hierarchy.district_commissioners[0]
    Relationship.objects.create(source=a, target=hierarchy.subject, kind=RelationshipKind.SPOUSE)
    case = _ready(chair, _open(chair, hierarchy))
    client.force_login(chair)
    page = client.get(reverse("cases:decide", args=[case.ref])).content.decode()
    assert f'name="vote_{a.ref}" disabled' in page
    assert (
        f"Must stand aside: {a.display_name} is spouse of the subject, Nadezhda Sergeyevna "
        "Alliluyeva."
    ) in page
    # A vote sent anyway for the disabled field is ignored: the form does not take it.
    response = client.post(
        reverse("cases:decide", args=[case.ref]), _decision_data(case, hierarchy)
    )
    assert response.status_code == 302
    assert sorted(Decision.objects.get().votes.values_list("commissioner__ref", flat=True)) == [
        p.ref for p in hierarchy.district_commissioners[1:]
    ]


def test_vote_that_does_not_carry_is_refused_at_the_top(client, chair, hierarchy):
    case = _ready(chair, _open(chair, hierarchy))
    _, b, c = hierarchy.district_commissioners
    client.force_login(chair)
    data = _decision_data(
        case, hierarchy, **{f"vote_{b.ref}": "against", f"vote_{c.ref}": "against"}
    )
    response = client.post(reverse("cases:decide", args=[case.ref]), data)
    assert response.status_code == 400
    assert "The decision did not carry: 1 for, 2 against, 0 abstaining." in (
        response.content.decode()
    )
    assert Decision.objects.count() == 0


def test_rules_check_preview_explains_readmission(client, chair, hierarchy):
    _expel(chair, hierarchy)
    again = _ready(chair, services.open_case(
        actor=chair, subject=hierarchy.subject, commission=hierarchy.district,
        kind=CaseKind.VERIFICATION,
    ))  # fmt: skip
    c = hierarchy.district_commissioners[2]
    client.force_login(chair)
    data = _decision_data(
        again, hierarchy, outcome="probation", decided_on="1922-06-01", term_until="1923-06-01",
        **{f"vote_{c.ref}": "against"},
    )  # fmt: skip
    response = client.post(
        reverse("cases:decide-check", args=[again.ref]), data, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Vote as it stands: 2 for, 1 against, 0 abstaining — it carries." in page
    assert "The readmission rules forbid this decision." in page
    assert (
        "Nadezhda Sergeyevna Alliluyeva is not a worker: the probation must last at least 36 "
        "months, but this decision sets 12.0." in page
    )
    assert Decision.objects.count() == 1


# Appeals and reopening


def test_member_appeals_own_decision_dated_today(client, chair, member, hierarchy):
    decision = _expel(chair, hierarchy)
    hierarchy.subject.user = member
    hierarchy.subject.save()
    client.force_login(member)
    page = _page(client, decision.case)
    assert 'name="statement"' in page
    assert 'name="filed_on"' not in page  # a member cannot backdate their own appeal
    response = client.post(
        reverse("cases:appeal", args=[decision.case.ref]),
        {"version": decision.case.version, "decision": decision.pk, "statement": "Wrongly."},
    )
    # Today is long after the 1921 deadline: refused with the sentence, nothing created.
    assert response.status_code == 400
    assert "The appeal window for this decision closed on 24 December 1921" in (
        response.content.decode()
    )
    assert Case.objects.filter(kind=CaseKind.APPEAL).count() == 0


def test_a_date_the_member_posts_is_not_taken(client, chair, member, hierarchy, monkeypatch):
    """The form has no date for the subject; a date posted anyway does not backdate the
    appeal: it is filed on the day it is sent."""
    from commission.cases import services

    decision = _expel(chair, hierarchy)
    hierarchy.subject.user = member
    hierarchy.subject.save()
    today = dt.date(1921, 12, 22)
    monkeypatch.setattr(services.timezone, "localdate", lambda: today)
    client.force_login(member)
    client.post(
        reverse("cases:appeal", args=[decision.case.ref]),
        {"version": decision.case.version, "decision": decision.pk, "statement": "Wrongly.",
         "filed_on": "1921-12-12"},
    )  # fmt: skip
    assert Case.objects.get(kind=CaseKind.APPEAL).opened_on == today


def test_clerk_files_a_posted_appeal_within_the_window(client, chair, clerk, hierarchy):
    decision = _expel(chair, hierarchy)
    client.force_login(clerk)
    response = client.post(
        reverse("cases:appeal", args=[decision.case.ref]),
        {"version": decision.case.version, "decision": decision.pk,
         "statement": "She was wrongly expelled.", "filed_on": "1921-12-20"},
    )  # fmt: skip
    appeal = Case.objects.get(kind=CaseKind.APPEAL)
    assert response.url == reverse("cases:detail", args=[appeal.ref])
    assert (appeal.commission, appeal.appeals, appeal.opened_on) == (
        hierarchy.gubernia,
        decision,
        dt.date(1921, 12, 20),
    )
    page = _page(client, appeal)
    assert f"#decision-{decision.pk}" in page


def test_appeal_after_deadline_refused_and_nothing_changes(client, chair, clerk, hierarchy):
    decision = _expel(chair, hierarchy)
    client.force_login(clerk)
    response = client.post(
        reverse("cases:appeal", args=[decision.case.ref]),
        {"version": decision.case.version, "decision": decision.pk, "statement": "Late.",
         "filed_on": "1921-12-30"},
    )  # fmt: skip
    assert response.status_code == 400
    assert (
        "The appeal window for this decision closed on 24 December 1921; an appeal filed on "
        "30 December 1921 is too late." in response.content.decode()
    )
    assert 'value="1921-12-30"' in response.content.decode()
    assert Case.objects.count() == 1
    decision.case.refresh_from_db()
    assert decision.case.state == CaseState.DECIDED


def test_reopen_on_late_material_from_the_case_page(client, chair, hierarchy):
    decision = _expel(chair, hierarchy)
    late = Document.objects.create(title="A late letter", text="t", fingerprint="b" * 64)
    services.file_document(actor=chair, case=decision.case, document=late, role="testimony")
    decision.case.refresh_from_db()
    client.force_login(chair)
    response = client.post(
        reverse("cases:reopen", args=[decision.case.ref, decision.pk]),
        {"version": decision.case.version, "all_late": "on", "reason": "Unseen letter."},
    )
    reopening = Case.objects.get(kind=CaseKind.REOPENING)
    assert response.url == reverse("cases:detail", args=[reopening.ref])
    assert reopening.reopens == decision
    assert list(reopening.filings.values_list("document__title", flat=True)) == ["A late letter"]


def _file_after(chair, decision, document):
    """File `document` on the decision's case a day after the decision was recorded."""
    filing = services.file_document(
        actor=chair, case=decision.case, document=document, role="testimony"
    )
    CaseDocument.objects.filter(pk=filing.pk).update(
        filed_at=decision.recorded_at + dt.timedelta(days=1)
    )


def test_the_short_reopen_form_on_the_case_page_reopens_on_all_late_material(
    client, chair, hierarchy
):
    decision = _expel(chair, hierarchy)
    late = Document.objects.create(title="A late <letter>", text="t", fingerprint="c" * 64)
    _file_after(chair, decision, late)
    client.force_login(chair)
    page = _page(client, decision.case)
    assert "A late &lt;letter&gt; (testimony, filed " in page
    form = re.search(r'<form class="inline-form" method="post" action="([^"]+/reopen/[^"]*)">'
                     r"(.*?)</form>", page, re.S)  # fmt: skip
    assert form is not None
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form[2]))
    assert set(fields) == {"csrfmiddlewaretoken", "version", "all_late"}
    response = client.post(form[1], {**fields, "reason": "Unseen letter."})
    reopening = Case.objects.get(kind=CaseKind.REOPENING)
    assert response.url == reverse("cases:detail", args=[reopening.ref])
    assert list(reopening.filings.values_list("document__title", flat=True)) == [late.title]


def test_reopen_on_chosen_late_material(client, chair, hierarchy):
    decision = _expel(chair, hierarchy)
    filings = []
    for n in range(2):
        document = Document.objects.create(title=f"Late {n}", text="t", fingerprint=f"{n}" * 64)
        filings.append(
            services.file_document(
                actor=chair, case=decision.case, document=document, role="evidence"
            )
        )
    decision.case.refresh_from_db()
    client.force_login(chair)
    url = reverse("cases:reopen", args=[decision.case.ref, decision.pk])
    assert f'value="{filings[1].pk}"' in client.get(url).content.decode()
    client.post(
        url, {"version": decision.case.version, "material": [filings[1].pk], "reason": "New."}
    )
    reopening = Case.objects.get(kind=CaseKind.REOPENING)
    assert list(reopening.filings.values_list("document__title", flat=True)) == ["Late 1"]


def test_a_decision_on_the_case_page_in_russian(client, chair, hierarchy):
    decision = _expel(chair, hierarchy)
    Decision.objects.filter(pk=decision.pk).update(reasons="Line one <b>.\nLine two.")
    late = Document.objects.create(title="Письмо", text="t", fingerprint="d" * 64)
    _file_after(chair, decision, late)
    client.force_login(chair)
    client.cookies["django_language"] = "ru"
    page = client.get(
        reverse("cases:detail", args=[decision.case.ref]), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "Решение № 1:" in page
    assert "Line one &lt;b&gt;.<br>Line two." in page
    assert "Письмо (показание, приобщён " in page
    assert ", filed " not in page


def test_reopen_without_material_is_refused(client, chair, hierarchy):
    decision = _expel(chair, hierarchy)
    client.force_login(chair)
    response = client.post(
        reverse("cases:reopen", args=[decision.case.ref, decision.pk]),
        {"version": decision.case.version, "reason": "Nothing new."},
    )
    assert response.status_code == 400
    assert "A case is reopened on material the decision did not see; none was given." in (
        response.content.decode()
    )
    assert Case.objects.count() == 1


@pytest.mark.parametrize("name", ["cases:move", "cases:decide", "cases:hearing-schedule"])
def test_action_pages_need_sign_in(client, chair, hierarchy, name):
    case = _open(chair, hierarchy)
    response = client.get(reverse(name, args=[case.ref]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_markup_in_documents_and_notes_is_shown_escaped(client, chair, hierarchy):
    case = services.open_case(
        actor=chair, subject=hierarchy.subject, commission=hierarchy.district, kind="expulsion"
    )
    document = Document.objects.create(
        title="<script>alert('title')</script>", text="t", fingerprint="9" * 64
    )
    services.file_document(
        actor=chair, case=case, document=document, role="evidence", note="<b>note</b>"
    )
    client.force_login(chair)
    page = _page(client, case)
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;note&lt;/b&gt;" in page


def test_hearing_rows_show_attendance_and_minutes_escaped(client, chair, hierarchy):
    case = _open(chair, hierarchy)
    a, _, c = hierarchy.district_commissioners
    held = Hearing.objects.create(
        case=case, commission=hierarchy.district, state=HearingState.HELD,
        starts_at=dt.datetime(1921, 11, 20, 7, 0, tzinfo=dt.UTC), place="<i>Room 4</i>",
        minutes="Opened at ten.\r\nClosed <late>.",
    )  # fmt: skip
    HearingAttendance.objects.create(hearing=held, person=a, present=True)
    HearingAttendance.objects.create(hearing=held, person=c, present=False)
    Hearing.objects.create(
        case=case, commission=hierarchy.district, state=HearingState.POSTPONED,
        starts_at=dt.datetime(1921, 11, 25, 7, 0, tzinfo=dt.UTC), note="The chair is <ill>.",
    )  # fmt: skip
    client.force_login(chair)
    page = _page(client, case)
    assert (
        '<tr><th scope="row">20 November 1921 07:00</th>'
        "<td>&lt;i&gt;Room 4&lt;/i&gt;</td>"
        '<td><span class="tag hearing-held">held</span></td>'
        "<td>Present: Ivan Petrovich KomissarovDistrict0. "
        "Absent: Ivan Petrovich KomissarovDistrict2.</td>"
        "<td>Opened at ten.<br>Closed &lt;late&gt;.</td></tr>"
    ) in page
    assert (
        '<td>—</td><td><span class="tag hearing-postponed">postponed</span></td>'
        '<td><span class="muted">—</span></td><td>The chair is &lt;ill&gt;.</td></tr>'
    ) in page
