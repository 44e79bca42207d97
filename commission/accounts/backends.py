"""Signing in with a password, and what an account may do, read in one statement.

Django's ModelBackend reads an account's permissions in two statements (those given to the
account, those of its groups, which are its roles here), on every page that shows the menu or
checks a role. This backend reads both at once; everything else is ModelBackend's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q


class AccountBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                found = Permission.objects.all()
            else:
                user_model = type(user_obj)
                own = user_model.user_permissions.through.objects.filter(user_id=user_obj.pk)
                roles = Group.permissions.through.objects.filter(
                    group__in=user_obj.groups.values("pk")
                )
                found = Permission.objects.filter(
                    Q(pk__in=own.values("permission_id")) | Q(pk__in=roles.values("permission_id"))
                )
            user_obj._perm_cache = {
                f"{app}.{codename}"
                for app, codename in found.values_list("content_type__app_label", "codename")
            }
        return user_obj._perm_cache
