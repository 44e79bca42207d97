"""The one door to the statistics for the page, the API and `commission report statistics`:
check the reader's right, read the scope and period they asked for, compute, and give the
figures as plain data for JSON and text."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet

from commission.cases.models import Case
from commission.core.actors import Viewer
from commission.reports.statistics import behind
from commission.reports.statistics.figures import Frame, Statistics, compute
from commission.reports.statistics.scope import parse_period, parse_scope, require_statistics
from commission.reports.statistics.sql import Durations, share

# The version of the shape `as_data` gives; a change that removes or renames a key raises it.
DATA_VERSION = 1


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
    return compute(frame)


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
