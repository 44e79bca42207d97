from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


def _sync_roles(sender: Any, **kwargs: Any) -> None:
    from commission.core.services import sync_role_groups

    if getattr(sender, "label", None) != "core":
        return  # once per migrate is enough; it creates every app's permissions itself

    sync_role_groups(using=kwargs.get("using", "default"))


def _language_at_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """The account's chosen language applies from the sign-in on (kept in the session, so no
    page asks the database for it again)."""
    from commission.core.middleware import SESSION_LANGUAGE
    from commission.core.services import language_preference

    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LANGUAGE] = language_preference(user)


class CoreConfig(AppConfig):
    name = "commission.core"
    label = "core"
    verbose_name = "Commission core"

    def ready(self) -> None:
        from commission.core import checks  # noqa: F401  (registers the system checks)
        from commission.core.choices import remember_choice_labels

        remember_choice_labels()

        # Role groups follow commission.core.roles after every migrate, so a change to the map
        # needs no data migration of its own.
        post_migrate.connect(_sync_roles, dispatch_uid="commission.sync_role_groups")
        user_logged_in.connect(_language_at_sign_in, dispatch_uid="commission.language_at_sign_in")
