from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender: Any, **kwargs: Any) -> None:
    from commission.core.services import sync_role_groups

    if getattr(sender, "label", None) != "core":
        return  # once per migrate is enough; it creates every app's permissions itself

    sync_role_groups(using=kwargs.get("using", "default"))


class CoreConfig(AppConfig):
    name = "commission.core"
    label = "core"
    verbose_name = "Commission core"

    def ready(self) -> None:
        from commission.core import checks  # noqa: F401  (registers the system checks)

        # Role groups follow commission.core.roles after every migrate, so a change to the map
        # needs no data migration of its own.
        post_migrate.connect(_sync_roles, dispatch_uid="commission.sync_role_groups")
