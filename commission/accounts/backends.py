"""Signing in with a password, and what an account may do, read in one statement.

Django's ModelBackend reads an account's permissions in two statements (those given to the
account, those of its groups, which are its roles here), on every page that shows the menu or
checks a role, and the menu reads the roles' names in a third. This backend reads all of them
at once (`core.roles.account_permissions`); everything else is ModelBackend's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from commission.core.roles import account_permissions


class AccountBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return account_permissions(user_obj)
