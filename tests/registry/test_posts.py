"""Posting clerks to commissions: who may, what the audit chain keeps, the command line."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from commission.audit.models import AuditEvent
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, NotAllowed, NotFound
from commission.core.services import system_actor
from commission.registry.models import ClerkPost
from commission.registry.posts import end_clerk_post, post_clerk, posted_commissions
from tests.factories import CommissionFactory, UserFactory


@pytest.fixture
def tver(db):
    return CommissionFactory(ref="C-tver", name="Tver Commission")


def test_a_clerk_may_not_post_herself(clerk, tver):
    with pytest.raises(NotAllowed, match="post clerks to commissions"):
        post_clerk(actor=clerk, user=clerk, commission=tver)
    assert ClerkPost.objects.count() == 0
    assert posted_commissions(clerk) is None


def test_posting_and_ending_are_audited(clerk, tver):
    admin = UserFactory(username="admin", is_superuser=True)
    post = post_clerk(actor=admin, user=clerk, commission=tver, started_on=dt.date(1921, 1, 1))
    assert posted_commissions(clerk) == frozenset({tver.pk})
    with pytest.raises(Conflict, match="already posted to Tver Commission"):
        post_clerk(actor=admin, user=clerk, commission=tver)
    end_clerk_post(actor=admin, user=clerk, commission=tver, ended_on=dt.date(1921, 6, 1))
    assert posted_commissions(clerk) is None
    with pytest.raises(NotFound, match="holds no open post at Tver Commission"):
        end_clerk_post(actor=admin, user=clerk, commission=tver)
    events = AuditEvent.objects.filter(target_id=str(post.pk)).order_by("seq")
    assert [e.action for e in events] == [AuditAction.CLERK_POST, AuditAction.CLERK_POST_END]


def test_command_line(clerk, tver, capsys):
    call_command("clerk_post", "add", "clerk", "C-tver", "--from", "1921-01-01")
    assert capsys.readouterr().out == (
        "clerk is posted as clerk to Tver Commission from 1921-01-01.\n"
    )
    call_command("clerk_post", "list", "clerk")
    assert capsys.readouterr().out == "C-tver  Tver Commission  1921-01-01 – open\n"
    call_command("clerk_post", "end", "clerk", "C-tver", "--on", "1921-03-01")
    assert "ends on 1921-03-01" in capsys.readouterr().out
    with pytest.raises(CommandError, match="There is no commission 'C-none'"):
        call_command("clerk_post", "add", "clerk", "C-none")
    assert ClerkPost.objects.get().ended_on == dt.date(1921, 3, 1)
    assert AuditEvent.objects.filter(action=AuditAction.CLERK_POST).get().actor_id == (
        system_actor().pk
    )


def test_the_admin_posts_through_the_service(client, clerk, tver):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    answer = client.post(
        "/admin/registry/clerkpost/add/",
        {"user": clerk.pk, "commission": tver.pk, "started_on": "1921-01-01", "ended_on": ""},
    )
    assert answer.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.CLERK_POST).count() == 1
    assert ClerkPost.objects.get().user == clerk
