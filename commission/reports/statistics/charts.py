"""The statistics drawn as SVG on the server, with pygal, for placing inside the page.

pygal writes a script (its tooltips) and a style sheet into every chart; the site's content
security policy refuses both inline, so they are taken out and the chart is styled by
reports/statistics.css through the classes pygal gives its elements. Each chart is marked as
one image (role="img") named by its title and described by a sentence of what it shows; the
page has the same numbers as a table beside it."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from commission.cases.enums import DecisionOutcome
from commission.reports.statistics.figures import Counted, Month
from commission.reports.statistics.sql import Durations

# pygal puts a finder for its map plugins on the import path, of the old kind Python warns
# about at every later import that reaches it; there are no map charts here, so it goes.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

# A histogram with more bars than this is drawn in wider bins (the table keeps every day).
MAX_BARS = 24
# Months drawn as a bar each; more are drawn as lines.
MAX_MONTHS = 36
# Commissions drawn in the outcomes chart, those with most decisions first.
MAX_COMMISSIONS = 12


@dataclass
class Chart:
    key: str
    title: str
    description: str
    svg: SafeString


def _config(**extra: Any) -> dict[str, Any]:
    return {
        "js": [],  # no script files; the inline config script is removed in _clean
        "disable_xml_declaration": True,
        "show_legend": True,
        "legend_at_bottom": True,
        "width": 720,
        "height": 360,
        "explicit_size": False,
        "print_values": False,
        "no_data_text": _("No data in this period"),
        **extra,
    }


def _clean(chart: pygal.graph.graph.Graph, key: str, title: str, description: str) -> SafeString:
    """The chart's SVG without script, style sheet or style attributes, as one image with a
    title and a description for screen readers."""
    # pygal names its elements without a namespace and writes xmlns as a plain attribute.
    root = _as_etree(chart.render_tree())
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or _local(child.tag) in ("script", "style"):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
        element.attrib.pop("onclick", None)
    root.set("id", f"chart-{key}")
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-{key}-title chart-{key}-desc")
    root.set("class", f"pygal-chart stat-chart stat-chart-{key}")
    for old in [e for e in root if _local(e.tag) in ("title", "desc")]:
        root.remove(old)
    desc = ET.Element("desc", {"id": f"chart-{key}-desc"})
    desc.text = description
    root.insert(0, desc)
    heading = ET.Element("title", {"id": f"chart-{key}-title"})
    heading.text = title
    root.insert(0, heading)
    text = ET.tostring(root, encoding="unicode")
    # The markup is built by ElementTree from numbers and our own labels, which it escapes.
    return mark_safe(text)  # noqa: S308


def _counts_axis(chart: pygal.graph.graph.Graph, top: int) -> None:
    """Whole numbers on the axis of counts (pygal would mark 0.2, 0.4 … for small ones). A
    chart with no series at all (no commission decided anything in the period) has no axis:
    pygal writes its "no data" text, and fails on labels for an axis it never drew."""
    if not chart.raw_series:
        return
    step = max(1, -(-top // 5))
    chart.y_labels = list(range(0, top + step, step))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _as_etree(root: Any) -> ET.Element:
    """pygal builds its tree with lxml when that is installed, else with ElementTree."""
    if isinstance(root, ET.Element):
        return root
    from lxml import etree  # pragma: no cover - only when pygal found lxml

    return ET.fromstring(etree.tostring(root))  # noqa: S314  (our own markup)


def trend(months: list[Month]) -> Chart:
    """A bar per month for each of opened and decided; over more than MAX_MONTHS months a line
    for each, the years marked (a hundred months of bars are not read bar by bar, and would
    cost the page as much as all its figures)."""
    lines = len(months) > MAX_MONTHS
    if lines:
        chart = pygal.Line(
            **_config(
                x_label_rotation=45,
                show_dots=False,
                show_minor_x_labels=False,
                x_labels_major_every=12,
            )
        )
    else:
        chart = pygal.Bar(**_config(x_label_rotation=45, show_minor_x_labels=True))
    chart.title = _("Cases opened and decided, by month")
    chart.x_labels = [m.month for m in months]
    chart.add(_("opened"), [m.opened for m in months])
    chart.add(_("decided"), [m.decided for m in months])
    _counts_axis(chart, max([m.opened for m in months] + [m.decided for m in months] + [1]))
    total_opened = sum(m.opened for m in months)
    total_decided = sum(m.decided for m in months)
    if months:
        words = {
            "first": months[0].month,
            "last": months[-1].month,
            "opened": f"{total_opened:,}",
            "decided": f"{total_decided:,}",
        }
        if lines:
            description = (
                _(
                    "Lines through each month from %(first)s to %(last)s: %(opened)s cases opened "
                    "and %(decided)s decided in all."
                )
                % words
            )
        else:
            description = (
                _(
                    "Bars for each month from %(first)s to %(last)s: %(opened)s cases opened and "
                    "%(decided)s decided in all."
                )
                % words
            )
    else:
        description = _("No month to show.")
    return Chart("trend", chart.title, description, _clean(chart, "trend", chart.title,
                                                           description))  # fmt: skip


def _bins(histogram: list[tuple[int, int]]) -> list[tuple[str, int]]:
    if not histogram:
        return []
    last = histogram[-1][0]
    width = max(1, -(-(last + 1) // MAX_BARS))
    counts = [0] * (last // width + 1)
    for days, n in histogram:
        counts[days // width] += n
    # Each bar is labelled by its first day; the axis title gives the width of the bins.
    return [(str(i * width), n) for i, n in enumerate(counts)]


def _bin_width(histogram: list[tuple[int, int]]) -> int:
    return max(1, -(-(histogram[-1][0] + 1) // MAX_BARS)) if histogram else 1


def durations(key: str, title: str, measured: Durations) -> Chart:
    bins = _bins(measured.histogram)
    width = _bin_width(measured.histogram)
    x_title = (
        _("days")
        if width == 1
        else _("days (each bar %(width)s days, from the day shown)") % {"width": width}
    )
    chart = pygal.Bar(**_config(show_legend=False, x_title=x_title, y_title=_("decisions")))
    chart.title = title
    chart.x_labels = [label for label, _n in bins]
    chart.add(_("decisions"), [n for _label, n in bins])
    _counts_axis(chart, max([n for _label, n in bins] + [1]))
    if measured.count:
        description = _(
            "How many of %(count)s took each number of days: median %(median)s days, "
            "90th percentile %(p90)s days."
        ) % {"count": f"{measured.count:,}", "median": measured.median, "p90": measured.p90}
    else:
        description = _("Nothing was measured in this period.")
    return Chart(key, title, description, _clean(chart, key, title, description))


def outcomes_by_commission(counted: list[Counted], names: dict[str, str]) -> Chart:
    totals: dict[str, int] = {}
    cells: dict[tuple[str, str], int] = {}
    for c in counted:
        ref, outcome = c.keys["commission"], c.keys["outcome"]
        totals[ref] = totals.get(ref, 0) + c.count
        cells[ref, outcome] = cells.get((ref, outcome), 0) + c.count
    shown = sorted(totals, key=lambda ref: (-totals[ref], ref))[:MAX_COMMISSIONS]
    chart = pygal.StackedBar(**_config(x_label_rotation=20, truncate_label=28))
    chart.title = _("Decisions by commission and outcome")
    chart.x_labels = [names.get(ref, ref) for ref in shown]
    for outcome in DecisionOutcome:
        values = [cells.get((ref, outcome.value), 0) for ref in shown]
        if any(values):
            chart.add(str(outcome.label), values)
    _counts_axis(chart, max([totals[ref] for ref in shown] + [1]))
    rest = len(totals) - len(shown)
    description = _("For each of %(count)s commissions, its decisions stacked by outcome") % {
        "count": len(shown)
    } + (
        "; " + _("%(rest)s more commissions are in the table.") % {"rest": rest}
        if rest > 0
        else "."
    )
    return Chart(
        "outcomes", chart.title, description,
        _clean(chart, "outcomes", chart.title, description),
    )  # fmt: skip
