"""Carrying out what a clerk accepts, edits or rejects: each kind of proposal has its handler,
which calls the service of the registry, the cases or the inquiries that owns the change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commission.audit.sealing import owner_of, seal
from commission.audit.services import record_event
from commission.cases import notes as case_notes
from commission.cases import services as case_services
from commission.cases.enums import CaseKind, CaseState, FilingRole, KnowledgeBasis, Stance
from commission.cases.models import Case, ReportedOutcome
from commission.core import clock
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import InvalidInput
from commission.core.roles import require
from commission.documents.models import Document
from commission.inquiries import queries as inquiry_queries
from commission.inquiries import services as inquiry_services
from commission.inquiries.enums import InquiryState
from commission.inquiries.models import Inquiry
from commission.intake.models import Proposal, ProposalKind, ProposalState
from commission.intake.payloads import (
    FilingPayload,
    answer_payload,
    contact_payload,
    filing_payload,
    inquiry_payload,
    outcome_payload,
    person_payload,
    relationship_payload,
)
from commission.intake.services.values import (
    NORMAL_DAYS,
    OPEN_CASE_STATES,
    URGENT_DAYS,
    stored_date,
    strongest_basis,
)
from commission.registry import services as registry_services
from commission.registry.enums import MembershipStatus
from commission.registry.models import (
    Commission,
    Commissioner,
    ContactDetail,
    Membership,
    Mention,
    Person,
)
from commission.registry.names import fold
from commission.search import services as search_services

REVIEW = "intake.review_proposals"

# What a letter asks of the commission (the kinds of intake/reading/rules/requests.py), as words
# written into the notes of the filing and the testimony in the language of whoever accepts it.
REQUEST_WORDS = {
    "intercede": gettext_lazy("intercede"),
    "reinstate": gettext_lazy("reinstate"),
    "verify": gettext_lazy("verify"),
    "reconsider": gettext_lazy("reconsider"),
    "give_information": gettext_lazy("give information"),
    "find_witnesses": gettext_lazy("find witnesses"),
    "consider_facts": gettext_lazy("consider the facts"),
    "hear": gettext_lazy("hear"),
    "admit": gettext_lazy("admit"),
}


def _persons_for(document: Document, key: str) -> list[Person]:
    """Everyone a person proposal stands for: one person, or the members of a family."""
    proposal = Proposal.objects.filter(document=document, key=key).first()
    if proposal is None:
        raise InvalidInput(_("This proposal refers to a person the letter no longer names."))
    payload = person_payload(proposal)
    resolution = payload["person"].get("resolution") or {}
    if (
        resolution.get("status") == "family"
        and proposal.state != ProposalState.REJECTED
        and not payload.get("chosen")
    ):
        refs = [c["person_ref"] for c in resolution.get("candidates", [])]
        return list(Person.objects.filter(ref__in=refs).order_by("pk"))
    person = _person_for(document, key)
    return [person] if person is not None else []


def _person_for(document: Document, key: str, *, required: bool = True) -> Person | None:
    """The registry person a person-proposal key stands for: the accepted choice, or else the
    match the reading found."""
    proposal = Proposal.objects.filter(document=document, key=key).first()
    if proposal is None:
        if required:
            raise InvalidInput(_("This proposal refers to a person the letter no longer names."))
        return None
    if proposal.state == ProposalState.ACCEPTED and proposal.result_id:
        return Person.objects.get(pk=proposal.result_id)
    if proposal.state == ProposalState.REJECTED:
        if required:
            raise InvalidInput(
                _(
                    "“%(written)s” was rejected as a person, so this cannot be accepted; "
                    "accept or correct that person first."
                )
                % {"written": _written(proposal)}
            )
        return None
    ref = (person_payload(proposal)["person"].get("resolution") or {}).get("person_ref")
    if ref:
        return Person.objects.filter(ref=ref).first()
    if required:
        raise InvalidInput(
            _("Accept or correct the person “%(written)s” first.") % {"written": _written(proposal)}
        )
    return None


def owner_of_contact(proposal: Proposal) -> Person | None:
    """The registry person a contact proposal's detail belongs to, once the letter's mention of
    her is settled or matched; None while she is not known in the registry."""
    return _person_for(proposal.document, contact_payload(proposal)["person"], required=False)


def _written(proposal: Proposal) -> str:
    person = person_payload(proposal)["person"]
    return str(person.get("name") or person.get("description") or proposal.summary)


def _locked_pending(proposal: Proposal) -> Proposal:
    current = Proposal.objects.select_for_update().select_related("document").get(pk=proposal.pk)
    if current.state != ProposalState.PENDING:
        raise InvalidInput(
            _("This proposal is already %(ProposalState)s.")
            % {"ProposalState": ProposalState(current.state).label}
        )
    return current


def accept_proposal(
    *,
    actor: Actor,
    proposal: Proposal,
    person_ref: str | None = None,
    edits: dict[str, Any] | None = None,
) -> Proposal:
    """Carry out one proposal. `person_ref` chooses another registry person for a person
    proposal (the clerk's correction); `edits` overrides values of other kinds (e.g. a
    relationship's kind, a contact's value, an inquiry's due date).

    Errors: NotAllowed; InvalidInput for a proposal already decided or one whose people are not
    settled yet; the errors of the service it calls (case, registry, inquiry)."""
    require(actor, REVIEW, "confirm what was read from letters")
    edits = edits or {}
    with transaction.atomic():
        current = _locked_pending(proposal)
        handler = _HANDLERS[ProposalKind(current.kind)]
        result = handler(actor, current, person_ref, edits)
        current.state = ProposalState.ACCEPTED
        current.decided_by = actor if actor.pk else None
        current.decided_at = clock.now()
        if result is not None:
            current.result_type = result._meta.label_lower
            current.result_id = str(result.pk)
        current.version += 1
        current.save()
        after: dict[str, Any] = {
            "result": f"{current.result_type}:{current.result_id}",
            "person_ref": person_ref,
        }
        said = current.summary
        if current.kind == ProposalKind.CONTACT:
            said = _contact_said(current)
            owner = owner_of(result.person) if isinstance(result, ContactDetail) else ""
            after |= seal(owner or owner_of(current), _contact_words(current, edits))
        else:
            after |= {"edits": edits, "words": current.span_text[:300]}
        record_event(
            actor=actor,
            action=AuditAction.PROPOSAL_ACCEPT,
            target=current,
            summary=f"Accepted: {said}" + (f" (corrected to {person_ref})" if person_ref else ""),
            after=after,
        )
    return current


def _contact_said(proposal: Proposal) -> str:
    """What the audit trail says of a contact proposal: the kind and whose, never the value,
    which the event keeps sealed (commission.audit.sealing) so that it can be erased."""
    kind = str(proposal.payload.get("kind") or "contact detail")
    return f"a {kind} (personal data) read from letter {proposal.document_id}."


def _contact_words(proposal: Proposal, edits: dict[str, Any]) -> dict[str, Any]:
    return {
        "summary": proposal.summary,
        "value": str(proposal.payload.get("value") or ""),
        "edits": edits,
        "words": proposal.span_text[:300],
    }


def reject_proposal(*, actor: Actor, proposal: Proposal, reason: str = "") -> Proposal:
    require(actor, REVIEW, "confirm what was read from letters")
    with transaction.atomic():
        current = _locked_pending(proposal)
        current.state = ProposalState.REJECTED
        current.decided_by = actor if actor.pk else None
        current.decided_at = clock.now()
        current.version += 1
        current.save()
        said, after = current.summary, None
        if current.kind == ProposalKind.CONTACT:
            said, after = (
                _contact_said(current),
                seal(owner_of(current), _contact_words(current, {})),
            )
        record_event(
            actor=actor, action=AuditAction.PROPOSAL_REJECT, target=current,
            summary=f"Rejected: {said}" + (f" — {reason}" if reason else ""), after=after,
        )  # fmt: skip
    return current


def accept_all(*, actor: Actor, document: Document) -> tuple[int, list[str]]:
    """Accept every pending proposal of a document as proposed, people first. Proposals that
    cannot be carried out as they stand are left pending, with the reason."""
    require(actor, REVIEW, "confirm what was read from letters")
    accepted, problems = 0, []
    order = [ProposalKind.PERSON, ProposalKind.FILING, ProposalKind.RELATIONSHIP,
             ProposalKind.CONTACT, ProposalKind.OUTCOME, ProposalKind.INQUIRY,
             ProposalKind.ANSWER]  # fmt: skip
    for kind in order:
        for proposal in Proposal.objects.filter(
            document=document, kind=kind, state=ProposalState.PENDING
        ).order_by("order", "id"):
            if _stranger_mentioned(proposal):
                problems.append(
                    f"{proposal.summary} — left for you: adding someone the letter only "
                    "mentions is your decision."
                )
                continue
            try:
                accept_proposal(actor=actor, proposal=proposal)
                accepted += 1
            except InvalidInput as error:
                problems.append(f"{proposal.summary} — not accepted: {error.message}")
    return accepted, problems


def _stranger_mentioned(proposal: Proposal) -> bool:
    if proposal.kind != ProposalKind.PERSON:
        return False
    payload = person_payload(proposal)
    if payload["role"] != Mention.Role.MENTIONED:
        return False
    resolution = payload["person"].get("resolution") or {}
    return not resolution.get("person_ref") and resolution.get("status") != "family"


def _accept_person(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = person_payload(proposal)
    person_json = payload["person"]
    resolution = person_json.get("resolution") or {}
    person: Person | None = None
    if person_ref:
        person = Person.objects.filter(ref=person_ref).first()
        if person is None:
            raise InvalidInput(
                _("There is no person '%(person_ref)s' in the registry.")
                % {"person_ref": person_ref},
                field="person_ref",
            )
    elif resolution.get("person_ref"):
        person = Person.objects.filter(ref=resolution["person_ref"]).first()
    elif resolution.get("status") == "family" and resolution.get("candidates"):
        members = list(
            Person.objects.filter(ref__in=[c["person_ref"] for c in resolution["candidates"]])
        )
        for member in members:
            _mention(proposal, member)
        return members[0] if members else None
    elif resolution.get("status") == "ambiguous" and resolution.get("candidates"):
        best = resolution["candidates"][0]
        person = Person.objects.filter(ref=best["person_ref"]).first()
    if person is None:
        proposed = resolution.get("proposed") or {}
        name = person_json.get("name") or ""
        read_gender = str(person_json.get("gender") or "")
        gender = read_gender if read_gender in ("male", "female") else "unknown"
        fields = {
            "given_name": proposed.get("given_name", ""),
            "patronymic": proposed.get("patronymic", ""),
            "surname": proposed.get("surname", "") or ("" if proposed else name),
            "description": proposed.get("description") or person_json.get("description") or "",
        }  # fmt: skip
        if not any(fields.values()):
            raise InvalidInput(
                _(
                    "“%(written)s” has no name to add to the registry; choose an existing "
                    "person instead."
                )
                % {"written": _written(proposal)},
                field="person_ref",
            )
        person = registry_services.create_person(actor=actor, gender=gender, **fields)
    if person_ref:
        payload["chosen"] = person_ref
    _mention(proposal, person)
    return person


def _mention(proposal: Proposal, person: Person) -> None:
    payload = person_payload(proposal)
    span = payload["person"].get("span") or {}
    _mention, created = Mention.objects.get_or_create(
        document=proposal.document, person=person, role=payload["role"],
        defaults={
            "as_written": _written(proposal)[:300], "span_part": span.get("in", ""),
            "span_start": span.get("start"), "span_end": span.get("end"),
        },
    )  # fmt: skip
    if created:
        # The index weighs the names of the people a letter names.
        search_services.index_letters([proposal.document_id])


def _addressed_commission(document: Document, payload: FilingPayload) -> Commission | None:
    body = fold(payload.get("body") or "")
    if body:
        for commission in Commission.objects.all().only(
            "id", "name", "ref", "organisation_id", "level", "parent_id"
        ):
            if fold(commission.name) == body:
                return commission
    addressees = Mention.objects.filter(document=document, role=Mention.Role.ADDRESSEE)
    seat = (
        Commissioner.objects.filter(person__in=addressees.values("person"))
        .select_related("commission")
        .order_by("-commission__level")
        .first()
    )
    return seat.commission if seat else None


def _case_for(actor: Actor, document: Document, subject: Person, payload: FilingPayload) -> Case:
    """The subject's open case before the addressed commission, else their latest open case;
    else their latest decided case, where the letter lands as late material that the decision
    did not see (the case page flags it and offers to reopen the case on it); else a new case
    before the addressed commission."""
    commission = _addressed_commission(document, payload)
    open_cases = Case.objects.filter(subject=subject, state__in=OPEN_CASE_STATES).order_by(
        "-opened_at"
    )
    if commission is not None:
        here = open_cases.filter(commission=commission).first()
        if here is not None:
            return here
    latest = open_cases.first()
    if latest is not None:
        return latest
    decided = Case.objects.filter(subject=subject, state=CaseState.DECIDED).order_by(
        "-opened_at", "-pk"
    )
    if commission is not None:
        decided_here = decided.filter(commission=commission).first()
        if decided_here is not None:
            return decided_here
    latest_decided = decided.first()
    if latest_decided is not None:
        return latest_decided
    if commission is None:
        raise InvalidInput(
            _(
                "%(subject)s has no open case and the letter names no commission; open "
                "a case first, then accept this."
            )
            % {"subject": subject.display_name}
        )
    membership = Membership.objects.filter(
        person=subject, organisation_id=commission.organisation_id
    ).first()
    expelled = membership is not None and membership.status in (
        MembershipStatus.EXPELLED, MembershipStatus.EXPELLED_FOR_TERM,
    )  # fmt: skip
    return case_services.open_case(
        actor=actor, subject=subject, commission=commission,
        kind=CaseKind.EXPULSION if expelled else CaseKind.VERIFICATION,
        opened_on=stored_date(payload.get("written_on")),
        summary=f"Opened on the letter “{document}”.",
    )  # fmt: skip


def _accept_filing(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = filing_payload(proposal)
    document = proposal.document
    subject = _person_for(document, payload["subject"])
    assert subject is not None
    if edits.get("case"):
        case = Case.objects.filter(ref=edits["case"]).first()
        if case is None:
            raise InvalidInput(
                _("There is no case “%(case)s”.") % {"case": edits["case"]}, field="case"
            )
    else:
        case = _case_for(actor, document, subject, payload)
    asks = _("Asks: %(requests)s.")
    requests = ", ".join(
        sorted(
            {
                str(REQUEST_WORDS.get(kind, kind.replace("_", " ")))
                for kind in (str(r["request"]) for r in payload.get("requests", []))
            }
        )
    )
    author = (
        _person_for(document, payload["author"], required=False) if payload.get("author") else None
    )
    stance = payload.get("stance") if payload.get("stance") in Stance.values else ""
    if author is not None and stance and author.pk != subject.pk:
        # The strongest ground the author gives is the basis of the testimony.
        basis = strongest_basis(payload.get("basis", [])) or KnowledgeBasis.HEARSAY
        case_services.record_testimony(
            actor=actor, case=case, document=document, witness=author, stance=stance,
            basis=basis, summary=asks % {"requests": requests} if requests else "",
        )  # fmt: skip
        filing = case.filings.get(document=document)
        if requests and not filing.note:
            filing.note = (_("The letter asks: %(requests)s.") % {"requests": requests})[:500]
            filing.save(update_fields=["note"])
        return filing
    return case_services.file_document(
        actor=actor, case=case, document=document, role=FilingRole.CORRESPONDENCE,
        note=_("The letter asks: %(requests)s.") % {"requests": requests} if requests else "",
    )  # fmt: skip


def _accept_relationship(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = relationship_payload(proposal)
    sources = _persons_for(proposal.document, payload["source"])
    targets = _persons_for(proposal.document, payload["target"])
    if not sources or not targets:
        raise InvalidInput(_("Both people of the relationship must be settled first."))
    pairs = [(a, b) for a in sources for b in targets if a.pk != b.pk]
    if not pairs:
        raise InvalidInput(_("The relationship would tie a person to themselves."))
    ties = [_record_tie(actor, proposal, a, b, edits) for a, b in pairs]  # every pair is recorded
    return ties[0]


def _record_tie(
    actor: Actor, proposal: Proposal, source: Person, target: Person, edits: dict[str, Any]
) -> Any:
    payload = relationship_payload(proposal)
    return registry_services.record_relationship(
        actor=actor, source=source, target=target, kind=edits.get("kind", payload["kind"]),
        strength=int(edits.get("strength", payload.get("strength", 3))),
        period=str(edits.get("period", "")), evidence=proposal.document,
        note=f"From the letter: “{proposal.span_text[:400]}”" if proposal.span_text else "",
    )  # fmt: skip


def _accept_contact(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = contact_payload(proposal)
    person = _person_for(proposal.document, payload["person"])
    assert person is not None
    return registry_services.add_contact(
        actor=actor, person=person, kind=edits.get("kind", payload["kind"]),
        value=str(edits.get("value", payload["value"])), source_document=proposal.document,
        note=(_("from “%(document)s”") % {"document": proposal.document})[:300],
    )  # fmt: skip


def _accept_outcome(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = outcome_payload(proposal)
    document = proposal.document
    subject = _person_for(document, payload["subject"])
    if subject is None:
        raise InvalidInput(_("The person the outcome is about is not settled yet."))
    filing_case = (
        Case.objects.filter(subject=subject, filings__document=document)
        .order_by("-opened_at")
        .first()
    )
    case = filing_case or Case.objects.filter(subject=subject).order_by("-opened_at").first()
    if case is None:
        raise InvalidInput(
            _("%(subject)s has no case to record the reported outcome on.")
            % {"subject": subject.display_name}
        )
    report, _created = ReportedOutcome.objects.get_or_create(
        case=case, document=document, outcome=edits.get("outcome", payload["outcome"]),
        defaults={"quote": payload.get("quote") or proposal.span_text},
    )  # fmt: skip
    return report


def _accept_inquiry(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = inquiry_payload(proposal)
    document = proposal.document
    recipient = _person_for(document, payload["to"])
    subject = _person_for(document, payload["about"])
    if recipient is None or subject is None:
        raise InvalidInput(_("The person asked and the person asked about must be settled first."))
    requested_by = (
        _person_for(document, payload["requested_by"], required=False)
        if payload.get("requested_by")
        else None
    )
    case = (
        Case.objects.filter(subject=subject, filings__document=document)
        .order_by("-opened_at")
        .first()
        or Case.objects.filter(subject=subject, state__in=OPEN_CASE_STATES)
        .order_by("-opened_at")
        .first()
    )
    asked_on = document.written_on or clock.today()
    due = stored_date(edits.get("due_on")) or asked_on + dt.timedelta(
        days=URGENT_DAYS if payload.get("urgent") else NORMAL_DAYS
    )
    inquiry = inquiry_services.ask(
        actor=actor, subject=subject, recipient=recipient, case=case,
        question=str(edits.get("question") or payload.get("question") or proposal.summary),
        due_on=due, urgency="urgent" if payload.get("urgent") else "normal",
        requested_by=requested_by, source_document=document, source_quote=proposal.span_text,
    )  # fmt: skip
    if payload.get("question") and proposal.span_part:
        # The note that asks is one of the document's notes, made by the reader: the same kind
        # of record a clerk or commissioner makes by hand, which then shows what it became.
        around = (
            (proposal.span_start, proposal.span_end)
            if proposal.span_start is not None and proposal.span_end is not None
            else None
        )
        case_notes.note_from_reading(
            actor=actor, document=document, part=proposal.span_part, around=around,
            text=str(payload["question"]), case=inquiry.case,
            author=_person_for(document, payload["annotator"], required=False)
            if payload.get("annotator") else None,
            on_behalf_of=requested_by, inquiry_ref=inquiry.ref,
        )  # fmt: skip
    return inquiry


def _accept_answer(
    actor: Actor, proposal: Proposal, person_ref: str | None, edits: dict[str, Any]
) -> Any:
    payload = answer_payload(proposal)
    document = proposal.document
    if payload.get("reply_address"):
        inquiry = _inquiry_replied_to(str(payload["inquiry"]))
        author, subject = inquiry.recipient, inquiry.subject
    else:
        by = _person_for(document, payload["by"])
        about = _person_for(document, payload["about"])
        assert by is not None
        assert about is not None
        author, subject = by, about
        inquiry = _open_inquiry_between(author, subject, str(payload["inquiry"]))
    stance = str(edits.get("stance") or payload.get("stance") or "")
    basis = str(edits.get("basis") or payload.get("basis") or "")
    if stance not in Stance.values:
        raise InvalidInput(
            _(
                "Say whether %(author)s writes for or against %(subject)s before "
                "recording the answer."
            )
            % {"author": author.display_name, "subject": subject.display_name},
            field="stance",
        )
    if basis not in KnowledgeBasis.values:
        raise InvalidInput(
            _(
                "The letter does not say how %(author)s knows %(subject)s: choose it "
                "before recording the answer."
            )
            % {"author": author.display_name, "subject": subject.display_name},
            field="basis",
        )
    return inquiry_services.answer_inquiry(
        actor=actor, inquiry=inquiry, reply=document, stance=stance, basis=basis,
        expected_version=inquiry.version,
    )  # fmt: skip


def _open_inquiry_between(author: Person, subject: Person, ref: str) -> Inquiry:
    """The inquiry read at intake, or another still open to the same person about the same
    subject (it may have been withdrawn and asked again meanwhile)."""
    still_open = list(
        inquiry_queries.open_inquiries_between(recipients=[author.pk], subjects=[subject.pk])
    )
    inquiry = next((i for i in still_open if i.ref == ref), None) or next(iter(still_open), None)
    if inquiry is None:
        was = Inquiry.objects.filter(ref=ref).first()
        since = f" (inquiry {was.ref} is {InquiryState(was.state).label})" if was else ""
        raise InvalidInput(
            f"This letter matches no open inquiry: {author.display_name} has no open inquiry "
            f"about {subject.display_name}{since}. Reject this proposal; the letter can still "
            "be filed on the case."
        )
    return inquiry


def _inquiry_replied_to(ref: str) -> Inquiry:
    """The inquiry whose reply address a letter came to, if it is still open."""
    inquiry = Inquiry.objects.select_related("recipient", "subject").filter(ref=ref).first()
    if inquiry is None:
        raise InvalidInput(
            _("Inquiry %(ref)s is no longer on record; reject this proposal.") % {"ref": ref}
        )
    if inquiry.state not in (InquiryState.SENT, InquiryState.OVERDUE):
        raise InvalidInput(
            f"Inquiry {ref} is {InquiryState(inquiry.state).label}, so this letter cannot "
            "answer it. Reject this proposal; the letter can still be filed on the case."
        )
    return inquiry


_HANDLERS: dict[ProposalKind, Callable[[Any, Proposal, str | None, dict[str, Any]], Any]] = {
    ProposalKind.PERSON: _accept_person,
    ProposalKind.FILING: _accept_filing,
    ProposalKind.RELATIONSHIP: _accept_relationship,
    ProposalKind.CONTACT: _accept_contact,
    ProposalKind.OUTCOME: _accept_outcome,
    ProposalKind.INQUIRY: _accept_inquiry,
    ProposalKind.ANSWER: _accept_answer,
}
