"""The one door to the statistics for the page, the API and `commission report statistics`:
check the reader's right, read the scope and period they asked for, compute, and give the
figures as plain data for JSON and text."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from commission.audit.queries import last_change_seq
from commission.audit.services import record_event
from commission.cases.models import Case
from commission.core.actors import Actor, Viewer
from commission.core.audit_actions import AuditAction
from commission.core.roles import can
from commission.registry.models import Commission
from commission.registry.posts import posted_commissions
from commission.reports.statistics import behind, charts, kept
from commission.reports.statistics.figures import Frame, Statistics
from commission.reports.statistics.scope import (
    SEES_CONFIDENTIAL,
    parse_period,
    parse_scope,
    require_statistics,
)
from commission.reports.statistics.sql import Durations, share

# The version of the shape `as_data` gives; a change that removes or renames a key raises it.
DATA_VERSION = 1
# How long computed figures are kept. Their key holds the last event of the audit chain that
# changed the records, and every change to a case, decision, inquiry or letter writes an audit
# event in its own transaction, so a change makes new figures at once, while readings (a person's
# contact details shown, a dossier made, an export) do not; the limit only bounds the cache's
# size.
CACHE_SECONDS = 15 * 60


def frame_for(
    *, user: Viewer, commission: str = "", level: str = "", start: str = "", end: str = ""
) -> Frame:
    """Errors: NotAllowed for a reader without the right; NotFound, InvalidInput for a scope
    or period that is not one."""
    require_statistics(user)
    return Frame(
        user=user,
        scope=parse_scope(commission=commission, level=level),
        period=parse_period(start=start, end=end),
    )


def procedure_statistics(
    *, user: Viewer, commission: str = "", level: str = "", start: str = "", end: str = ""
) -> Statistics:
    """Every figure for one commission (by reference), one level, or the whole organisation,
    over the period from `start` to `end` (ISO dates, either open). Reads only."""
    frame = frame_for(user=user, commission=commission, level=level, start=start, end=end)
    key = _cache_key(frame)
    found = cache.get(key)
    if isinstance(found, Statistics):
        found.frame = frame
        return found
    stats = kept.statistics(frame)
    stats.cache_key = key
    cache.set(key, stats, CACHE_SECONDS)
    return stats


def _cache_key(frame: Frame) -> str:
    """The figures' key: what was asked, by which class of reader (those who read every case
    share figures; anyone else's, posted clerks' too, count their own cases), as of the audit
    chain's last event that changed the records."""
    # A clerk posted to commissions counts only their cases, whatever else she may read.
    shares = can(frame.user, SEES_CONFIDENTIAL) and posted_commissions(frame.user) is None
    reader = "all" if shares else f"user-{frame.user.pk}"
    scope = frame.scope.commission.pk if frame.scope.commission else frame.scope.level or "all"
    period = f"{frame.period.start or ''}-{frame.period.end or ''}"
    # The figures carry labels (case states, kinds) in the language they were computed in.
    language = translation.get_language() or ""
    return f"statistics:{DATA_VERSION}:{last_change_seq()}:{reader}:{scope}:{period}:{language}"


def recount_statistics(*, user: Actor) -> None:
    """Have every kept count of the statistics counted afresh on the next read: for rows
    changed behind the services' back, which write no audit event for the kept counts to
    follow. Recorded in the audit chain, which makes every process's kept figures stale.
    Errors: NotAllowed for a reader without the right to read the statistics."""
    require_statistics(user)
    with transaction.atomic():
        record_event(
            actor=user,
            action=AuditAction.STATISTICS_RECOUNT,
            target_type="statistics",
            target_id="",
            summary="The procedure statistics are to be counted afresh.",
        )


