"""What each kind of proposal carries: the builder (`intake.proposals`) writes these shapes
and the accept handlers (`intake.services`) read them, so both sides agree by type.

A payload is stored as JSON on the proposal; the person parts keep the shape `commission
extract --json` prints (name, description, span, resolution …), which the review page shows
as read. A person proposal is referred to by its key from the other kinds' payloads."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict, cast

from commission.intake.models import Proposal, ProposalKind

# A person as the reader gave it: the person object of the extract JSON.
PersonRead = dict[str, Any]
# Where in the letter something was read: {"in": "text"|"notes", "start", "end", "text"}.
Span = dict[str, Any]


class RequestRead(TypedDict):
    request: str
    urgent: bool
    span: Span | None


class PersonPayload(TypedDict):
    role: str
    person: PersonRead
    # A relative named by kin ("her father"): the kin word, whose kin, and whether it names
    # several ("the two daughters").
    kin: NotRequired[str]
    of: NotRequired[PersonRead | None]
    plural: NotRequired[bool]
    # The registry person the clerk chose instead of what was read.
    chosen: NotRequired[str]


class FilingPayload(TypedDict):
    subject: str
    author: str
    stance: str
    basis: list[str]
    requests: list[RequestRead]
    body: str
    written_on: str | None


class RelationshipPayload(TypedDict):
    source: str
    kind: str
    target: str
    strength: NotRequired[int]


class ContactPayload(TypedDict):
    person: str
    kind: str
    value: str


class OutcomePayload(TypedDict):
    subject: str
    outcome: str
    quote: str


class InquiryPayload(TypedDict):
    to: str
    about: str
    urgent: bool
    asks: list[str]
    question: str
    requested_by: str
    annotator: str
    written_on: str | None


class AnswerPayload(TypedDict):
    inquiry: str
    # The person proposals of the author and the subject; empty when the letter came to the
    # inquiry's reply address, which says by itself who answers about whom.
    by: str
    about: str
    stance: str
    basis: str
    reply_address: NotRequired[bool]


Payload = (
    PersonPayload
    | FilingPayload
    | RelationshipPayload
    | ContactPayload
    | OutcomePayload
    | InquiryPayload
    | AnswerPayload
)


def _of_kind(proposal: Proposal, kind: ProposalKind) -> Any:
    if proposal.kind != kind:
        raise ValueError(f"Proposal {proposal.pk} is a {proposal.kind} proposal, not a {kind}.")
    return proposal.payload


def person_payload(proposal: Proposal) -> PersonPayload:
    return cast(PersonPayload, _of_kind(proposal, ProposalKind.PERSON))


def filing_payload(proposal: Proposal) -> FilingPayload:
    return cast(FilingPayload, _of_kind(proposal, ProposalKind.FILING))


def relationship_payload(proposal: Proposal) -> RelationshipPayload:
    return cast(RelationshipPayload, _of_kind(proposal, ProposalKind.RELATIONSHIP))


def contact_payload(proposal: Proposal) -> ContactPayload:
    return cast(ContactPayload, _of_kind(proposal, ProposalKind.CONTACT))


def outcome_payload(proposal: Proposal) -> OutcomePayload:
    return cast(OutcomePayload, _of_kind(proposal, ProposalKind.OUTCOME))


def inquiry_payload(proposal: Proposal) -> InquiryPayload:
    return cast(InquiryPayload, _of_kind(proposal, ProposalKind.INQUIRY))


def answer_payload(proposal: Proposal) -> AnswerPayload:
    return cast(AnswerPayload, _of_kind(proposal, ProposalKind.ANSWER))
