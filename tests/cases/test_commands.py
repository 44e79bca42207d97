from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from commission.cases import services
from commission.cases.enums import CaseKind, CaseState
from commission.cases.models import Case, Decision, Hearing
from commission.registry.enums import MembershipStatus
from commission.registry.models import Membership
from tests.cases.conftest import DECIDED_ON


def _run(capsys, *args):
    call_command("case", *args)
    return capsys.readouterr().out


def _open(actor, h, **kwargs):
    return services.open_case(
        actor=actor, subject=h.subject, commission=h.district, kind=CaseKind.EXPULSION,
        opened_on=dt.date(1921, 12, 1), **kwargs,
    )  # fmt: skip


def test_open_move_hearing_decide_and_appeal(capsys, chair, clerk, hierarchy):
    out = _run(
        capsys, "open", "--subject", "P-subject", "--commission", "C-dist", "--kind",
        "expulsion", "--opened-on", "1921-12-01", "--as", "clerk",
    )  # fmt: skip
    case = Case.objects.get()
    assert out == (
        f"Opened {case.ref}: Expulsion of Nadezhda Sergeyevna Alliluyeva before District "
        "Commission; the file is due on 31 December 1921.\n"
    )
    _run(capsys, "move", case.ref, "ready", "--reason", "file complete", "--as", "clerk")
    out = _run(
        capsys, "hearing", case.ref, "--at", "1921-12-08 18:00", "--place", "Room 4",
        "--as", "chair",
    )  # fmt: skip
    assert out == f"Hearing of {case.ref} scheduled for 8 December 1921 18:00 at Room 4.\n"
    assert Hearing.objects.get().starts_at == dt.datetime(1921, 12, 8, 18, tzinfo=dt.UTC)
    a, b, c = (p.ref for p in hierarchy.district_commissioners)
    out = _run(
        capsys, "decide", case.ref, "--outcome", "expel", "--reasons", "Passive for a year.",
        "--vote", f"{a}=for", f"{b}=for", "--vote", f"{c}=against", "--ground", "passivity",
        "--decided-on", "1921-12-10", "--as", "chair",
    )  # fmt: skip
    decision = Decision.objects.get()
    assert out == (
        f"Decision {decision.pk} recorded on {case.ref}: expel (2 for, 1 against, 0 abstaining); "
        "it may be appealed until 24 December 1921.\n"
    )
    assert Membership.objects.get(person=hierarchy.subject).status == MembershipStatus.EXPELLED
    out = _run(
        capsys, "appeal", str(decision.pk), "--statement", "Wrongly expelled.",
        "--filed-on", "1921-12-20", "--as", "clerk",
    )  # fmt: skip
    appeal = Case.objects.get(kind=CaseKind.APPEAL)
    assert out == (
        f"Appeal filed as {appeal.ref} before Gubernia Commission, against decision "
        f"{decision.pk} on {case.ref}.\n"
    )


def test_list_and_overdue(capsys, chair, hierarchy):
    first = _open(chair, hierarchy)
    second = services.transition_case(
        actor=chair, case=_open(chair, hierarchy), to_state=CaseState.READY, reason="complete",
        expected_version=1,
    )  # fmt: skip
    out = _run(capsys, "list", "--state", "ready", "--as", "chair")
    assert out.splitlines()[0].startswith(
        f"{second.ref}  ready for hearing  expulsion  Nadezhda Sergeyevna Alliluyeva  "
        "before District Commission  due "
    )
    assert out.splitlines()[1] == "1 case."
    out = _run(capsys, "overdue", "--as", "chair")
    assert out == (
        f"{first.ref}  open  expulsion  Nadezhda Sergeyevna Alliluyeva  before District "
        "Commission  due 31 December 1921 (overdue)\n1 case.\n"
    )
    assert _run(capsys, "list", "--commission", "C-gub", "--as", "chair") == "No case matches.\n"


def test_show_prints_the_file(capsys, chair, hierarchy, letter):
    case = _open(chair, hierarchy)
    services.file_document(actor=chair, case=case, document=letter, role="evidence")
    out = _run(capsys, "show", case.ref, "--as", "chair")
    assert f"Expulsion of Nadezhda Sergeyevna Alliluyeva [{case.ref}]" in out
    assert "  Deadline: 31 December 1921 (overdue)" in out
    assert "  Documents on file: 1" in out
    assert "    Letter in the member's favour (evidence, filed " in out


def test_refused_transition_is_a_sentence_and_nothing_changes(chair, hierarchy):
    case = _open(chair, hierarchy)
    with pytest.raises(CommandError, match=r"^A case that is open cannot become decided\.$"):
        call_command("case", "move", case.ref, "decided", "--reason", "x", "--as", "chair")
    case.refresh_from_db()
    assert (case.state, case.transitions.count()) == ("open", 1)


