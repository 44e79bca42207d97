"""The statistics pages: the figures with their charts and tables, and the cases behind each
figure. Both read through `reports.statistics.report`, as the API and the command do."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus, urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from commission.cases.enums import CaseKind, DecisionOutcome
from commission.cases.models import Case
from commission.core import clock
from commission.core.actors import signed_in
from commission.core.errors import InvalidInput, NotAllowed, NotFound
from commission.core.paging import CappedPaginator
from commission.core.web import denied
from commission.registry.models import Commission
from commission.reports.exports.tables import write_csv
from commission.reports.statistics import behind
from commission.reports.statistics.figures import Statistics
from commission.reports.statistics.report import (
    figure_cases,
    procedure_statistics,
    statistics_charts,
)
from commission.reports.statistics.scope import level_commissions
from commission.reports.statistics.sql import share

PAGE_SIZE = 50
_ASKED = ("commission", "level", "from", "to")


def _asked(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip()[:64] for k in _ASKED}


def _arguments(asked: dict[str, str]) -> dict[str, str]:
    return {
        "commission": asked["commission"],
        "level": asked["level"],
        "start": asked["from"],
        "end": asked["to"],
    }


class Links:
    """Addresses of the cases behind each figure, in the page's scope and period."""

    def __init__(self, asked: dict[str, str]) -> None:
        # The page has a thousand links: they are put together from parts encoded once.
        base = reverse("reports:statistics_cases")
        asked = {k: v for k, v in asked.items() if v}
        self.start = f"{base}?{urlencode({**asked, 'figure': ''})}"
        # A row of one commission: that commission becomes the scope of the list (the
        # decisions it took; the appeals against them), in place of a level.
        of_row = {k: v for k, v in asked.items() if k != "level"}
        self.start_of_row = f"{base}?{urlencode({**of_row, 'figure': ''})}"
        self.quoted: dict[str, str] = {}

    def __call__(self, figure: str, **narrows: str) -> str:
        start = self.start_of_row if "commission" in narrows else self.start
        rest = "".join(f"&{key}={self.quote(value)}" for key, value in narrows.items())
        return f"{start}{self.quote(figure)}{rest}"

    def quote(self, value: str) -> str:
        found = self.quoted.get(value)
        if found is None:
            found = self.quoted[value] = quote_plus(value)
        return found


def _outcomes_by_commission(
    stats: Statistics, names: dict[str, str], link: Links
) -> dict[str, Any]:
    """The decisions by commission and outcome as a table of a row per commission and a
    column per outcome taken, each count linked to its cases."""
    counts: dict[str, dict[str, int]] = {}
    for c in stats.by_commission:
        counts.setdefault(c.keys["commission"], {})[c.keys["outcome"]] = c.count
    taken = {c.keys["outcome"] for c in stats.by_commission}
    columns = [(value, label) for value, label in DecisionOutcome.choices if value in taken]
    rows = [
        (
            names.get(ref, ref),
            [
                (found[outcome], link("decided", commission=ref, outcome=outcome))
                if outcome in found
                else None
                for outcome, _label in columns
            ],
        )
        for ref, found in counts.items()
    ]
    return {"columns": [label for _value, label in columns], "rows": rows}


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    asked = _asked(request)
    commissions = list(Commission.objects.order_by("level", "name").values_list("ref", "name"))
    context: dict[str, Any] = {
        "asked": asked,
        "commissions": commissions,
        "levels": level_commissions(),
        "nav": "statistics",
    }
    try:
        stats = procedure_statistics(user=request.user, **_arguments(asked))
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    except (InvalidInput, NotFound) as error:
        context["error"] = error.message
        return render(request, "reports/statistics.html", context, status=400)
    link = Links(asked)
    names = dict(commissions)
    kinds, outcomes = dict(CaseKind.choices), dict(DecisionOutcome.choices)
    context.update(
        stats=stats,
        opened=[(kinds[c.keys["kind"]], c.count, link("opened", **c.keys)) for c in stats.opened],
        decided=[
            (kinds[c.keys["kind"]], outcomes[c.keys["outcome"]], c.count, link("decided", **c.keys))
            for c in stats.decided
        ],
        by_commission=_outcomes_by_commission(stats, names, link),
        in_state=[(s, link("state", state=s.state)) for s in stats.in_state],
        appeals=[
            (
                row.commission_name,
                [
                    (getattr(row, v), link("appeals", commission=row.commission_ref, verdict=v))
                    for v in ("upheld", "varied", "overturned")
                ],
            )
            for row in stats.appeals
        ],
        appealed_share=share(stats.decisions_appealed, stats.decisions_total),
        readmission_rate=share(stats.readmitted, stats.expulsions),
        answer_rate=share(stats.inquiries.get("answered", 0), stats.inquiries.get("sent", 0)),
        links={
            key: link(key)
            for key in (
                "opened",
                "decided",
                "to_decision",
                "appeal_to_decision",
                "appealed",
                "expelled",
                "readmitted",
                "majority",
                "majority_needed",
                "overrides",
                "late",
            )
        },
        inquiry_links={
            key: link("inquiries", **({"state": key} if key != "sent" else {}))
            for key in ("sent", "answered", "late", "overdue", "escalated", "withdrawn")
        },
        charts=statistics_charts(stats),
    )
    return render(request, "reports/statistics.html", context)


@login_required
def statistics_cases(request: HttpRequest) -> HttpResponse:
    asked = _asked(request)
    figure = request.GET.get("figure", "")
    narrows = {k: request.GET.get(k, "") for k in ("kind", "outcome", "verdict", "state")}
    try:
        cases = figure_cases(user=request.user, figure=figure, narrows=narrows, **_arguments(asked))
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    except (InvalidInput, NotFound) as error:
        return render(
            request, "reports/statistics_cases.html",
            {"error": error.message, "nav": "statistics"}, status=400,
        )  # fmt: skip
    found = behind.FIGURES[figure]
    if request.GET.get("format") == "csv":
        return _csv(request, found.title, cases)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {k: v for k, v in narrows.items() if v and k in found.narrows}
    back = {k: v for k, v in asked.items() if v}
    return render(
        request,
        "reports/statistics_cases.html",
        {
            "title": found.title,
            "narrowed": shown,
            "page": page,
            "today": clock.today(),
            "filtered": True,
            "back": f"{reverse('reports:statistics')}?{urlencode(back)}",
            "csv": f"{request.path}?{urlencode({**request.GET.dict(), 'format': 'csv'})}",
            "nav": "statistics",
        },
    )


def _csv(request: HttpRequest, title: str, cases: QuerySet[Case]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cases.csv"'
    rows = (
        (c.ref, c.title, c.subject.display_name, c.commission.name, c.get_kind_display(),
         c.get_state_display(), c.opened_on or "")
        for c in cases.iterator(chunk_size=2000)
    )  # fmt: skip
    write_csv(
        actor=signed_in(request.user), out=response, name=title,
        header=["case", "title", "subject", "commission", "kind", "state", "opened"], rows=rows,
    )  # fmt: skip
    return response
