"""The second factor's services: set up, confirm, codes at sign-in, recovery codes spent once,
throttled wrong codes, turning off, and the operator's reset."""

from __future__ import annotations

import io

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from commission.accounts import services
from commission.accounts.queries import (
    has_second_factor,
    owes_second_factor,
    pending_authenticator,
    recovery_codes_left,
)
from commission.audit.models import AuditEvent
from commission.core.errors import InvalidInput, NotAllowed
from commission.core.operators import operating_system_user
from tests.accounts.secondfactor import code_for, enrol, wait_out_throttle, wrong_code_for
from tests.factories import UserFactory

WRONG_FIRST = (
    "That code is not right. After each wrong code the next try must wait twice as long; "
    "now 1 second."
)


def events(action: str) -> list[tuple[str, str, dict]]:
    return list(
        AuditEvent.objects.filter(action=action)
        .order_by("seq")
        .values_list("actor_name", "summary", "after")
    )


def test_a_started_authenticator_is_not_in_force_until_a_code_from_it_is_confirmed(clerk):
    pending = services.start_second_factor(actor=clerk)

    assert not pending.confirmed
    assert not has_second_factor(clerk)
    assert AuditEvent.objects.count() == 0

    done = services.confirm_second_factor(actor=clerk, code=code_for(pending))

    assert done.device.pk == pending.pk
    assert has_second_factor(clerk)
    assert len(done.recovery_codes) == 10
    assert len(set(done.recovery_codes)) == 10
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(
        done.recovery_codes
    )
    [(actor, summary, after)] = events("account.second_factor_on")
    assert (actor, summary, after) == (
        "clerk",
        "clerk turned on a second factor: an authenticator app, with 10 recovery codes.",
        {"authenticator": "authenticator", "recovery_codes": 10, "api_tokens_revoked": 0},
    )
    # Neither the secret nor a recovery code is written in the audit trail.
    written = str(list(AuditEvent.objects.values_list("summary", "before", "after")))
    assert pending.key not in written
    assert not any(code in written for code in done.recovery_codes)


def test_a_wrong_code_leaves_the_authenticator_unconfirmed_and_counts(clerk):
    pending = services.start_second_factor(actor=clerk)

    with pytest.raises(InvalidInput) as refusal:
        services.confirm_second_factor(actor=clerk, code=wrong_code_for(pending))

    assert refusal.value.message == WRONG_FIRST
    assert refusal.value.field == "code"
    pending.refresh_from_db()
    assert (pending.confirmed, pending.throttling_failure_count) == (False, 1)
    assert StaticDevice.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_next_code_too_soon_after_a_wrong_one_is_refused_even_when_right(clerk):
    pending = services.start_second_factor(actor=clerk)
    with pytest.raises(InvalidInput):
        services.confirm_second_factor(actor=clerk, code=wrong_code_for(pending))

    with pytest.raises(InvalidInput) as refusal:
        services.confirm_second_factor(actor=clerk, code=code_for(pending))

    assert refusal.value.message.startswith(
        "Too many wrong codes for this account in a row: the next code is taken in 1 second, at "
    )
    assert not has_second_factor(clerk)
    wait_out_throttle(pending)
    services.confirm_second_factor(actor=clerk, code=code_for(pending))
    assert has_second_factor(clerk)


def test_the_wait_doubles_with_each_wrong_code(clerk):
    device, _codes = enrol(clerk)
    sentences = []
    for _n in range(3):
        wait_out_throttle(device)
        with pytest.raises(InvalidInput) as refusal:
            services.verify_second_factor(user=clerk, code=wrong_code_for(device))
        sentences.append(refusal.value.message)

    assert [s.rsplit("now ", 1)[1] for s in sentences] == ["1 second.", "2 seconds.", "4 seconds."]


