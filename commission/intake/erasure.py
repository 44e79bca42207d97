"""The copies intake keeps of a person's contact details, blanked when the registry erases
them (commission.registry.services.erase_personal_data): the proposals they were read from, and
the sender line and report of the mails that came from her e-mail addresses."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from commission.audit.sealing import owner_of
from commission.intake.models import IncomingMail, Proposal
from commission.registry.enums import ContactKind
from commission.registry.models import ContactDetail
from commission.registry.services import ErasedCopies


def blank_copies(*, contacts: list[ContactDetail], **_kwargs: Any) -> ErasedCopies:
    ids = [str(c.pk) for c in contacts]
    proposals = list(
        Proposal.objects.filter(result_type="registry.contactdetail", result_id__in=ids)
    )
    for proposal in proposals:
        proposal.payload = {**proposal.payload, "value": ""}
        proposal.summary = _("A contact detail, erased on request.")
        proposal.span_text = ""
        proposal.save(update_fields=["payload", "summary", "span_text"])
    addresses = {c.value.strip().lower() for c in contacts if c.kind == ContactKind.EMAIL}
    near = Q(pk__in=[])
    for address in addresses:
        near |= Q(sender__icontains=address)
    mails = [
        m.pk
        for m in IncomingMail.objects.filter(near).only("pk", "sender")
        if _address(m.sender) in addresses
    ]
    IncomingMail.objects.filter(pk__in=mails).update(sender=_("(erased)"), report="")
    owners = [owner_of(p) for p in proposals] + [f"intake.incomingmail:{pk}" for pk in mails]
    said = f"{len(proposals)} proposal(s) read from letters, {len(mails)} mail sender line(s)"
    return ErasedCopies(owners=owners, said=said)


def _address(sender: str) -> str:
    """The address of a sender line ("Name <a@b>" or "a@b"), lower case."""
    sender = sender.strip().lower()
    if sender.endswith(">") and "<" in sender:
        return sender[sender.rindex("<") + 1 : -1].strip()
    return sender
