"""The case dossier downloaded from the case page (commission.reports.dossier)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commission.core import clock
from commission.core.actors import signed_in
from commission.core.errors import NotFound
from commission.reports.dossier import make_dossier


@login_required
@require_GET
def dossier_pdf(request: HttpRequest, ref: str) -> HttpResponse:
    raw = request.GET.get("on", "").strip()
    try:
        day = clock.parse_day(raw, name="on") if raw else None
    except ValueError:
        return HttpResponse(
            _("Give the day as YYYY-MM-DD, not %(value)s.") % {"value": raw},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        pdf = make_dossier(actor=signed_in(request.user), ref=ref, day=day, language=get_language())
    except NotFound as missing:
        raise Http404(missing.message) from None
    answer = HttpResponse(pdf, content_type="application/pdf")
    name = f"dossier-{ref}" + (f"-{day.isoformat()}" if day else "") + ".pdf"
    answer["Content-Disposition"] = f'inline; filename="{name}"'
    answer["Cache-Control"] = "no-store"
    return answer
