"""The translation checks the suite runs (tests/core/test_translations.py), kept apart so they
can be run by hand: `python -m tests.core.catalogue` lists what is missing.

- templates: visible text (an element's text, or a title/placeholder/aria-label/alt
  attribute) outside {% translate %} / {% blocktranslate %}, and string literals with letters
  given to the filters that show them (default, yesno, ...) without _( );
- the catalogue: every msgid that makemessages finds is in commission/locale/ru, translated and
  not fuzzy, and nothing else is (what makemessages does not find, `make messages` drops); the
  compiled .mo says what the .po says;
- the code: no string marked for translation inside an f-string's braces, where makemessages
  (xgettext) does not look, so `make messages` would drop it from the catalogue."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "commission"
CATALOGUE = PACKAGE / "locale" / "ru" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")

_LETTER = re.compile(r"[^\W\d_]")
# Attributes a reader sees or hears.
_VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "aria-description"}
# Elements whose text is not prose: code and commands are written as they are typed.
_VERBATIM = {"code", "kbd", "samp", "script", "style"}
_SHOWING_FILTERS = {"default", "default_if_none", "yesno", "pluralize"}
_LITERAL_ARGUMENT = re.compile(r"\|\s*(\w+)\s*:\s*(\"[^\"]*\"|'[^']*')")


@dataclass(frozen=True)
class Untranslated:
    template: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.text!r}"


def templates() -> list[Path]:
    """The application's templates (the letter samples under intake/labelled are data)."""
    return sorted(p for p in PACKAGE.glob("*/templates/**/*.html"))


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._verbatim = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VERBATIM:
            self._verbatim += 1
        for name, value in attrs:
            if name in _VISIBLE_ATTRIBUTES and value and _LETTER.search(value):
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VERBATIM and self._verbatim:
            self._verbatim -= 1

    def handle_data(self, data: str) -> None:
        if not self._verbatim and _LETTER.search(data):
            self.found.append((self.getpos()[0], data.strip()))


def untranslated_text(path: Path) -> list[Untranslated]:
    """Text in `path` that a reader sees and that no translate tag covers."""
    name = str(path.relative_to(PACKAGE))
    found: list[Untranslated] = []
    # The template with every tag and variable taken out (each leaves its newlines, so lines
    # keep their numbers) and every translate block taken out whole; what remains is markup
    # and the text nobody marked.
    kept: list[str] = []
    skipping: str | None = None
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if skipping:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skipping:
                skipping = None
            kept.append("\n" * token.contents.count("\n"))
            continue
        if token.token_type == TokenType.TEXT:
            kept.append(token.contents)
            continue
        kept.append("\n" * token.contents.count("\n"))
        if token.token_type == TokenType.BLOCK:
            tag = token.contents.split()[0]
            if tag in {"blocktranslate", "blocktrans"}:
                skipping = "endblocktranslate" if tag == "blocktranslate" else "endblocktrans"
            elif tag == "comment":
                skipping = "endcomment"
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            for filter_name, literal in _LITERAL_ARGUMENT.findall(token.contents):
                if filter_name in _SHOWING_FILTERS and _LETTER.search(literal):
                    found.append(Untranslated(name, token.lineno, f"|{filter_name}:{literal}"))
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == "include":
                for literal in re.findall(r"=\s*(\"[^\"]*\"|'[^']*')", token.contents):
                    if _LETTER.search(literal):
                        found.append(Untranslated(name, token.lineno, f"include {literal}"))
    parser = _Visible()
    parser.feed("".join(kept))
    parser.close()
    found.extend(Untranslated(name, line, text) for line, text in parser.found)
    return sorted(found, key=lambda u: u.line)


def all_untranslated_text() -> list[Untranslated]:
    return [u for path in templates() for u in untranslated_text(path)]


# What makemessages leaves out: the environment, the tests, and the letters and registry samples
# (data, not interface). `make messages` passes the same list.
IGNORED = [
    ".venv/*",
    "var/*",
    "tests/*",
    "bench/*",
    "commission/intake/labelled/*",
    "commission/demo_data/*",
]

_EXTRACT = """
import sys, django
from django.conf import settings
django.setup()
settings.LOCALE_PATHS = [sys.argv[1]]
from django.core.management import call_command
call_command("makemessages", locale=["ru"], ignore_patterns=sys.argv[2:], no_obsolete=True,
             add_location="never", verbosity=0)
"""


def extracted_msgids() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string makemessages finds in the code and templates now,
    extracted into a scratch folder so the real catalogue is not touched (makemessages writes
    to any folder named locale it walks through, so the real one is left out of the walk)."""
    import os

    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "ru" / "LC_MESSAGES").mkdir(parents=True)
        subprocess.run(
            [sys.executable, "-c", _EXTRACT, work, *IGNORED, "commission/locale"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "commission.settings"},
        )
        po = polib.pofile(str(Path(work) / "ru" / "LC_MESSAGES" / "django.po"))
    return {(e.msgctxt, e.msgid) for e in po if e.msgid}


# The names the code marks strings for translation with.
_MARKERS = {
    "_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext",
    "pgettext_lazy", "npgettext", "npgettext_lazy",
}  # fmt: skip


def marked_inside_fstrings() -> list[str]:
    """file:line of each string marked for translation inside an f-string's braces."""
    found: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        where = str(path.relative_to(ROOT))
        if any(fnmatch(where, pattern) for pattern in IGNORED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in _MARKERS
                ):
                    found.add(f"{where}:{inner.lineno}")
    return sorted(found)


def catalogue_problems() -> list[str]:
    """What is wrong with the Russian catalogue, as sentences; empty when nothing is."""
    po = polib.pofile(str(CATALOGUE))
    problems: list[str] = []
    held = {(e.msgctxt, e.msgid) for e in po if not e.obsolete and e.msgid}
    extracted = extracted_msgids()
    for context, msgid in sorted(extracted - held, key=lambda k: k[1]):
        where = f" (context {context!r})" if context else ""
        problems.append(f"missing from the catalogue{where}: {msgid!r}")
    for context, msgid in sorted(held - extracted, key=lambda k: k[1]):
        where = f" (context {context!r})" if context else ""
        problems.append(
            f"in the catalogue but not found in the code{where}, so `make messages` would drop "
            f"it: {msgid!r}"
        )
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"not translated: {entry.msgid!r}")
    problems.extend(stale_compiled())
    return problems


def stale_compiled() -> list[str]:
    """Differences between the .po and the committed .mo (run `make messages` to compile)."""
    if not COMPILED.exists():
        return [f"{COMPILED.relative_to(ROOT)} is missing; run `make messages`."]
    po = polib.pofile(str(CATALOGUE))
    mo = polib.mofile(str(COMPILED))

    def table(entries: list[polib.POEntry] | polib.MOFile) -> dict[tuple[str | None, str], object]:
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in entries
            if e.msgid and not e.obsolete and "fuzzy" not in e.flags
        }

    if table(po.translated_entries()) != table(mo):
        return [f"{COMPILED.relative_to(ROOT)} is older than the .po; run `make messages`."]
    return []


if __name__ == "__main__":
    import django

    sys.path.insert(0, str(ROOT))
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    django.setup()
    for item in all_untranslated_text():
        print(item)
    for place in marked_inside_fstrings():
        print(f"{place}: a string marked for translation inside an f-string")
    if "--catalogue" in sys.argv:
        for problem in catalogue_problems():
            print(problem)
