"""The case file page's long parts, built here as HTML: the documents, hearings and timeline
tables and the decisions. A long file has hundreds of rows and several decisions, and a
template loop costs several times as much per row (bench/cases.py). Every value from the
database is escaped with the standard library's html.escape (what Django's escape does,
without its per-call wrapping); times, dates and the timeline's kinds are digits, month names
and fixed words."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.text import capfirst, normalize_newlines
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from commission.cases import queries
from commission.cases.enums import DocumentTagKind, FilingRole, NoteRequest
from commission.cases.models import DocumentNote
from commission.core.dates import Moments
from commission.registry.names import name_for_language

_ROLES = dict(FilingRole.choices)


def seen_by(document_id: int, seen: list[set[int]]) -> str:
    """Which decisions, by number, had the document on file: "1–3", "2, 4", or ""."""
    numbers = [i for i, ids in enumerate(seen, start=1) if document_id in ids]
    if not numbers:
        return ""
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


TAGS = dict(DocumentTagKind.choices)


def reader_note(note: DocumentNote, inquiries_url: str = "") -> str:
    """One note beside a document on the case page: the passage, the note, who wrote it, and
    what became of it (the inquiries it became link to the case's inquiries)."""
    quote = (
        f'<q class="noted">{escape(note.quote[:160])}{"…" if len(note.quote) > 160 else ""}</q> '
        if note.quote
        else ""
    )
    who = escape(name_for_language(note.author) if note.author else note.written_by.get_username())
    behalf = (
        " " + escape(_("for %(name)s") % {"name": name_for_language(note.on_behalf_of)})
        if note.on_behalf_of
        else ""
    )
    became = ""
    if note.followed_up_as and note.asks == NoteRequest.INQUIRY:
        count = len([ref for ref in note.followed_up_as.split(", ") if ref])
        words = ngettext("became an inquiry", "became %(count)d inquiries", count) % {
            "count": count
        }
        became = f' <a class="tag" href="{escape(inquiries_url)}">{escape(words)}</a>'
    elif note.asks == NoteRequest.CHECK:
        became = (
            ' <span class="tag">' + escape(_("checked")) + "</span>"
            if note.checked_at
            else ' <span class="tag overdue">' + escape(_("check to make")) + "</span>"
        )
    by = f'<span class="muted">— {who}{behalf}</span>'
    return f"<li>{quote}{escape(note.text[:300])} {by}{became}</li>"


@dataclass(frozen=True)
class _TableWords:
    """The fixed words of the documents table, translated and escaped once for a language
    rather than once a row (a long file has hundreds of rows)."""

    notes_link: str
    arrived_later: str
    roles: dict[str, str]


@functools.cache
def _table_words(language: str | None) -> _TableWords:
    # Keyed by the active language, in which the words are translated.
    return _TableWords(
        notes_link=escape(_("notes and tags")),
        arrived_later=escape(_("none: arrived later")),
        roles={role: escape(str(label)) for role, label in _ROLES.items()},
    )


def filing_row(
    filing: Any,
    seen_by: str,
    with_decisions: bool,
    tags: list[str] | None,
    notes: list[DocumentNote] | None,
    notes_url: str,
    inquiries_url: str,
    written: Moments,
) -> str:
    """One row of the documents table, with the document's tags and the notes on it; the
    document's title links to its page on the case. `written`: how the page writes dates."""
    note = f'<div class="muted">{escape(filing.note)}</div>' if filing.note else ""
    tagged = "".join(
        f' <span class="tag doc-tag doc-tag-{escape(t)}">{escape(str(TAGS.get(t, t)))}</span>'
        for t in tags or []
    )
    beside = (
        '<ul class="doc-notes">' + "".join(reader_note(n, inquiries_url) for n in notes) + "</ul>"
        if notes
        else ""
    )
    said = _table_words(get_language())
    link = (
        f' <a class="doc-notes-link" href="{escape(notes_url)}">{said.notes_link}</a>'
        if notes_url
        else ""
    )
    title = escape(filing.document.title)
    if notes_url:
        title = f'<a href="{escape(notes_url)}">{title}</a>'
    on = written.date(filing.document.written_on) if filing.document.written_on else "—"
    row = (
        f'<tr><th scope="row">{title}{tagged}{link}{note}{beside}</th>'
        f"<td>{said.roles.get(filing.role) or escape(filing.role)}</td><td>{on}</td>"
        f"<td>{written.moment(filing.filed_at)}</td>"
    )
    if with_decisions:
        seen = seen_by or f'<span class="tag late-tag">{said.arrived_later}</span>'
        row += f"<td>{seen}</td>"
    return row + "</tr>"


def _names(attendance: list[Any]) -> str:
    return ", ".join(escape(name_for_language(a.person)) for a in attendance)


def hearing_row(hv: queries.HearingView, written: Moments) -> str:
    """One row of the hearings table: when, where, state, who attended, minutes or note."""
    hearing = hv.hearing
    attendance = '<span class="muted">—</span>'
    if hv.attendance:
        present, absent = hv.present, hv.absent
        attendance = (_("Present: %(names)s.") % {"names": _names(present)} if present else "") + (
            " " + _("Absent: %(names)s.") % {"names": _names(absent)} if absent else ""
        )
    if hearing.minutes:
        minutes = _with_breaks(hearing.minutes)
    elif hearing.note:
        minutes = escape(hearing.note)
    else:
        minutes = '<span class="muted">—</span>'
    return (
        f'<tr><th scope="row">{written.moment(hearing.starts_at)}</th>'
        f"<td>{escape(hearing.place or '—')}</td>"
        f'<td><span class="tag hearing-{escape(hearing.state)}">'
        f"{escape(hearing.get_state_display())}</span></td>"
        f"<td>{attendance}</td><td>{minutes}</td></tr>"
    )


def _with_breaks(text: str) -> str:
    """Text escaped, its lines broken as written (what the template's linebreaksbr does)."""
    return escape(normalize_newlines(text)).replace("\n", "<br>")


def timeline_row(at: Any, kind: str, text: str, written: Moments) -> str:
    return (
        f'<tr class="tl-{kind}"><th scope="row">{written.moment(at)}</th>'
        f"<td>{escape(text)}</td></tr>"
    )


@dataclass(frozen=True)
class _DecisionWords:
    """The fixed words of a decision's block, translated and escaped once for a language."""

    outcome: str
    grounds: str
    none_given: str
    reasons: str
    vote: str
    appeal_deadline: str
    final: str
    hearing: str
    reported_by: str
    rules: str
    default_rules: str
    recorded_by: str
    appealed: str
    reopened: str
    votes: str
    commissioner: str
    reopen_reason: str
    reopen: str
    choose: str


@functools.cache
def _decision_words(language: str | None) -> _DecisionWords:
    # Keyed by the active language, in which the words are translated.
    return _DecisionWords(
        outcome=escape(_("Outcome")),
        grounds=escape(_("Grounds")),
        none_given=escape(_("none given")),
        reasons=escape(_("Reasons")),
        vote=escape(_("Vote")),
        appeal_deadline=escape(_("Appeal deadline")),
        final=escape(_("none: the decision is final")),
        hearing=escape(_("Hearing")),
        reported_by=escape(_("Reported by")),
        rules=escape(_("Rules")),
        default_rules=escape(
            _("the default rules (none of the organisation's own were in effect)")
        ),
        recorded_by=escape(_("Recorded by")),
        appealed=escape(_("Appealed")),
        reopened=escape(_("Reopened")),
        votes=escape(_("Votes")),
        commissioner=escape(_("Commissioner")),
        reopen_reason=escape(_("Why the case is reopened on this material")),
        reopen=escape(_("Reopen the case")),
        choose=escape(_("Choose which documents…")),
    )


@dataclass(frozen=True)
class DecisionPage:
    """What every decision's block on a case page shares: the page's case and reader."""

    case_ref: str
    subject: str  # the subject's name, escaped
    full: bool  # the reader sees the votes and the material on file
    may_reopen: bool
    version: int  # the case's version, which the reopening form carries
    csrf: str  # the form's token
    written: Moments


def decision_article(
    view: queries.DecisionView, number: int, latest: bool, page: DecisionPage
) -> str:
    """A decision's block: its outcome, grounds, reasons, vote, deadlines and record; for a
    reader of the full file the votes and the material on file, and on the latest decision the
    documents that arrived after it with the form to reopen the case on them."""
    said = _decision_words(get_language())
    written = page.written
    decision = view.decision
    pk = decision.pk
    outcome = escape(capfirst(str(decision.get_outcome_display())))
    day = f", {written.date(decision.decided_on)}" if decision.decided_on else ""
    until = (
        " " + _("until %(day)s") % {"day": written.date(decision.term_until)}
        if decision.term_until
        else ""
    )
    grounds = (
        "".join(f'<span class="tag">{escape(g)}</span>' for g in view.grounds)
        or f'<span class="muted">{said.none_given}</span>'
    )
    reasons = _with_breaks(decision.reasons)
    deadline = written.date(decision.appeal_deadline) if decision.appeal_deadline else said.final
    facts = [
        f"<dt>{said.outcome}</dt><dd>{outcome}{until}</dd>",
        f"<dt>{said.grounds}</dt><dd>{grounds}</dd>",
        f'<dt>{said.reasons}</dt><dd class="reasons">{reasons}</dd>',
        f"<dt>{said.vote}</dt><dd>{escape(str(view.count))}</dd>",
        f"<dt>{said.appeal_deadline}</dt><dd>{deadline}</dd>",
    ]
    if decision.hearing:
        facts.append(
            f"<dt>{said.hearing}</dt><dd>{written.moment(decision.hearing.starts_at)}</dd>"
        )
    if decision.reported_by:
        facts.append(f"<dt>{said.reported_by}</dt><dd>{escape(str(decision.reported_by))}</dd>")
    if decision.rules:
        rules = _("version %(version)s") % {"version": decision.rules.version}
        if decision.rules.effective_from:
            rules += ", " + _("in effect from %(day)s") % {
                "day": written.date(decision.rules.effective_from)
            }
    else:
        rules = said.default_rules
    facts.append(f"<dt>{said.rules}</dt><dd>{rules}</dd>")
    if decision.recorded_by:
        facts.append(
            f"<dt>{said.recorded_by}</dt><dd>{escape(decision.recorded_by.get_username())}, "
            f"{written.moment(decision.recorded_at)}</dd>"
        )
    if view.appealed_in:
        facts.append(
            f'<dt>{said.appealed}</dt><dd><a href="{_case_page(view.appealed_in)}">'
            + _("in the appeal of %(name)s") % {"name": page.subject}
            + "</a></dd>"
        )
    if view.reopened_in:
        facts.append(
            f'<dt>{said.reopened}</dt><dd><a href="{_case_page(view.reopened_in)}">'
            + _("in the reopening of the case of %(name)s") % {"name": page.subject}
            + "</a></dd>"
        )
    parts = [
        f'<article class="decision card" id="decision-{pk}" aria-labelledby="h-decision-{pk}">',
        f'<h3 id="h-decision-{pk}"><span class="muted">'
        + _("Decision %(number)s:") % {"number": number}
        + f"</span> {outcome}{day}</h3>",
        '<dl class="facts">',
        *facts,
        "</dl>",
    ]
    if page.full:
        parts.append(_votes(view, said))
        parts.append(_material(view, latest, page, said))
    parts.append("</article>")
    return "\n".join(parts)


def _case_page(ref: str) -> str:
    return escape(reverse("cases:detail", args=[ref]))


def _votes(view: queries.DecisionView, said: _DecisionWords) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(name_for_language(v.commissioner))}</th>'
        f"<td>{escape(str(v.get_choice_display()))}</td></tr>"
        for v in view.votes
    )
    return (
        f'<table class="votes">\n<caption>{said.votes}</caption>\n'
        f'<thead><tr><th scope="col">{said.commissioner}</th><th scope="col">{said.vote}</th>'
        f"</tr></thead>\n<tbody>{rows}</tbody>\n</table>"
    )