def statistics_charts(stats: Statistics) -> list[charts.Chart]:
    """The charts of the figures, each kept under a digest of what it draws and the language
    of its words (drawing one costs as much as computing many figures): after a change, only
    the charts whose numbers moved are drawn again."""
    language = translation.get_language() or ""
    shown = {c.keys["commission"] for c in stats.by_commission}
    names = dict(Commission.objects.filter(ref__in=shown).values_list("ref", "name"))
    specs: list[tuple[str, Any, Callable[[], charts.Chart]]] = [
        ("trend", stats.trend, lambda: charts.trend(stats.trend)),
        (
            "to-decision",
            stats.to_decision,
            lambda: charts.durations(
                "to-decision", _("Days from opening to decision"), stats.to_decision
            ),
        ),
        (
            "appeal-to-decision",
            stats.appeal_to_decision,
            lambda: charts.durations(
                "appeal-to-decision", _("Days from appeal to decision"), stats.appeal_to_decision
            ),
        ),
        (
            "outcomes",
            (stats.by_commission, sorted(names.items())),
            lambda: charts.outcomes_by_commission(stats.by_commission, names),
        ),
    ]
    keys = {
        name: f"statistics-chart:{DATA_VERSION}:{language}:{name}:"
        + hashlib.sha256(repr(data).encode()).hexdigest()
        for name, data, _draw in specs
    }
    found = cache.get_many(list(keys.values()))
    drawn = []
    for name, _data, draw in specs:
        chart = found.get(keys[name])
        if not isinstance(chart, charts.Chart):
            chart = draw()
            cache.set(keys[name], chart, CACHE_SECONDS)
        drawn.append(chart)
    return drawn


def figure_cases(
    *,
    user: Viewer,
    figure: str,
    narrows: dict[str, str],
    commission: str = "",
    level: str = "",
    start: str = "",
    end: str = "",
) -> QuerySet[Case]:
    """The cases behind one figure (see behind.FIGURES), newest first."""
    frame = frame_for(user=user, commission=commission, level=level, start=start, end=end)
    return behind.cases_behind(frame, figure, narrows)


def _durations(measured: Durations) -> dict[str, Any]:
    return {
        "count": measured.count,
        "median_days": measured.median,
        "p90_days": measured.p90,
        "histogram": [{"days": d, "count": n} for d, n in measured.histogram],
    }


def as_data(stats: Statistics) -> dict[str, Any]:
    """The figures as JSON-ready data (the API's answer and `--json`)."""
    frame = stats.frame
    inquiries = stats.inquiries
    return {
        "version": DATA_VERSION,
        "scope": {**frame.scope.params, "label": frame.scope.label},
        "period": {
            "from": frame.period.start.isoformat() if frame.period.start else None,
            "to": frame.period.end.isoformat() if frame.period.end else None,
        },
        "cases": {
            "opened": stats.opened_total,
            "decided": stats.decided_total,
            "opened_by_kind": [{**c.keys, "count": c.count} for c in stats.opened],
            "decided_by_kind_and_outcome": [{**c.keys, "count": c.count} for c in stats.decided],
            "decided_by_commission_and_outcome": [
                {**c.keys, "count": c.count} for c in stats.by_commission
            ],
            "by_month": [asdict(m) for m in stats.trend],
            "opening_to_decision": _durations(stats.to_decision),
            "appeal_to_decision": _durations(stats.appeal_to_decision),
            "time_in_state": [
                {"state": s.state, **_durations(s.durations)} for s in stats.in_state
            ],
        },
        "appeals": {
            "decisions": stats.decisions_total,
            "appealed": stats.decisions_appealed,
            "appealed_share": share(stats.decisions_appealed, stats.decisions_total),
            "by_commission_appealed_from": [
                {
                    "commission": r.commission_ref,
                    "upheld": r.upheld,
                    "varied": r.varied,
                    "overturned": r.overturned,
                }
                for r in stats.appeals
            ],
            "expulsions": stats.expulsions,
            "readmitted": stats.readmitted,
            "readmission_rate": share(stats.readmitted, stats.expulsions),
        },
        "inquiries": {
            **inquiries,
            "answer_rate": share(inquiries.get("answered", 0), inquiries.get("sent", 0)),
            "time_to_answer": _durations(stats.time_to_answer),
            "most_asked": [asdict(r) for r in stats.recipients],
        },
        "letters": {
            **stats.letters,
            "proposals": [asdict(r) for r in stats.proposals],
        },
        "due_process": stats.due_process,
    }
