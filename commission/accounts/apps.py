from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commission.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from commission.accounts import checks  # noqa: F401  (registers the system check)
