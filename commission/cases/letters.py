"""The letters a decision sends: to the member, and, on an appeal, to the commission whose
decision was appealed; each in Russian and English, drafted from the templates of its outcome
(templates/cases/letters/<language>/), with the grounds, the reasons, and the appeal rights and
deadline. The chair previews the draft as PDF and signs it; only the signed letter is fixed,
filed on the case as a sent document and offered for download (by e-mail once the commission
sends e-mail)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from commission.audit.services import in_trail_language, record_event
from commission.cases import rules
from commission.cases.enums import (
    CaseKind,
    DecisionOutcome,
    FilingRole,
    LetterLanguage,
    LetterRecipient,
    LetterState,
)
from commission.cases.letter_pdf import letter_pdf
from commission.cases.models import CaseDocument, Decision, OutcomeLetter
from commission.core import clock
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, InvalidInput
from commission.core.roles import require
from commission.documents.enums import DocumentKind
from commission.documents.models import Document
from commission.registry.cyrillic import inflected
from commission.registry.names import name_for_language

DRAFT = "cases.record_decision"
SIGN = "cases.sign_letter"

# The outcome as the letter to a commission names it, in Russian; English uses the enum label.
OUTCOME_RU = {
    DecisionOutcome.RETAIN: "оставить в партии",
    DecisionOutcome.PROBATION: "перевести в кандидаты с испытательным сроком",
    DecisionOutcome.REPRIMAND: "объявить выговор",
    DecisionOutcome.EXPEL: "исключить",
    DecisionOutcome.EXPEL_FOR_TERM: "исключить на срок",
    DecisionOutcome.EXPEL_SHAMEFUL: "исключить за поведение, недостойное члена",
    DecisionOutcome.REINSTATE: "восстановить в партии",
}


def _day(value: Any, language: str) -> str:
    if value is None:
        return "—"
    with translation.override(language):
        return str(formats.date_format(value, "j E Y" if language == "ru" else "j F Y"))


def _context(decision: Decision, language: str, recipient: str) -> dict[str, Any]:
    case = decision.case
    commission = case.commission
    with translation.override(language):
        grounds = [g.shown_label for g in decision.grounds.order_by("label")]
    count = rules.count_votes(list(decision.votes.values_list("choice", flat=True)))
    if language == "ru":
        votes = f"за {count.for_}, против {count.against}, воздержались {count.abstain}"
    else:
        votes = str(count)
    appeal_to = commission.parent.name if commission.parent_id and commission.parent else ""
    # A Russian greeting agrees with the reader's gender, when the registry knows it.
    dear = {"female": "Уважаемая", "male": "Уважаемый"}.get(case.subject.gender, "Уважаемый(ая)")
    values = {
        "dear": dear,
        "recipient": recipient,
        "commission": commission.name,
        "organisation": commission.organisation.name,
        "subject": name_for_language(case.subject, language),
        # "жалобу Евгении Михайловны Каспаровой-Поповой": whose appeal, whose records
        "subject_of": inflected(
            name_for_language(case.subject, language), "gent", gender=case.subject.gender
        )
        if language == "ru"
        else name_for_language(case.subject, language),
        "case_ref": case.ref,
        "decided_on": _day(decision.decided_on, language),
        "term_until": _day(decision.term_until, language),
        "reasons": decision.reasons,
        "grounds": "; ".join(grounds),
        "votes": votes,
        "appeal_to": appeal_to if decision.appeal_deadline else "",
        "appeal_deadline": _day(decision.appeal_deadline, language),
        "outcome": OUTCOME_RU[DecisionOutcome(decision.outcome)]
        if language == "ru"
        else _in_english(DecisionOutcome(decision.outcome).label),
        "appealed_on": _day(case.appeals.decided_on if case.appeals else None, language),
    }
    # Plain text, not HTML: the PDF writer escapes what it sets.
    return {key: mark_safe(value) for key, value in values.items()}  # noqa: S308


def _in_english(label: object) -> str:
    """An English letter speaks English whatever language the clerk's pages are in."""
    with translation.override("en"):
        return str(label)


def draft_body(decision: Decision, kind: str, language: str, recipient: str) -> str:
    name = (
        "commission"
        if kind == LetterRecipient.APPEALED_COMMISSION
        else f"member_{decision.outcome}"
    )
    text = render_to_string(
        f"cases/letters/{language}/{name}.txt", _context(decision, language, recipient)
    )
    return text.strip() + "\n"