def _material(
    view: queries.DecisionView, latest: bool, page: DecisionPage, said: _DecisionWords
) -> str:
    """What the decision had on file, and what arrived after it."""
    seen = len(view.on_file)
    parts = [
        '<p class="on-file">'
        + ngettext(
            "The commission had %(counter)s document on file when it decided (see “Seen by "
            "decision” under Documents on file).",
            "The commission had %(counter)s documents on file when it decided (see “Seen by "
            "decision” under Documents on file).",
            seen,
        )
        % {"counter": seen}
        + "</p>"
    ]
    late = view.late_material
    if not late:
        return "\n".join(parts)
    pk = view.decision.pk
    parts += [
        f'<div class="late" role="note" aria-labelledby="h-late-{pk}">',
        f'<h4 id="h-late-{pk}">'
        + _("Material that arrived after this decision (%(total)s)") % {"total": len(late)}
        + "</h4>",
        "<p>"
        + ngettext(
            "The commission did not have this document when it decided.",
            "The commission did not have these documents when it decided.",
            len(late),
        )
        + "</p>",
    ]
    if latest:
        lines = "\n".join(
            "\t<li>"
            + escape(
                _("%(document)s (%(role)s, filed %(day)s)")
                % {
                    "document": f.document,
                    "role": _ROLES.get(f.role, f.role),
                    "day": page.written.moment(f.filed_at),
                }
            )
            + "</li>"
            for f in late
        )
        parts.append(f"<ul>{lines}</ul>")
        if page.may_reopen:
            reopen_url = escape(reverse("cases:reopen", args=[page.case_ref, pk]))
            parts.append(
                f'<form class="inline-form" method="post" action="{reopen_url}">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(page.csrf)}">\n'
                f'<input type="hidden" name="version" value="{page.version}">\n'
                '<input type="hidden" name="all_late" value="on">\n'
                f'<div class="field"><label for="reopen-reason-{pk}">{said.reopen_reason}</label>\n'
                f'<input type="text" id="reopen-reason-{pk}" name="reason" maxlength="500" '
                "required></div>\n"
                f'<button type="submit">{said.reopen}</button>\n'
                f'<a href="{reopen_url}">{said.choose}</a>\n'
                "</form>"
            )
    parts.append("</div>")
    return "\n".join(parts)
