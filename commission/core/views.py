from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_otp import DEVICE_ID_SESSION_KEY

from commission.core.accounts import lockout_rule
from commission.core.middleware import SESSION_LANGUAGE
from commission.core.services import language_preference, set_language_preference


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("reports:dashboard")


class SignInView(auth_views.LoginView):
    """Django's sign-in, with the rule for wrong passwords said on the page; the account's own
    language is applied from the sign-in on, and kept by the browser after signing out."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "lockout_rule": lockout_rule()}

    def form_valid(self, form: Any) -> HttpResponse:
        # Every sign-in with the password asks for the second factor's code again: Django keeps
        # the session's data when the same account signs in anew, and with it a code given before.
        self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
        response = super().form_valid(form)
        language = language_preference(form.get_user())
        if language:
            _remember_in_browser(response, language)
        return response


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """The language switch on every page: the browser keeps the choice for the session (a
    cookie), and a signed-in account keeps it for every later sign-in."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(
            _("There is no interface language “%(code)s”.") % {"code": language}
        )
    if request.user.is_authenticated:
        set_language_preference(user=request.user, language=language)
        request.session[SESSION_LANGUAGE] = language
    # Django's own view checks the address to go back to and sets the cookie.
    return set_language(request)


def _remember_in_browser(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
