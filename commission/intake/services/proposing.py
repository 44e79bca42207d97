"""Proposing what a letter says: the drafts of `intake.proposals`, settled against the
registry (relatives named by kin, replies to open inquiries) and stored as proposals, each
once however often the letter is read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from commission.cases.enums import KnowledgeBasis, Stance
from commission.documents.models import Document
from commission.inquiries import queries as inquiry_queries
from commission.inquiries.enums import Urgency
from commission.inquiries.models import Inquiry
from commission.intake import proposals as proposal_rules
from commission.intake.models import Proposal, ProposalKind
from commission.intake.services.values import strongest_basis
from commission.registry.enums import Gender, RelationshipKind
from commission.registry.models import (
    Mention,
    Person,
    Relationship,
)


def _kin_of(people: list[Person], kin: str) -> list[Person]:
    """Registry people who stand in `kin` to any of `people`, through recorded family ties:
    "her father" is a male parent, "the two daughters" the female children."""
    wanted = {
        "father": "male", "mother": "female", "son": "male", "daughter": "female",
        "brother": "male", "sister": "female", "husband": "male", "wife": "female",
    }  # fmt: skip
    mapped = proposal_rules.KIN.get(kin)
    if mapped is None or not people:
        return []
    kind, relative_is_source = mapped
    ids = [p.pk for p in people]
    if kind == RelationshipKind.PARENT:
        ties = Relationship.objects.filter(
            kind=kind, **({"target_id__in": ids} if relative_is_source else {"source_id__in": ids})
        )
        found_ids = {t.source_id if relative_is_source else t.target_id for t in ties}
    else:
        ties = Relationship.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids), kind=kind)
        found_ids = {t.target_id if t.source_id in ids else t.source_id for t in ties}
    found = Person.objects.filter(pk__in=found_ids).order_by("born_on", "pk")
    gender = wanted.get(kin)
    return [p for p in found if gender is None or p.gender in (gender, Gender.UNKNOWN)]


def _resolve_kin(drafts: list[proposal_rules.Draft]) -> None:
    """Settle relatives the letter names only by kin ("her father", "the two daughters")
    through the family ties the registry already holds, before the clerk sees them."""
    for draft in drafts:
        if not isinstance(draft, proposal_rules.PersonDraft):
            continue
        payload = draft.payload
        person = payload["person"]
        resolution = person.get("resolution") or {}
        if not payload.get("kin") or resolution.get("person_ref"):
            continue
        of = payload.get("of") or {}
        of_resolution = of.get("resolution") or {}
        refs = [of_resolution["person_ref"]] if of_resolution.get("person_ref") else []
        if of.get("family"):
            # "The daughters of the family" are the children of its parents.
            members = [c["person_ref"] for c in of_resolution.get("candidates", [])]
            parents = set(
                Relationship.objects.filter(
                    kind=RelationshipKind.PARENT, source__ref__in=members, target__ref__in=members
                ).values_list("source__ref", flat=True)
            )
            refs = sorted(parents) or members
        matches = _kin_of(list(Person.objects.filter(ref__in=refs)), str(payload["kin"]))
        if not matches or (len(matches) > 1 and not payload.get("plural")):
            continue
        how = f"registry tie: {payload['kin']} of {of.get('name') or 'the family'}"
        if payload.get("plural"):
            person["resolution"] = {
                "status": "family", "confidence": 0.9, "person_ref": None, "person_name": None,
                "how": how, "proposed": None,
                "candidates": [
                    {"person_ref": m.ref, "person_name": m.display_name, "score": 0.9}
                    for m in matches
                ],
            }  # fmt: skip
        else:
            person["resolution"] = {
                "status": "matched", "confidence": 0.9, "person_ref": matches[0].ref,
                "person_name": matches[0].display_name, "how": how, "candidates": [],
                "proposed": None,
            }  # fmt: skip
        draft.summary = proposal_rules.person_summary(payload["role"], person)


def _answer_drafts(
    drafts: list[proposal_rules.Draft], data: dict[str, Any]
) -> list[proposal_rules.Draft]:
    """A proposal to record the letter as the answer to each open inquiry asked of its author
    about someone it names: the reply that comes back to the commission's question."""
    refs: dict[str, str] = {}  # registry ref -> the key of its person proposal
    author: proposal_rules.Draft | None = None
    for draft in drafts:
        if not isinstance(draft, proposal_rules.PersonDraft):
            continue
        ref = (draft.payload["person"].get("resolution") or {}).get("person_ref")
        if not ref:
            continue
        if author is None and draft.payload["role"] == Mention.Role.AUTHOR:
            author, author_ref = draft, ref
        refs.setdefault(ref, draft.key)
    if author is None:
        return []
    ids = dict(Person.objects.filter(ref__in=list(refs)).values_list("pk", "ref"))
    author_id = next(pk for pk, ref in ids.items() if ref == author_ref)
    stance, basis, side, how = _stance_and_basis(data)
    found = inquiry_queries.open_inquiries_between(
        recipients=[author_id], subjects=set(ids) - {author_id}
    )
    answers = []
    for inquiry in found:
        on_case = f", filed on case {inquiry.case.ref} as testimony" if inquiry.case else ""
        urgent = "urgent, " if inquiry.urgency == Urgency.URGENT else ""
        answers.append(
            proposal_rules.Draft(
                kind=ProposalKind.ANSWER,
                key=f"answer:{inquiry.ref}",
                summary=f"Record the letter as {inquiry.recipient.display_name}'s answer to "
                f"inquiry {inquiry.ref} about {inquiry.subject.display_name} ({urgent}due "
                f"{inquiry.due_on:%d %B %Y}){on_case}: {side}; {how}.",
                payload={
                    "inquiry": inquiry.ref,
                    "by": author.key,
                    "about": refs[ids[inquiry.subject_id]],
                    "stance": stance,
                    "basis": basis,
                },
                span=author.span,
            )
        )
    return answers


