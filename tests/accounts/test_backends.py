"""What an account may do is read in one statement (accounts.backends, core.roles), and is
what Django's own backend would answer: the account's own permissions, its roles', and every
permission for a superuser."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from commission.accounts.backends import AccountBackend
from commission.core.roles import group_names
from tests.factories import UserFactory


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_the_permissions_are_the_accounts_own_and_its_roles(db, django_assert_num_queries):
    user = UserFactory(username="two-roles", roles=["clerk", "auditor"])
    user.user_permissions.add(Permission.objects.get(codename="add_user"))
    expected = ModelBackend().get_all_permissions(_fresh(user))
    assert "auth.add_user" in expected
    assert "audit.view_auditevent" in expected

    reader = _fresh(user)
    with django_assert_num_queries(1):
        assert AccountBackend().get_all_permissions(reader) == expected
        assert reader.has_perm("documents.view_document")
        assert not reader.has_perm("cases.decide_case")
        assert group_names(reader) == ("clerk", "auditor")


def test_a_superuser_holds_every_permission_and_an_inactive_account_none(db):
    boss = UserFactory(username="boss", is_superuser=True)
    assert AccountBackend().get_all_permissions(_fresh(boss)) == (
        ModelBackend().get_all_permissions(_fresh(boss))
    )
    gone = UserFactory(username="gone", roles=["clerk"], is_active=False)
    assert AccountBackend().get_all_permissions(_fresh(gone)) == set()
    assert not _fresh(gone).has_perm("documents.view_document")


def test_an_account_without_roles_has_none(db, member):
    plain = UserFactory(username="plain")
    assert group_names(_fresh(plain)) == ()
    assert AccountBackend().get_all_permissions(_fresh(plain)) == set()
