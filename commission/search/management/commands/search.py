"""`commission search WORDS…`: people, letters and cases matching some words.

`commission search check` compares the letter index with the letters on file and puts right
what differs (`--report-only` to only say); `commission search rebuild` indexes every letter
again from nothing. To search for the word "check" or "rebuild" alone, give a filter
(`--kind letters`, say).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.cases.enums import CaseState
from commission.core.errors import CommissionError
from commission.search.queries import KINDS, SearchFilters, search
from commission.search.services import check_index, rebuild_index

VERBS = ("check", "rebuild")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date; write it as 1921-12-20.") % {"value": value}
        ) from None


def _plain(passage: str) -> str:
    """A passage's HTML as terminal text, matched words in [brackets]."""
    text = passage.replace("<mark>", "[").replace("</mark>", "]")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class Command(BaseCommand):
    help = "Search people (any name form), letters (full text) and cases, as a user may see them."
    # Reads only: the system checks (which load every URL and view) are left to the commands
    # that change things, so it starts at once.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("words", nargs="+", help='Words; "quoted words" stay together.')
        parser.add_argument("--kind", choices=KINDS, default="all", help="Where to look (all).")
        parser.add_argument("--from", dest="date_from", help="Written or opened on or after.")
        parser.add_argument("--to", dest="date_to", help="Written or opened on or before.")
        parser.add_argument("--commission", help="Reference of a commission.")
        parser.add_argument("--state", choices=CaseState.values, help="Cases in this state.")
        parser.add_argument("--skip", type=int, default=0, help="Skip this many letters.")
        parser.add_argument("--as", dest="as_user", help="Search as this user (default: system).")
        parser.add_argument(
            "--report-only", action="store_true", help="With check: say what differs, fix nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        words = options["words"]
        searching = options["kind"] != "all" or any(
            options[name] for name in ("date_from", "date_to", "commission", "state", "skip")
        )
        if len(words) == 1 and words[0] in VERBS and not searching:
            self._maintain(words[0], fix=not options["report_only"])
            return
        start = _date(options["date_from"]) if options["date_from"] else None
        end = _date(options["date_to"]) if options["date_to"] else None
        if start and end and start > end:
            raise CommandError(_("--to is before --from."))
        if options["skip"] < 0:
            raise CommandError(_("--skip cannot be negative."))
        try:
            actor = command_line_actor(options.get("as_user"), command="search")
            results = search(
                user=actor,
                text=" ".join(options["words"]),
                filters=SearchFilters(
                    kind=options["kind"],
                    date_from=start,
                    date_to=end,
                    commission=options["commission"],
                    state=options["state"],
                ),
                letters_offset=options["skip"],
            )
        except CommissionError as error:
            raise CommandError(error.message) from None
        out = self.stdout
        if not results.query:
            raise CommandError(_("There are no words to search for."))
        for note in results.notes:
            out.write(note)
        if results.empty:
            out.write(_("Nothing matches %(text)s.") % {"text": results.query.text()})
            return
        if results.people:
            out.write(_("People:"))
            for match in results.people:
                how = "" if match.how == "exact" else f"  ({match.how} match)"
                out.write(f"  {match.person.ref}  {match.person.display_name}{how}")
        if results.cases:
            out.write(_("Cases:"))
            for case in results.cases:
                out.write(
                    _("  %(case)s  %(subject)s · %(kind)s before %(commission)s · %(state)s")
                    % {
                        "case": case.ref,
                        "subject": case.subject.display_name,
                        "kind": case.get_kind_display(),
                        "commission": case.commission.name,
                        "state": case.get_state_display(),
                    }
                )
        if results.letters:
            if results.letters_ranked:
                out.write(
                    _("Letters (%(letters_matched)s match, best first):")
                    % {"letters_matched": results.letters_matched}
                )
            else:
                out.write(
                    _(
                        "Letters (more than %(value)s match, newest first; add words or dates "
                        "to rank them):"
                    )
                    % {"value": results.letters_matched - 1}
                )
            for found in results.letters:
                out.write(f"  #{found.document.pk}  {found.document.title}")
                out.write(f"      {found.withheld or _plain(found.passage)}")
        if results.naming:
            out.write(_("Letters naming these people:"))
            for mention in results.naming:
                out.write(
                    _("  #%(document_id)s  %(document)s (names %(person)s)")
                    % {
                        "document_id": mention.document_id,
                        "document": mention.document.title,
                        "person": mention.person.display_name,
                    }
                )

    def _maintain(self, verb: str, *, fix: bool) -> None:
        started = time.perf_counter()
        if verb == "rebuild":
            count = rebuild_index()
            self.stdout.write(
                _("Indexed %(count)s letters again in %(value)s s.")
                % {
                    "count": format(count, ","),
                    "value": format(time.perf_counter() - started, ".1f"),
                }
            )
            return
        report = check_index(fix=fix)
        seconds = time.perf_counter() - started
        if report.consistent:
            self.stdout.write(
                _(
                    "The index holds all %(letters)s letters as they are on file (checked "
                    "in %(seconds)s s)."
                )
                % {"letters": format(report.letters, ","), "seconds": format(seconds, ".1f")}
            )
            return
        parts = []
        for what, ids in (
            ("not in the index", report.missing),
            ("in the index but no longer on file", report.extra),
            ("indexed as they were before a change", report.stale),
        ):
            if ids:
                shown = ", ".join(f"#{i}" for i in ids[:10] if i >= 0)
                more = f" and {len(ids) - 10:,} more" if len(ids) > 10 else ""
                parts.append(
                    f"{len(ids):,} letters {what}" + (f" ({shown}{more})" if shown else "")
                )
        done = "; all put right." if report.fixed else "; nothing was changed (--report-only)."
        self.stdout.write("The index differed from the letters on file: " + "; ".join(parts) + done)
