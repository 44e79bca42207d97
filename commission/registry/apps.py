from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

# Set at sign-in: whether the account is a person of the registry, so every page can offer
# "My record" without asking the database again.
HAS_RECORD = "registry.has_record"


def _remember_own_record(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from commission.registry.models import Person

    if request is not None and hasattr(request, "session"):
        request.session[HAS_RECORD] = Person.objects.filter(user_id=user.pk).exists()


class RegistryConfig(AppConfig):
    name = "commission.registry"
    label = "registry"
    verbose_name = "Member registry"

    def ready(self) -> None:
        user_logged_in.connect(_remember_own_record, dispatch_uid="registry.own_record")
