from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from commission.core.accounts import lockout_rule


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("reports:dashboard")


class SignInView(auth_views.LoginView):
    """Django's sign-in, with the rule for wrong passwords said on the page."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "lockout_rule": lockout_rule()}