def _stance_and_basis(data: dict[str, Any]) -> tuple[str, str, str, str]:
    """The stance and basis of knowledge the letter states (or ""), and both as words."""
    fields = data.get("fields", {})
    stance = next((i.get("value") for i in fields.get("stance", [])), "")
    stance = stance if stance in Stance.values else ""
    basis = strongest_basis(
        proposal_rules.BASIS.get(str(i.get("value")), "") for i in fields.get("basis", [])
    )
    side = Stance(stance).label if stance else "stance not stated"
    how = KnowledgeBasis(basis).label if basis else "how the writer knows is not stated"
    return stance, basis, side, how


def _reply_address_draft(inquiry: Inquiry, data: dict[str, Any]) -> proposal_rules.Draft:
    """The proposal to record a letter that came to an inquiry's own reply address as the
    answer to it: the address, not the names read, says which inquiry it answers."""
    stance, basis, side, how = _stance_and_basis(data)
    on_case = f", filed on case {inquiry.case.ref} as testimony" if inquiry.case else ""
    urgent = "urgent, " if inquiry.urgency == Urgency.URGENT else ""
    return proposal_rules.Draft(
        kind=ProposalKind.ANSWER,
        key=f"answer:{inquiry.ref}",
        summary=f"Record the letter as {inquiry.recipient.display_name}'s answer to inquiry "
        f"{inquiry.ref} about {inquiry.subject.display_name} ({urgent}due "
        f"{inquiry.due_on:%d %B %Y}){on_case}, as it came to the inquiry's reply address: "
        f"{side}; {how}.",
        payload={
            "inquiry": inquiry.ref,
            "by": "",
            "about": "",
            "stance": stance,
            "basis": basis,
            "reply_address": True,
        },
        span=None,
    )


def propose(
    document: Document,
    data: dict[str, Any],
    written: dt.date | None,
    *,
    answers: Inquiry | None = None,
) -> int:
    """Store what the letter says as proposals, each once. `answers`: the open inquiry whose
    reply address the letter came to; its answer proposal comes first (and stands for any
    the reading would make for the same inquiry)."""
    drafts = proposal_rules.build(data, written_on=written.isoformat() if written else None)
    _resolve_kin(drafts)
    drafts += _answer_drafts(drafts, data)
    if answers is not None:
        reply = _reply_address_draft(answers, data)
        drafts = [d for d in drafts if d.key != reply.key] + [reply]
    existing = set(Proposal.objects.filter(document=document).values_list("key", flat=True))
    start = Proposal.objects.filter(document=document).count()
    new: list[Proposal] = []
    for draft in drafts:
        if draft.key in existing:
            continue
        existing.add(draft.key)
        span = draft.span or {}
        new.append(
            Proposal(
                document=document,
                kind=draft.kind,
                key=draft.key[:300],
                order=start + len(new),
                payload=draft.payload,
                summary=draft.summary[:500],
                span_part=span.get("in", ""),
                span_start=span.get("start"),
                span_end=span.get("end"),
                span_text=span.get("text", ""),
            )
        )
    Proposal.objects.bulk_create(new)
    return len(new)