def test_role_refusal_and_unknown_user(clerk, chair, hierarchy):
    case = services.transition_case(
        actor=chair, case=_open(chair, hierarchy), to_state=CaseState.READY, reason="complete",
        expected_version=1,
    )  # fmt: skip
    with pytest.raises(CommandError, match="You may not move a case to withdrawn"):
        call_command("case", "move", case.ref, "withdrawn", "--reason", "x", "--as", "clerk")
    case.refresh_from_db()
    assert case.state == CaseState.READY
    with pytest.raises(CommandError, match="There is no user called 'ghost'"):
        call_command("case", "list", "--as", "ghost")


def test_decide_without_reasons_and_bad_vote_are_refused(chair, hierarchy):
    case = services.transition_case(
        actor=chair, case=_open(chair, hierarchy), to_state=CaseState.READY, reason="complete",
        expected_version=1,
    )  # fmt: skip
    a = hierarchy.district_commissioners[0].ref
    with pytest.raises(CommandError, match=r"^A decision must give its reasons\.$"):
        call_command(
            "case", "decide", case.ref, "--outcome", "expel", "--reasons", " ",
            "--vote", f"{a}=for", "--as", "chair",
        )  # fmt: skip
    with pytest.raises(CommandError, match="'P-district-0' is not a vote"):
        call_command(
            "case", "decide", case.ref, "--outcome", "expel", "--reasons", "r", "--vote", a,
            "--as", "chair",
        )  # fmt: skip
    assert Decision.objects.count() == 0


def test_appeal_after_deadline_is_refused(chair, hierarchy):
    case = services.transition_case(
        actor=chair, case=_open(chair, hierarchy), to_state=CaseState.READY, reason="complete",
        expected_version=1,
    )  # fmt: skip
    decision = services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome="expel", reasons="r",
        votes=dict.fromkeys(hierarchy.district_commissioners, "for"), decided_on=DECIDED_ON,
    )  # fmt: skip
    with pytest.raises(CommandError, match="is too late"):
        call_command(
            "case", "appeal", str(decision.pk), "--statement", "s", "--filed-on", "1922-01-05",
            "--as", "chair",
        )  # fmt: skip
    assert Case.objects.count() == 1


def test_confidential_case_hidden_from_clerk_and_read_logged(capsys, chair, clerk, hierarchy):
    from commission.audit.models import AuditEvent

    secret = _open(chair, hierarchy, confidential=True)
    with pytest.raises(CommandError, match=f"There is no case '{secret.ref}' that you can see"):
        call_command("case", "show", secret.ref, "--as", "clerk")
    assert _run(capsys, "list", "--as", "clerk") == "No case matches.\n"
    _run(capsys, "show", secret.ref, "--as", "chair")
    assert AuditEvent.objects.filter(action="case.read").count() == 1


def test_bad_dates_are_sentences(chair, hierarchy):
    with pytest.raises(CommandError, match="'1921-13-01' is not a date; write it as YYYY-MM-DD"):
        call_command(
            "case", "open", "--subject", "P-subject", "--commission", "C-dist", "--kind",
            "expulsion", "--opened-on", "1921-13-01", "--as", "chair",
        )  # fmt: skip
    assert Case.objects.count() == 0


def _decided(chair, hierarchy):
    case = services.transition_case(
        actor=chair, case=_open(chair, hierarchy), to_state=CaseState.READY, reason="complete",
        expected_version=1,
    )  # fmt: skip
    return services.record_decision(
        actor=chair, case=case, expected_version=case.version, outcome="expel", reasons="r",
        votes=dict.fromkeys(hierarchy.district_commissioners, "for"), decided_on=DECIDED_ON,
    )  # fmt: skip


def test_the_subject_may_not_backdate_an_appeal_from_the_command_line(chair, member, hierarchy):
    decision = _decided(chair, hierarchy)
    hierarchy.subject.user = member
    hierarchy.subject.save()
    with pytest.raises(
        CommandError,
        match=r"Your appeal is filed on the day you send it; only the secretariat records "
        r"another day\.",
    ):
        call_command(
            "case", "appeal", str(decision.pk), "--statement", "Wrongly expelled.",
            "--filed-on", "1921-12-20", "--as", "member",
        )  # fmt: skip
    assert Case.objects.count() == 1
    assert Case.objects.get().state == CaseState.DECIDED


def test_an_appeal_dated_in_the_future_is_refused_even_for_the_secretariat(chair, clerk, hierarchy):
    decision = _decided(chair, hierarchy)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(CommandError, match="a day that has not come yet"):
        call_command(
            "case", "appeal", str(decision.pk), "--statement", "s",
            "--filed-on", tomorrow.isoformat(), "--as", "clerk",
        )  # fmt: skip
    assert Case.objects.count() == 1
