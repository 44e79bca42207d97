"""Roles and permissions: core.roles, and the role groups and actors of core.services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission, User

from commission.core.errors import NotAllowed, NotFound
from commission.core.roles import ROLE_PERMISSIONS, Role, can, require
from commission.core.services import (
    SYSTEM_USERNAME,
    resolve_actor,
    sync_role_groups,
    system_actor,
)
from tests.factories import UserFactory


def _group_permissions(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


class TestRoleGroups:
    def test_every_role_has_a_group_after_migrate(self, db):
        assert set(Group.objects.values_list("name", flat=True)) >= set(Role.ALL)
        assert set(ROLE_PERMISSIONS) == set(Role.ALL)

    @pytest.mark.parametrize("role", Role.ALL)
    def test_group_has_exactly_the_roles_permissions(self, db, role):
        assert _group_permissions(role) == set(ROLE_PERMISSIONS[role])

    def test_every_named_permission_exists(self, db):
        # A misspelt code would otherwise be dropped silently by sync_role_groups.
        named = {code for codes in ROLE_PERMISSIONS.values() for code in codes}
        existing = {
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert named - existing == set()

    def test_sync_restores_a_group_that_drifted(self, db):
        clerk_group = Group.objects.get(name=Role.CLERK)
        clerk_group.permissions.add(
            Permission.objects.get(content_type__app_label="auth", codename="delete_user")
        )
        Group.objects.filter(name=Role.AUDITOR).delete()
        sync_role_groups()
        assert _group_permissions(Role.CLERK) == set(ROLE_PERMISSIONS[Role.CLERK])
        assert _group_permissions(Role.AUDITOR) == set(ROLE_PERMISSIONS[Role.AUDITOR])
        assert Group.objects.filter(name__in=Role.ALL).count() == len(Role.ALL)

    def test_sync_twice_changes_nothing(self, db):
        before = {role: _group_permissions(role) for role in Role.ALL}
        group_ids = sorted(Group.objects.values_list("pk", flat=True))
        sync_role_groups()
        assert {role: _group_permissions(role) for role in Role.ALL} == before
        assert sorted(Group.objects.values_list("pk", flat=True)) == group_ids


class TestRequireAndCan:
    def test_permitted_user(self, clerk):
        require(clerk, "registry.change_registry", "change the member registry")
        assert can(clerk, "registry.change_registry") is True

    @pytest.mark.parametrize("anonymous", [None, AnonymousUser()])
    def test_anonymous(self, db, anonymous):
        with pytest.raises(NotAllowed) as caught:
            require(anonymous, "registry.view_person", "see the registry")
        assert caught.value.message == "You must be signed in to see the registry."
        assert can(anonymous, "registry.view_person") is False

    def test_user_without_the_permission(self, member):
        with pytest.raises(NotAllowed) as caught:
            require(member, "registry.view_person", "see the registry")
        assert caught.value.message == "You may not see the registry: your role does not allow it."
        assert can(member, "registry.view_person") is False

    def test_inactive_user(self, db):
        inactive = UserFactory(username="former clerk", roles=["clerk"], is_active=False)
        with pytest.raises(NotAllowed) as caught:
            require(inactive, "registry.change_registry", "change the member registry")
        assert caught.value.message == (
            "You may not change the member registry: your role does not allow it."
        )
        assert can(inactive, "registry.change_registry") is False

    def test_inactive_superuser(self, db):
        boss = UserFactory(username="boss", is_superuser=True, is_active=False)
        assert can(boss, "registry.change_registry") is False
        with pytest.raises(NotAllowed):
            require(boss, "registry.change_registry", "change the member registry")

    @pytest.mark.parametrize(
        ("role", "permission", "allowed"),
        [
            ("clerk", "registry.view_personal_data", True),
            ("commissioner", "registry.view_personal_data", True),
            ("commissioner", "registry.change_registry", False),
            ("chair", "registry.change_registry", True),
            ("auditor", "audit.verify_audit_chain", True),
            ("clerk", "audit.verify_audit_chain", False),
            ("auditor", "registry.change_registry", False),
            ("member", "registry.view_personal_data", False),
            ("outsider", "registry.view_person", False),
        ],
    )
    def test_roles(self, request, role, permission, allowed):
        user = request.getfixturevalue(role)
        assert can(user, permission) is allowed


class TestActors:
    def test_system_actor_is_created_once_and_cannot_log_in(self, db):
        actor = system_actor()
        assert (actor.username, actor.is_superuser, actor.is_staff) == (
            SYSTEM_USERNAME,
            True,
            False,
        )
        assert actor.first_name == "Command line"
        assert actor.has_usable_password() is False
        assert system_actor().pk == actor.pk
        assert User.objects.filter(username=SYSTEM_USERNAME).count() == 1
        assert can(actor, "registry.change_registry") is True

    def test_resolve_actor_without_a_name_is_the_system(self, db):
        assert resolve_actor(None).username == SYSTEM_USERNAME
        assert resolve_actor("").username == SYSTEM_USERNAME

    def test_resolve_actor_by_name(self, clerk):
        assert resolve_actor("clerk") == clerk

    def test_resolve_unknown_actor(self, db):
        users = User.objects.count()
        with pytest.raises(NotFound) as caught:
            resolve_actor("nobody")
        assert caught.value.message == "There is no user called 'nobody'."
        assert User.objects.count() == users