def test_starting_again_replaces_an_unconfirmed_authenticator_but_not_a_confirmed_one(clerk):
    first = services.start_second_factor(actor=clerk)
    second = services.start_second_factor(actor=clerk)

    assert list(TOTPDevice.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.key != second.key
    services.confirm_second_factor(actor=clerk, code=code_for(second))
    with pytest.raises(InvalidInput) as refusal:
        services.start_second_factor(actor=clerk)
    assert refusal.value.message == (
        "Your account already signs in with a second factor; turn it off first to set up "
        "another authenticator."
    )
    assert pending_authenticator(clerk) is None


def test_a_code_is_taken_once(clerk):
    device, _codes = enrol(clerk)
    code = code_for(device)
    assert services.verify_second_factor(user=clerk, code=code).pk == device.pk

    with pytest.raises(InvalidInput):
        services.verify_second_factor(user=clerk, code=code)


def test_a_recovery_code_signs_in_once_and_the_audit_says_how_many_are_left(clerk):
    _device, codes = enrol(clerk)

    # As people copy it: in capitals, with a space in the middle.
    typed = codes[3][:4].upper() + " " + codes[3][4:].upper()
    used = services.verify_second_factor(user=clerk, code=typed)

    assert isinstance(used, StaticDevice)
    assert recovery_codes_left(clerk) == 9
    assert events("account.recovery_code_use") == [
        ("clerk", "clerk signed in with a recovery code; 9 of 10 left.", {"recovery_codes_left": 9})
    ]
    wait_out_throttle(used)
    with pytest.raises(InvalidInput) as refusal:
        services.verify_second_factor(user=clerk, code=codes[3])
    assert refusal.value.message == WRONG_FIRST
    assert recovery_codes_left(clerk) == 9


def test_turning_off_needs_a_right_code_and_is_recorded(clerk):
    device, codes = enrol(clerk)

    with pytest.raises(InvalidInput):
        services.turn_off_second_factor(actor=clerk, code=wrong_code_for(device))
    assert has_second_factor(clerk)
    assert events("account.second_factor_off") == []

    services.turn_off_second_factor(actor=clerk, code=codes[0])

    assert not has_second_factor(clerk)
    assert TOTPDevice.objects.count() == StaticDevice.objects.count() == 0
    [(actor, summary, _after)] = events("account.second_factor_off")
    assert (actor, summary) == (
        "clerk",
        "clerk turned off the second factor, confirming with a recovery code; the account "
        "signs in with its password alone.",
    )
    before = AuditEvent.objects.get(action="account.second_factor_off").before
    assert before == {"authenticators": ["authenticator"], "recovery_codes_left": 9}


def test_new_recovery_codes_replace_the_old_ones(clerk):
    device, old = enrol(clerk)

    new = services.renew_recovery_codes(actor=clerk, code=code_for(device))

    assert len(new) == 10
    assert set(new).isdisjoint(old)
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(new)
    assert [a for a, _s, _x in events("account.recovery_codes_renew")] == ["clerk"]


def test_the_operator_takes_away_a_lost_second_factor(clerk):
    enrol(clerk)
    out = io.StringIO()

    call_command("account", "second-factor", "clerk", "--off", stdout=out)

    assert out.getvalue().strip() == (
        "The second factor of clerk is off: the account signs in with its password until it "
        "sets up a new one, and its API tokens no longer work. The audit trail records it."
    )
    assert not has_second_factor(clerk)
    assert TOTPDevice.objects.count() == StaticToken.objects.count() == 0
    who = operating_system_user()
    [(actor, summary, after)] = events("account.second_factor_reset")
    assert (actor, after) == ("system", {"os_user": who, "api_tokens_revoked": 0})
    assert summary == (
        f"The operating-system user {who} took away the second factor of clerk from the "
        "command line; the account signs in with its password until it sets up a new one."
    )


def test_anyone_but_the_operator_is_refused_the_reset_and_nothing_changes(clerk, settings):
    enrol(clerk)
    settings.COMMISSION_OPERATORS = ["commission-operator"]

    with pytest.raises(CommandError) as refusal:
        call_command("account", "second-factor", "clerk", "--off", stdout=io.StringIO())

    assert str(refusal.value) == (
        "Only the operating-system user who runs this installation (commission-operator) may "
        f"take away an account's second factor; you are {operating_system_user()}."
    )
    assert has_second_factor(clerk)
    assert events("account.second_factor_reset") == []


def test_the_command_says_whether_an_account_has_a_second_factor(clerk, chair, settings):
    settings.REQUIRE_SECOND_FACTOR_FOR = ["chair"]
    enrol(clerk)

    def state(name: str) -> str:
        out = io.StringIO()
        call_command("account", "second-factor", name, stdout=out)
        return out.getvalue().strip()

    assert state("clerk") == (
        "clerk signs in with a second factor (an authenticator app); 10 recovery codes left."
    )
    assert state("chair") == (
        "chair has no second factor, which its role requires: it will be asked to set one up "
        "after its password."
    )
    with pytest.raises(CommandError, match="There is no user called 'nobody'"):
        state("nobody")
    with pytest.raises(CommandError, match="has no second factor; there is nothing to reset"):
        call_command("account", "second-factor", "chair", "--off", stdout=io.StringIO())


def test_roles_that_require_a_second_factor(chair, auditor, clerk, settings):
    admin = UserFactory(username="admin", is_staff=True)
    assert not any(owes_second_factor(u) for u in (chair, auditor, clerk, admin))

    settings.REQUIRE_SECOND_FACTOR_FOR = ["chair", "admin"]

    assert [owes_second_factor(u) for u in (chair, auditor, clerk, admin)] == [
        True,
        False,
        False,
        True,
    ]
    enrol(chair)
    assert not owes_second_factor(chair)


def test_a_misspelt_role_is_caught_before_a_page_is_served(settings):
    settings.REQUIRE_SECOND_FACTOR_FOR = ["chair", "chiar", "clerk"]

    errors = [e for e in run_checks() if e.id == "commission.E030"]

    assert [e.msg for e in errors] == [
        "REQUIRE_SECOND_FACTOR_FOR names chiar, clerk, which are not roles a second factor can "
        "be required for; the choices are chair, auditor, admin."
    ]


def test_a_new_token_from_the_command_line_needs_the_code(clerk):
    device, _codes = enrol(clerk)

    with pytest.raises(CommandError) as refusal:
        call_command("token", "clerk", stdout=io.StringIO(), stderr=io.StringIO())
    assert str(refusal.value) == (
        "The account 'clerk' signs in with a second factor: give the 6-digit code its "
        "authenticator app shows now (or a recovery code) to get a token."
    )

    out = io.StringIO()
    call_command("token", "clerk", "--code", code_for(device), stdout=out, stderr=io.StringIO())
    assert len(out.getvalue().strip()) > 20


def test_an_account_that_owes_its_second_factor_gets_no_token(chair, settings):
    from commission.api.services import issue_api_token

    settings.REQUIRE_SECOND_FACTOR_FOR = ["chair"]

    with pytest.raises(NotAllowed) as refusal:
        issue_api_token(user=chair)

    assert refusal.value.message == (
        "The role of the account 'chair' requires a second factor, which it has not set up: it "
        "gets no API token until it has (on its account page)."
    )


def test_api_tokens_got_on_the_password_alone_stop_when_the_second_factor_is_turned_on(clerk):
    from commission.api.services import issue_api_token

    issue_api_token(user=clerk)
    issue_api_token(user=clerk)

    enrol(clerk)

    assert not AuthToken.objects.filter(user=clerk).exists()
    [(_actor, summary, after)] = events("account.second_factor_on")
    assert after["api_tokens_revoked"] == 2
    assert summary.endswith("with 10 recovery codes; 2 API tokens stopped working.")


def test_the_operators_reset_revokes_the_accounts_api_tokens(clerk):
    from commission.api.services import issue_api_token

    device, _codes = enrol(clerk)
    issue_api_token(user=clerk, second_factor_code=code_for(device))
    other = UserFactory(username="other")
    issue_api_token(user=other)

    call_command("account", "second-factor", "clerk", "--off", stdout=io.StringIO())

    assert list(AuthToken.objects.values_list("user__username", flat=True)) == ["other"]
    [(_actor, summary, after)] = events("account.second_factor_reset")
    assert after["api_tokens_revoked"] == 1
    assert summary.endswith("until it sets up a new one; 1 API token stopped working.")
