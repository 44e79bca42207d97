"""Forms of the inquiry pages: validation at the edge, before the services are called. Each
form turns references typed or chosen on the page into the records the services take."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commission.cases.enums import KnowledgeBasis, Stance
from commission.cases.models import Case, CaseDocument
from commission.core import clock
from commission.core.actors import Viewer
from commission.documents.models import Document
from commission.inquiries.enums import InquiryState, Urgency
from commission.inquiries.models import Inquiry
from commission.inquiries.queries import inquiry_list
from commission.registry.lookup import PersonMatch, find_people
from commission.registry.models import Person

BOARD_VIEWS = [
    ("all", _("All inquiries")),
    ("mine", _("Mine")),
    ("overdue", _("Overdue")),
    ("week", _("Due this week")),
    ("by_case", _("By case")),
]
# How far ahead "due this week" looks.
# How many people a name lookup offers to choose from.
LOOKUP_CHOICES = 10


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    # The labels stay lazy: the form is built once, and each page shows them in its language.
    return [("", label), *((str(v), lbl) for v, lbl in choices)]


class BoardFilterForm(forms.Form):
    """The filters of the inquiries board. Unknown values are dropped rather than refused: a
    stale bookmark still shows a board."""

    view = forms.ChoiceField(choices=BOARD_VIEWS, required=False, label=_("Show"))
    state = forms.ChoiceField(
        choices=_blank(InquiryState.choices, _("any state")), required=False, label=_("State")
    )
    urgency = forms.ChoiceField(
        choices=_blank(Urgency.choices, _("any urgency")), required=False, label=_("Urgency")
    )
    case = forms.CharField(max_length=64, required=False, label=_("Case reference"))

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            valid = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
            return {name: str(valid.get(name) or "") for name in self.fields}
        return {name: str(self.cleaned_data.get(name) or "") for name in self.fields}

    def apply(self, *, user: Viewer, today: dt.date) -> QuerySet[Inquiry]:
        chosen = self.values()
        view = chosen["view"] or "all"
        return inquiry_list(
            user=user,
            today=today,
            state=chosen["state"] or None,
            urgency=chosen["urgency"] or None,
            case=chosen["case"] or None,
            mine=view == "mine",
            overdue=view == "overdue",
            due_this_week=view == "week",
            by_case=view == "by_case",
        )


class VersionForm(forms.Form):
    """Carries the version the page showed, so a change made meanwhile is refused, not lost."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class SendForm(VersionForm):
    pass


class WithdrawForm(VersionForm):
    reason = forms.CharField(
        max_length=500,
        label=_("Why is it withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the inquiry is withdrawn.")},
    )