def draft_outcome_letters(*, actor: Actor, decision: Decision) -> list[OutcomeLetter]:
    """Draft the letters of `decision`: to the member, and on an appeal to the commission whose
    decision was appealed, each in Russian and English. Letters already drafted are kept as
    they are. Errors: NotAllowed without cases.record_decision."""
    require(actor, DRAFT, "draft outcome letters")
    case = decision.case
    readers: list[tuple[str, str, dict[str, Any]]] = [
        (LetterRecipient.MEMBER, case.subject.display_name, {"recipient_person": case.subject})
    ]
    if case.kind == CaseKind.APPEAL and case.appeals is not None:
        lower = case.appeals.case.commission
        readers.append(
            (LetterRecipient.APPEALED_COMMISSION, lower.name, {"recipient_commission": lower})
        )
    made = []
    with transaction.atomic():
        for kind, name, target in readers:
            for language in (LetterLanguage.RUSSIAN, LetterLanguage.ENGLISH):
                # The member is named as the letter's language names them ("Евгения …").
                if kind == LetterRecipient.MEMBER:
                    name = name_for_language(case.subject, language)
                letter, created = OutcomeLetter.objects.get_or_create(
                    decision=decision, recipient_kind=kind, language=language,
                    defaults={"recipient_name": name,
                              "body": draft_body(decision, kind, language, name), **target},
                )  # fmt: skip
                made.append(letter)
                if created:
                    with in_trail_language():
                        summary = (
                            f"Drafted the {_in_english(LetterLanguage(language).label)} letter "
                            f"to {name} on {decision} ({case.ref})."
                        )
                    record_event(
                        actor=actor, action=AuditAction.LETTER_DRAFT, target=letter,
                        summary=summary,
                        after={"decision": decision.pk, "recipient": kind, "language": language},
                    )  # fmt: skip
    return made


def preview_pdf(letter: OutcomeLetter) -> bytes:
    """The letter as it would be signed; the signed one is the PDF kept at signing."""
    if letter.state == LetterState.SIGNED:
        return bytes(letter.pdf)
    return letter_pdf(letter, signed_by="")


def sign_outcome_letter(
    *, actor: Actor, letter: OutcomeLetter, expected_version: int | None = None
) -> OutcomeLetter:
    """The chair signs a drafted letter: its PDF is fixed with the signature, the letter is
    filed on the case as a sent document (correspondence), and it is marked sent.

    Errors: NotAllowed without cases.sign_letter; InvalidInput for a letter already signed;
    Conflict when it changed since read."""
    require(actor, SIGN, "sign outcome letters")
    with transaction.atomic():
        current = (
            OutcomeLetter.objects.select_for_update()
            .select_related("decision", "decision__case")
            .get(pk=letter.pk)
        )
        if expected_version is not None and current.version != expected_version:
            raise Conflict(_("The letter was changed meanwhile. Reload it and try again."))
        if current.state != LetterState.DRAFT:
            raise InvalidInput(
                _("The %(current)s is already signed and sent.") % {"current": current}
            )
        signer = actor.get_full_name() or actor.get_username()
        pdf = letter_pdf(current, signed_by=signer)
        case = current.decision.case
        # The audit trail's record speaks English; the letter filed on the case is titled in
        # its own language, as its text is written.
        language = _in_english(LetterLanguage(current.language).label)
        with translation.override(current.language):
            title = _("Letter to %(recipient)s: %(decision)s") % {
                "recipient": current.recipient_name,
                "decision": current.decision,
            }
            note = _("sent to %(recipient)s, signed by %(signer)s") % {
                "recipient": current.recipient_name,
                "signer": signer,
            }
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    kind=DocumentKind.DECISION_TEXT, title=title[:300], text=current.body,
                    fingerprint=hashlib.sha256(
                        f"{current.pk}\x1f{current.body}".encode()
                    ).hexdigest(),
                    written_on=clock.today(), registered_by=actor,
                )  # fmt: skip
        except IntegrityError:
            raise Conflict(
                _("The %(current)s was signed by someone else meanwhile.") % {"current": current}
            ) from None
        CaseDocument.objects.create(
            case=case, document=document, role=FilingRole.CORRESPONDENCE,
            filed_at=clock.now(), filed_by=actor,
            note=note,
        )  # fmt: skip
        current.pdf = pdf
        current.document = document
        current.state = LetterState.SIGNED
        current.signed_at = clock.now()
        current.signed_by = actor
        current.version = F("version") + 1
        current.save(
            update_fields=["pdf", "document", "state", "signed_at", "signed_by", "version"]
        )
        current.refresh_from_db(fields=["version"])
        record_event(
            actor=actor, action=AuditAction.LETTER_SIGN, target=current,
            summary=f"Signed and sent the {language} letter to {current.recipient_name} on "
            f"{case.ref}.",
            after={"document": document.pk, "pdf_sha256": hashlib.sha256(pdf).hexdigest()},
        )  # fmt: skip
    return current
