"""One search box over people, letters and cases, with what each user may see.

People are found by any form of their name (the registry's own name search); letters by their
words, through the search backend in use (ranked by relevance, counted and faceted by year,
kind and commission inside the embedded engine); cases by their reference or by the person
they are about. Each part is bounded, so the page costs the same whatever the size of the
registry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from commission.cases.models import Case, CaseDocument
from commission.cases.queries import visible_cases
from commission.core.actors import Viewer
from commission.core.roles import can
from commission.documents.access import may_read, may_read_confidential, needed, readable
from commission.documents.enums import DocumentKind
from commission.documents.models import Document
from commission.registry.lookup import PersonMatch, find_people
from commission.registry.models import Commission, Mention
from commission.registry.posts import posted_commissions
from commission.search.backends import LetterFilters, LetterResults, backend_for
from commission.search.query import MAX_INPUT, Query, parse

KINDS = ("all", "people", "letters", "cases")
PEOPLE_SHOWN = 10
CASES_SHOWN = 20
LETTERS_PER_PAGE = 20
NAMED_PEOPLE = 5
NAMING_SHOWN = 10
SIMILAR_SHOWN = 10
_FACET_LABELS = {"year": "Year", "kind": "Kind", "commission": "Commission"}
# Cases are also found through the people a query names; this many people at most.
_SUBJECTS_CONSIDERED = 50


@dataclass(frozen=True)
class SearchFilters:
    kind: str = "all"
    date_from: dt.date | None = None  # letters by date written, cases by date opened
    date_to: dt.date | None = None
    commission: str | None = None  # commission ref: its cases, and letters filed on them
    state: str | None = None  # case state


@dataclass
class FoundLetter:
    document: Document
    passage: str  # escaped HTML with <mark>; empty when withheld
    withheld: str = ""  # why the passage is not shown


@dataclass(frozen=True)
class FacetValue:
    value: str  # as a filter takes it (a year, a kind, a commission's reference)
    label: str
    count: int


@dataclass
class SearchResults:
    query: Query
    filters: SearchFilters
    people: list[PersonMatch] = field(default_factory=list)
    letters: list[FoundLetter] = field(default_factory=list)
    letters_matched: int = 0
    letters_ranked: bool = True
    letters_offset: int = 0
    cases: list[Case] = field(default_factory=list)
    # Letters that name the people found, whatever spelling the letter uses.
    naming: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not searched, and why

    @property
    def empty(self) -> bool:
        return not (self.people or self.letters or self.cases or self.naming)

    @property
    def more_letters(self) -> bool:
        return self.letters_offset + len(self.letters) < self.letters_matched


def search(
    *, user: Viewer, text: str, filters: SearchFilters | None = None, letters_offset: int = 0
) -> SearchResults:
    """Everything `user` may see that matches `text`, within `filters`."""
    filters = filters or SearchFilters()
    # Control characters (a NUL byte, say) are never part of a name, a word or a reference.
    text = "".join(ch if ch.isprintable() else " " for ch in text[: MAX_INPUT * 2])
    query = parse(text)
    results = SearchResults(query=query, filters=filters, letters_offset=letters_offset)
    if not query:
        return results
    commission = None
    if filters.commission:
        commission = Commission.objects.filter(ref=filters.commission).first()
        if commission is None:
            results.notes.append(f"There is no commission “{filters.commission}”.")
            return results
    people_allowed = can(user, "registry.view_person")
    # "Everything" is everything the role may search: a member's search looks in their own
    # cases without a note about the registry and the letters it may not see.
    wants = (
        {filters.kind}
        if filters.kind in KINDS[1:]
        else {
            kind
            for kind, allowed in (
                ("people", people_allowed),
                ("letters", can(user, "documents.view_document")),
                ("cases", True),
            )
            if allowed
        }
    )
    # The people a query names also find their cases, and the letters that name them.
    names = " ".join(query.words)
    matches: list[PersonMatch] = []
    if ("people" in wants and people_allowed) or "cases" in wants:
        matches = find_people(names, limit=_SUBJECTS_CONSIDERED)
    elif "letters" in wants and people_allowed and not letters_offset:
        # Only for the letters naming them: a near spelling would name someone else.
        matches = find_people(names, limit=_SUBJECTS_CONSIDERED, exact_only=True)
    if "people" in wants:
        if people_allowed:
            results.people = matches[:PEOPLE_SHOWN]
        else:
            results.notes.append("People are not searched: you may not see the registry.")
    if "cases" in wants:
        results.cases = _cases(user, text, matches, filters, commission)
    if "letters" in wants:
        if can(user, "documents.view_document"):
            _letters(user, query, filters, commission, letters_offset, results)
            if people_allowed and not letters_offset:
                results.naming = _naming(user, matches, filters, commission, results)
        else:
            results.notes.append("Letters are not searched: you may not read letters.")
    return results


def _cases(
    user: Viewer,
    text: str,
    matches: list[PersonMatch],
    filters: SearchFilters,
    commission: Commission | None,
) -> list[Case]:
    wanted = Q(ref__iexact=text.strip()[:40])
    subject_ids = [m.person.pk for m in matches]
    if subject_ids:
        wanted |= Q(subject_id__in=subject_ids)
    cases = visible_cases(user).filter(wanted).select_related("subject", "commission")
    if commission is not None:
        cases = cases.filter(commission=commission)
    if filters.state:
        cases = cases.filter(state=filters.state)
    if filters.date_from:
        cases = cases.filter(opened_at__date__gte=filters.date_from)
    if filters.date_to:
        cases = cases.filter(opened_at__date__lte=filters.date_to)
    return list(cases.order_by("-id")[:CASES_SHOWN])


def _naming(
    user: Viewer,
    matches: list[PersonMatch],
    filters: SearchFilters,
    commission: Commission | None,
    results: SearchResults,
) -> list[Mention]:
    people = [m.person.pk for m in matches if m.how == "exact"][:NAMED_PEOPLE]
    if not people:
        return []
    shown = {found.document.pk for found in results.letters}
    mentions = (
        Mention.objects.filter(person_id__in=people)
        .exclude(document_id__in=shown)
        .select_related("person", "document")
        .defer("document__text", "document__notes_text")
    )
    if not may_read_confidential(user) or needed(user) is not None:
        mentions = mentions.filter(document__in=readable(Document.objects.all(), user))
    if filters.date_from:
        mentions = mentions.filter(document__written_on__gte=filters.date_from)
    if filters.date_to:
        mentions = mentions.filter(document__written_on__lte=filters.date_to)
    if commission is not None:
        mentions = mentions.filter(document__filings__case__commission=commission)
    found: list[Mention] = []
    seen: set[int] = set()
    for mention in mentions.order_by("-document_id", "id")[: NAMING_SHOWN * 4]:
        if mention.document_id not in seen:
            seen.add(mention.document_id)
            found.append(mention)
    return found[:NAMING_SHOWN]


def _reach(user: Viewer) -> tuple[tuple[int, ...] | None, tuple[int, ...]]:
    """The letters a clerk posted to commissions needs to know, as the backends' filters say
    it (the rule is documents.access.readable's): her commissions, and the letters on her
    other visible cases (an appeal's earlier file, her own). Nothing for everyone else."""
    commissions = posted_commissions(user)
    if commissions is None:
        return None, ()
    others = visible_cases(user).exclude(commission_id__in=commissions).values("pk")
    letters = CaseDocument.objects.filter(case__in=others).values_list("document_id", flat=True)
    return tuple(sorted(commissions)), tuple(sorted(set(letters)))


def _letters(
    user: Viewer,
    query: Query,
    filters: SearchFilters,
    commission: Commission | None,
    offset: int,
    results: SearchResults,
) -> None:
    confidential_allowed = may_read_confidential(user)
    reach, reach_letters = _reach(user)
    found = backend_for().search_letters(
        query,
        filters=LetterFilters(
            written_from=filters.date_from,
            written_to=filters.date_to,
            commission_id=commission.pk if commission else None,
            case_state=filters.state,
            include_confidential=confidential_allowed,
            reach_commissions=reach,
            reach_letters=reach_letters,
        ),
        limit=LETTERS_PER_PAGE,
        offset=offset,
    )
    results.letters = _found_letters(found, confidential_allowed)
    results.letters_matched = found.matched
    results.letters_ranked = found.ranked


def letter_facets(
    *, user: Viewer, text: str, filters: SearchFilters | None = None
) -> dict[str, list[FacetValue]]:
    """How many of the letters matching `text` that `user` may read there are by year, kind and
    commission. Asked apart from the results (the page loads them after the letters): counting
    every match of a word found in most letters costs more than ranking the best twenty."""
    filters = filters or SearchFilters()
    query = parse("".join(ch if ch.isprintable() else " " for ch in text[: MAX_INPUT * 2]))
    if not query or not can(user, "documents.view_document"):
        return {}
    commission = None
    if filters.commission:
        commission = Commission.objects.filter(ref=filters.commission).first()
        if commission is None:
            return {}
    reach, reach_letters = _reach(user)
    found = backend_for().search_letters(
        query,
        filters=LetterFilters(
            written_from=filters.date_from,
            written_to=filters.date_to,
            commission_id=commission.pk if commission else None,
            case_state=filters.state,
            include_confidential=may_read_confidential(user),
            reach_commissions=reach,
            reach_letters=reach_letters,
        ),
        limit=1,
        facets=True,
    )
    return _facets(found)


def _facets(found: LetterResults) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    commission_ids = [value for value, _ in found.facets.get("commission", [])]
    refs = dict(Commission.objects.filter(pk__in=commission_ids).values_list("pk", "ref"))
    names = dict(Commission.objects.filter(pk__in=commission_ids).values_list("pk", "name"))
    kinds = dict(DocumentKind.choices)
    for name, buckets in found.facets.items():
        values = []
        for value, count in buckets:
            if name == "commission":
                if value not in refs:
                    continue
                values.append(FacetValue(value=refs[value], label=names[value], count=count))
            elif name == "kind":
                values.append(FacetValue(value=value, label=str(kinds.get(value, value)),
                                         count=count))  # fmt: skip
            else:
                values.append(FacetValue(value=str(value), label=str(value), count=count))
        if values:
            facets[_FACET_LABELS.get(name, name)] = values
    return facets


def similar_letters(*, user: Viewer, document: Document) -> list[FoundLetter]:
    """Letters most like `document` that `user` may read ("more like this"); none for a reader
    who may not read letters or this one."""
    if not can(user, "documents.view_document") or not may_read(user, document):
        return []
    confidential_allowed = may_read_confidential(user)
    reach, reach_letters = _reach(user)
    found = backend_for().similar_letters(
        document.pk,
        filters=LetterFilters(
            include_confidential=confidential_allowed,
            reach_commissions=reach,
            reach_letters=reach_letters,
        ),
        limit=SIMILAR_SHOWN,
    )
    return _found_letters(found, confidential_allowed)


def _found_letters(found: LetterResults, confidential_allowed: bool) -> list[FoundLetter]:
    letters: list[FoundLetter] = []
    ids = [hit.document_id for hit in found.hits]
    # Passages of confidential letters (marked so, or on a confidential case) stay on the case
    # page, where reading is logged.
    if all(hit.title is not None and hit.confidential is not None for hit in found.hits):
        # The engine gave what the list shows: the documents as it indexed them (at most
        # SEARCH_FOLLOW_SECONDS behind the database), not read again. For display only.
        documents = {
            hit.document_id: Document(
                pk=hit.document_id, title=hit.title or "", written_on=hit.written_on
            )
            for hit in found.hits
        }
        sealed = {hit.document_id for hit in found.hits if hit.confidential}
    else:
        documents = Document.objects.defer("text", "notes_text").in_bulk(ids)
        sealed = set()
        if confidential_allowed and ids:
            sealed = set(
                CaseDocument.objects.filter(
                    document_id__in=ids, case__confidential=True
                ).values_list("document_id", flat=True)
            ) | {pk for pk, doc in documents.items() if doc.confidential}
    for hit in found.hits:
        document = documents.get(hit.document_id)
        if document is None:
            continue
        if hit.document_id in sealed:
            letters.append(
                FoundLetter(
                    document=document,
                    passage="",
                    withheld=(
                        "Confidential: read it from its case, where every reading is logged."
                    ),
                )
            )
        else:
            letters.append(FoundLetter(document=document, passage=hit.passage))
    return letters
