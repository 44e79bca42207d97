from django.urls import path

from commission.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("second-factor/start/", views.start_second_factor, name="second-factor-start"),
    path("second-factor/confirm/", views.confirm_second_factor, name="second-factor-confirm"),
    path("second-factor/off/", views.turn_off_second_factor, name="second-factor-off"),
    path(
        "second-factor/recovery-codes/",
        views.renew_recovery_codes,
        name="second-factor-recovery-codes",
    ),
    path("second-factor/code/", views.verify, name="verify"),
]
