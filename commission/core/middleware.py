from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

# No inline script or style anywhere, so the policy can forbid both; htmx is served from
# our own static files. The admin is the only page family that needs inline styles.
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)
_ADMIN_POLICY = _POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith("/admin/") or request.path.startswith("/api/")
            response["Content-Security-Policy"] = _ADMIN_POLICY if is_admin else _POLICY
        return response


class PrivateAnswersMiddleware:
    """Every page shown to a signed-in user and every API answer may carry personal data (an
    address, a telephone, the letters about a member); they are marked `Cache-Control: no-store`
    (with `private`), so no browser cache, proxy or shared machine keeps a copy.

    API requests signed with a token are only known as signed in inside the API views, so the
    API is covered by its address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class AccountLanguageMiddleware:
    """Pages for a signed-in account speak the language the account chose with the switch
    (`core.models.AccountPreference`), whatever the browser asks for; LocaleMiddleware, before
    it, has already chosen from the switch's cookie, the browser and LANGUAGE_CODE.

    The API answers in the language its request asks for (Accept-Language), so it is left to
    LocaleMiddleware. The choice is read once per session and kept in it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            language = account_language(request)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


SESSION_LANGUAGE = "commission_language"


def account_language(request: HttpRequest) -> str:
    """The signed-in account's language, kept in the session after the first read."""
    from commission.core.services import language_preference

    session = request.session
    if SESSION_LANGUAGE not in session:
        session[SESSION_LANGUAGE] = language_preference(request.user)  # type: ignore[arg-type]
    return str(session[SESSION_LANGUAGE])
