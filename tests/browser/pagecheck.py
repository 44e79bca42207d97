"""What every page of the browser walk must hold: axe-core finds no serious or critical
accessibility violation, and the page fits the window at a desktop and a phone width with no
word broken inside.

axe-core is the npm package, installed by `make test` (and so by .ci/run) into
tests/browser/node_modules; a missing one fails the browser tests rather than skipping them.
It is run inside the page through the DevTools protocol, which the page's content security
policy does not govern, so the policy stays as strict as it is for a user.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

# The widths the layout is checked at: a desktop window and a phone held upright.
WIDTHS = (1280, 390)

# Impacts that fail the walk. Moderate and minor findings are reported by axe as well; the
# rules the commission has fixed are named in ALWAYS_CHECKED so that they stay fixed.
FAILING_IMPACTS = ("serious", "critical")
ALWAYS_CHECKED = ("landmark-unique", "scrollable-region-focusable", "nested-interactive")


@cache
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"The browser tests need axe-core at {AXE}: run `make test`, or "
            "`npm install --no-save --prefix tests/browser axe-core` (see the Makefile)."
        )
    return AXE.read_text(encoding="utf-8")


def accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands, one line each."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;0")
    found = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(
             v => ({id: v.id, impact: v.impact, help: v.help,
                    where: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['where'])}"
        for v in found
        if v["impact"] in FAILING_IMPACTS or v["id"] in ALWAYS_CHECKED
    ]


# A word (its letters only: not the digits and signs of a file name or an identifier) whose
# letters sit on more than one line was broken inside. Longer runs (digests) may wrap anywhere.
_BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('.visually-hidden, script, style, svg')) continue;
    if (!parent.getClientRects().length) continue;
    // A run of letters touching a digit, an underscore or a hyphen is part of an identifier,
    // a digest or a compound, which may wrap there.
    const words = /(?<![\\p{L}\\p{M}\\p{N}_-])[\\p{L}\\p{M}]{2,30}(?![\\p{L}\\p{M}\\p{N}_-])/gu;
    for (let m = words.exec(node.data); m; m = words.exec(node.data)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()]
        .filter(r => r.width > 0 && r.height > 0).map(r => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return [...new Set(broken)].slice(0, 10);
}"""


def layout_problems(page) -> list[str]:
    """The page is no wider than the window, and no word is broken across two lines."""
    problems = []
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        widest = page.evaluate(
            """(w) => [...document.querySelectorAll('main *')]
                 .filter(e => e.getBoundingClientRect().right > w + 1)
                 .filter(e => e.parentElement.getBoundingClientRect().right <= w + 1)
                 .slice(0, 3)
                 .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
            width,
        )
        problems.append(
            f"at {width} px the page is {scroll} px wide and scrolls sideways "
            f"(sticking out: {', '.join(widest) or 'outside main'})"
        )
    broken = page.evaluate(_BROKEN_WORDS)
    if broken:
        problems.append(f"at {width} px words are broken inside: {', '.join(broken)}")
    return problems


def check_page(page, where: str) -> None:
    """Fail, naming the page, unless it is accessible and fits at every width of WIDTHS."""
    size = page.viewport_size
    problems: list[str] = []
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": size["height"]})
            problems += layout_problems(page)
            problems += accessibility_violations(page)
    finally:
        page.set_viewport_size(size)
    if problems:
        pytest.fail(f"{where} ({page.url}):\n  " + "\n  ".join(dict.fromkeys(problems)))