class AnswerForm(VersionForm):
    filed_document = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        label=_("The reply, among the letters filed on the case or written by the person asked"),
    )
    document_id = forms.IntegerField(
        required=False, min_value=1, label=_("…or the reply's document number")
    )
    stance = forms.ChoiceField(choices=Stance.choices, label=_("Stance of the reply"))
    basis = forms.ChoiceField(choices=KnowledgeBasis.choices, label=_("How the writer knows"))
    period = forms.CharField(max_length=200, required=False, label=_("How long they knew them"))
    summary = forms.CharField(
        required=False, label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        filings: list[CaseDocument] | None = None,
        replies: list[Document] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.filings = filings or []
        filed = {f.document_id for f in self.filings}
        # Letters from the person asked that name the subject, not yet on the case: the reply
        # that has just arrived is usually one of them.
        self.replies = [d for d in replies or [] if d.pk not in filed]
        field = self.fields["filed_document"]
        assert isinstance(field, forms.ChoiceField)
        choices: list[Any] = [("", _("— choose a document —"))]
        if self.replies:
            choices.append(
                (
                    _("Written by the person asked"),
                    [
                        (
                            str(d.pk),
                            _("No. %(number)s: %(title)s") % {"number": d.pk, "title": d.title},
                        )
                        for d in self.replies
                    ],
                )
            )
        if self.filings:
            choices.append(
                (
                    _("Filed on the case"),
                    [
                        (
                            str(f.document_id),
                            _("No. %(number)s: %(title)s")
                            % {"number": f.document_id, "title": f.document.title},
                        )
                        for f in self.filings
                    ],
                )
            )
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen, typed = data.get("filed_document"), data.get("document_id")
        if chosen and typed and chosen != typed:
            raise forms.ValidationError(
                _("Choose the reply in the list or give its document number, not both.")
            )
        number = chosen or typed
        if not number:
            if "filed_document" not in self.errors and "document_id" not in self.errors:
                self.add_error(
                    "filed_document",
                    _("Choose the reply in the list or give its document number."),
                )
            return data
        reply = Document.objects.filter(pk=number).first()
        if reply is None:
            self.add_error(
                "document_id", _("There is no document number %(number)s.") % {"number": number}
            )
        data["reply"] = reply
        return data


def _resolve_person(
    form: forms.Form,
    *,
    ref_field: str,
    name_field: str,
    required: bool,
    role: str,
    exclude: Person | None = None,
) -> tuple[Person | None, list[PersonMatch]]:
    """A person from a typed reference, else from a name looked up in the registry. A name that
    fits several people is sent back with the choices so the clerk picks one; `exclude` (the
    subject, who cannot be asked about themselves) is never offered."""
    ref = (form.cleaned_data.get(ref_field) or "").strip()
    name = (form.cleaned_data.get(name_field) or "").strip()
    if ref:
        person = Person.objects.filter(ref=ref).first()
        if person is None:
            form.add_error(
                ref_field, _("There is no person “%(ref)s” in the registry.") % {"ref": ref}
            )
        return person, []
    if name:
        matches = [
            m
            for m in find_people(name, limit=LOOKUP_CHOICES + 1)
            if exclude is None or m.person.pk != exclude.pk
        ][:LOOKUP_CHOICES]
        if not matches:
            form.add_error(
                name_field,
                _(
                    "Nobody in the registry matches “%(name)s”. Check the spelling or try the "
                    "surname alone."
                )
                % {"name": name},
            )
            return None, []
        if len(matches) == 1:
            return matches[0].person, []
        form.add_error(
            name_field,
            ngettext(
                "%(count)d person matches “%(name)s”; choose the %(role)s below.",
                "%(count)d people match “%(name)s”; choose the %(role)s below.",
                len(matches),
            )
            % {"count": len(matches), "name": name, "role": role},
        )
        return None, matches
    if required:
        form.add_error(
            name_field, _("Name the %(role)s: choose them or type their name.") % {"role": role}
        )
    return None, []


class AskForm(forms.Form):
    """Ask someone about a subject. The recipient and the person on whose behalf it is asked are
    given by reference (the witness list links here with them filled in) or found by name."""

    case = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    subject = forms.CharField(max_length=64, required=False, label=_("Subject (reference)"))
    recipient = forms.CharField(max_length=64, required=False, label=_("Recipient (reference)"))
    recipient_name = forms.CharField(max_length=200, required=False, label=_("Recipient's name"))
    question = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("The inquiry has no question.")},
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.NORMAL, label=_("Urgency"))
    due_on = forms.DateField(
        label=_("Answer due by"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the date the answer is due."),
            "invalid": _("Give the due date as a date, e.g. 2025-06-30."),
        },
    )
    requested_by = forms.CharField(
        max_length=64, required=False, label=_("On whose behalf (reference)")
    )
    requested_by_name = forms.CharField(
        max_length=200, required=False, label=_("On whose behalf (name)")
    )
    send = forms.ChoiceField(
        choices=[("send", _("Send it now")), ("draft", _("Keep it as a draft"))],
        initial="send",
        widget=forms.RadioSelect,
        label=_("When"),
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.case_record = case
        self.recipient_matches: list[PersonMatch] = []
        self.requested_by_matches: list[PersonMatch] = []
        if case is not None:
            self.fields["subject"].disabled = True

    def clean_due_on(self) -> dt.date:
        due: dt.date = self.cleaned_data["due_on"]
        if due < clock.today():
            raise forms.ValidationError(_("The due date has passed; give a date from today on."))
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.case_record is not None:
            data["subject_person"] = self.case_record.subject
        else:
            ref = (data.get("subject") or "").strip()
            subject = Person.objects.filter(ref=ref).first() if ref else None
            if subject is None:
                self.add_error(
                    "subject",
                    _("There is no person “%(ref)s” in the registry.") % {"ref": ref}
                    if ref
                    else _("Give the reference of the person the question is about."),
                )
            data["subject_person"] = subject
        data["recipient_person"], self.recipient_matches = _resolve_person(
            self, ref_field="recipient", name_field="recipient_name", required=True,
            role=str(_("recipient")), exclude=data.get("subject_person"),
        )  # fmt: skip
        data["requested_by_person"], self.requested_by_matches = _resolve_person(
            self, ref_field="requested_by", name_field="requested_by_name", required=False,
            role=str(_("person on whose behalf it is asked")),
        )  # fmt: skip
        return data


WITNESS_FILTERS = [
    ("asked", _("already asked")),
    ("testifying", _("already testifying")),
    ("recused", _("recused (sits on the commission)")),
    ("deceased", _("deceased")),
    ("tied to a commissioner", _("tied to a commissioner")),
]


class WitnessFilterForm(forms.Form):
    """Which marked candidates to leave out of the witness list."""

    hide = forms.MultipleChoiceField(
        choices=WITNESS_FILTERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Leave out people who are"),
    )

    def hidden_marks(self) -> set[str]:
        return set(self.cleaned_data.get("hide") or []) if self.is_valid() else set()


class NoteInquiryForm(forms.Form):
    """Turn a note that asks for an inquiry into one: whom to ask, by when, how urgently."""

    case = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    recipient = forms.CharField(max_length=64, label=_("Whom to ask (reference)"))
    due_on = forms.DateField(
        label=_("Answer due by"),
        error_messages={
            "required": _("Give the date the answer is due."),
            "invalid": _("Give the due date as a date, e.g. 2025-06-30."),
        },
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.NORMAL, label=_("Urgency"))

    def clean_recipient(self) -> Person:
        ref = self.cleaned_data["recipient"].strip()
        person = Person.objects.filter(ref=ref).first()
        if person is None:
            raise forms.ValidationError(
                _("There is no person “%(ref)s” in the registry.") % {"ref": ref}
            )
        return person
