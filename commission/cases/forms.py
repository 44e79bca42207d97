"""Forms of the case pages. They check the shape of what was typed; the rules themselves (which
moves are allowed, who may vote, deadlines) are the services' and come back as their
sentences, which `add_service_error` puts in place on the form."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commission.cases.enums import (
    AssignmentRule,
    CaseKind,
    CaseState,
    DecisionOutcome,
    DocumentTagKind,
    VoteChoice,
)
from commission.cases.models import Ground
from commission.cases.rulebook import RULE_FIELDS
from commission.core import clock
from commission.core.dates import long_date
from commission.core.errors import CommissionError
from commission.registry.lookup import find_people
from commission.registry.models import Commission, Person

if TYPE_CHECKING:
    from commission.cases.queries import Filing

# The input types browsers understand; Django's defaults are plain text boxes.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def add_service_error(form: forms.Form, error: CommissionError) -> None:
    """Show a service's refusal next to the field it names, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class VersionedForm(forms.Form):
    """Every action on a case carries the version of the case the user was looking at, so a
    form left open while someone else changed the case is refused rather than applied."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CaseFilterForm(forms.Form):
    commission = forms.ChoiceField(required=False, label=_("Commission"))
    state = forms.ChoiceField(
        required=False, label=_("State"), choices=[("", _("any state")), *CaseState.choices]
    )
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[("", _("any kind")), *CaseKind.choices]
    )
    subject = forms.CharField(
        required=False, max_length=64, label=_("Subject identifier"), strip=True
    )
    overdue = forms.BooleanField(required=False, label=_("Only overdue"))

    def __init__(self, *args: Any, commissions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].choices = [("", _("any commission")), *commissions]  # type: ignore[attr-defined]


class OpenCaseForm(forms.Form):
    subject_query = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("The person's identifier (e.g. P-…) or any form of their name."),
    )
    subject = forms.ChoiceField(
        required=False, label=_("Choose the subject"), widget=forms.RadioSelect
    )
    commission = forms.ModelChoiceField(
        queryset=Commission.objects.order_by("name"), to_field_name="ref", label=_("Commission")
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (CaseKind.EXPULSION, CaseKind.EXPULSION.label),
            (CaseKind.VERIFICATION, CaseKind.VERIFICATION.label),
        ],
        help_text=_("Appeals and reopenings are opened from the decision they concern."),
    )
    title = forms.CharField(required=False, max_length=300, label=_("Title"))
    summary = forms.CharField(
        required=False, label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4})
    )
    opened_on = forms.DateField(required=False, label=_("Opened on"), widget=DATE_INPUT)
    confidential = forms.BooleanField(required=False, label=_("Confidential"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches: list[Person] = []
        query = (self.data.get("subject_query") or "").strip() if self.is_bound else ""
        if query:
            self.matches = lookup_subjects(query)
        self.fields["subject"].choices = [  # type: ignore[attr-defined]
            (p.ref, f"{p.display_name} ({p.ref})") for p in self.matches
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("subject")
        query = (data.get("subject_query") or "").strip()
        person = None
        if chosen:
            person = next((p for p in self.matches if p.ref == chosen), None)
        elif query and len(self.matches) == 1:
            person = self.matches[0]
        elif query and not self.matches:
            self.add_error(
                "subject_query", _("Nobody in the registry matches “%(query)s”.") % {"query": query}
            )
        elif query:
            self.add_error(
                "subject",
                ngettext(
                    "%(count)d person matches “%(query)s”; choose them.",
                    "%(count)d people match “%(query)s”; choose one of them.",
                    len(self.matches),
                )
                % {"count": len(self.matches), "query": query},
            )
        data["person"] = person
        return data


def lookup_subjects(query: str, limit: int = 10) -> list[Person]:
    """The person with this identifier, or the people whose names match."""
    exact = Person.objects.filter(ref=query).first()
    if exact is not None:
        return [exact]
    return [m.person for m in find_people(query, limit=limit)]


class MoveForm(VersionedForm):
    to_state = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(max_length=500, label=_("Why"), widget=forms.TextInput)

    def __init__(self, *args: Any, moves: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = moves  # type: ignore[attr-defined]


class ScheduleHearingForm(VersionedForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    place = forms.CharField(required=False, max_length=300, label=_("Place"))


class PostponeHearingForm(VersionedForm):
    starts_at = forms.DateTimeField(
        label=_("New time"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    reason = forms.CharField(max_length=500, label=_("Why it is postponed"))


class CancelHearingForm(VersionedForm):
    reason = forms.CharField(max_length=500, label=_("Why it is cancelled"))


class RecordHearingForm(VersionedForm):
    present = forms.MultipleChoiceField(
        required=False, label=_("Present"), widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, seated: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seated = seated
        self.fields["present"].choices = [(p.ref, p.display_name) for p in seated]  # type: ignore[attr-defined]

    def attendance(self) -> dict[Person, bool]:
        present = set(self.cleaned_data["present"])
        return {p: p.ref in present for p in self.seated}


VOTE_CHOICES = [("", _("does not vote")), *VoteChoice.choices]


class DecisionForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    grounds = forms.MultipleChoiceField(
        required=False, label=_("Grounds"), widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.CharField(
        required=False, label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 6})
    )
    term_until = forms.DateField(
        required=False,
        label=_("Term ends on"),
        widget=DATE_INPUT,
        help_text=_("For a probation or an expulsion for a term."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_INPUT)

    def __init__(
        self,
        *args: Any,
        seats: list[Any],
        hearings: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`seats`: SeatViews of the commissioners sitting now. Those who must stand aside get
        a disabled vote field whose help text is the rule's sentence."""
        super().__init__(*args, **kwargs)
        self.fields["grounds"].choices = [  # type: ignore[attr-defined]
            (g.code, g.shown_label) for g in Ground.objects.filter(active=True).order_by("label")
        ]
        if hearings:
            self.fields["hearing"] = forms.ChoiceField(
                required=False, label=_("At the hearing of"), choices=[("", "—"), *hearings]
            )
        self.seats = seats
        self.vote_fields: list[tuple[forms.BoundField, Any]] = []
        for seat in seats:
            person = seat.commissioner.person
            name = f"vote_{person.ref}"
            self.fields[name] = forms.ChoiceField(
                required=False,
                label=person.display_name,
                choices=VOTE_CHOICES,
                disabled=seat.must_stand_aside,
                help_text=" ".join(seat.ties) if seat.must_stand_aside else "",
            )
        for seat in seats:
            self.vote_fields.append((self[f"vote_{seat.commissioner.person.ref}"], seat))

    def votes(self) -> dict[Person, str]:
        chosen = {}
        for seat in self.seats:
            person = seat.commissioner.person
            choice = self.cleaned_data.get(f"vote_{person.ref}")
            if choice:
                chosen[person] = choice
        return chosen


class AppealForm(VersionedForm):
    decision = forms.IntegerField(widget=forms.HiddenInput)
    statement = forms.CharField(
        label=_("What the appeal is against and why"), widget=forms.Textarea(attrs={"rows": 5})
    )
    filed_on = forms.DateField(
        required=False,
        label=_("Received on"),
        widget=DATE_INPUT,
        help_text=_("The date the appeal reached the commission; today if left empty."),
    )

    def filing_date(self) -> dt.date:
        return self.cleaned_data.get("filed_on") or clock.today()


class ReopenForm(VersionedForm):
    material = forms.MultipleChoiceField(
        required=False,
        label=_("Material the decision did not see"),
        widget=forms.CheckboxSelectMultiple,
    )
    # The short form on the case page reopens on all the late material without listing it.
    all_late = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(max_length=500, label=_("Why the case is reopened"))

    def __init__(self, *args: Any, late: list[Filing], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late = late
        self.fields["material"].choices = [  # type: ignore[attr-defined]
            (
                str(f.pk),
                _("%(document)s (%(role)s, filed %(day)s)")
                % {
                    "document": f.document,
                    "role": f.get_role_display(),
                    "day": long_date(f.filed_at),
                },
            )
            for f in late
        ]

    def chosen(self) -> list[Filing]:
        if self.cleaned_data.get("all_late"):
            return list(self.late)
        wanted = {int(x) for x in self.cleaned_data["material"]}
        return [f for f in self.late if f.pk in wanted]


class OverrideForm(VersionedForm):
    commissioner = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(max_length=500, label=_("Why they may sit despite the tie"))


class AssignForm(VersionedForm):
    """The chair names the rapporteur, or lets a rule pick one; a reassignment says why."""

    rapporteur = forms.ChoiceField(required=False, label=_("Rapporteur"))
    rule = forms.ChoiceField(
        required=False,
        label=_("Or let a rule pick"),
        choices=[
            ("", _("no: the member named above")),
            ("round_robin", _("round-robin over the sitting members")),
            ("by_load", _("the member with the fewest open cases")),
        ],
    )
    reason = forms.CharField(
        required=False, max_length=500, label=_("Reason"), help_text=_("Needed for a reassignment.")
    )

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rapporteur"].choices = [("", "—"), *members]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    """A note on the whole document, or on a passage given by its words (or its offsets)."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Note"))
    part = forms.ChoiceField(
        required=False,
        label=_("On"),
        choices=[
            ("", _("the whole document")),
            ("text", _("a passage of the text")),
            ("notes", _("a passage of the notes and inscriptions")),
        ],
    )
    quote = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("The passage"),
        help_text=_("Copy its words from the document; they must occur there once."),
    )
    start = forms.IntegerField(
        required=False, min_value=0, label=_("Or where it starts"), help_text=_("Characters in.")
    )
    end = forms.IntegerField(required=False, min_value=1, label=_("and ends"))
    asks = forms.ChoiceField(
        required=False,
        label=_("The note asks for"),
        choices=[
            ("", _("nothing")),
            ("inquiry", _("an inquiry")),
            ("check", _("a check of the facts")),
        ],
    )
    on_behalf_of = forms.CharField(
        required=False,
        max_length=64,
        label=_("Written for (person reference)"),
        help_text=_("When you write it on someone's behalf, e.g. P-zalutsky."),
    )

    def clean_on_behalf_of(self) -> Person | None:
        ref = self.cleaned_data["on_behalf_of"].strip()
        if not ref:
            return None
        person = Person.objects.filter(ref=ref).first()
        if person is None:
            raise forms.ValidationError(
                _("There is no person “%(ref)s” in the registry.") % {"ref": ref}
            )
        return person


class TagForm(forms.Form):
    tag = forms.ChoiceField(choices=DocumentTagKind.choices, label=_("Tag"))
    remove = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CheckForm(forms.Form):
    finding = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label=_("What the check found")
    )


class CalendarForm(forms.Form):
    """The day the installation takes as today, as a presenter moves a story on."""

    today = forms.DateField(label=_("The story's today"), widget=DATE_INPUT)


class RulesForm(forms.Form):
    """A new version of an organisation's rules: the day it takes effect, why, and every rule,
    filled in with the rules in effect now; the rules left as they are do not change."""

    effective_from = forms.DateField(label=_("Takes effect on"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Why the rules change"), max_length=500)

    def __init__(self, *args: Any, current: dict[str, int | str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        for field in RULE_FIELDS:
            label = f"{field.label} ({field.unit})" if field.unit else field.label
            if field.name == "assignment_rule":
                self.fields[field.name] = forms.ChoiceField(
                    label=label, choices=AssignmentRule.choices, initial=current[field.name]
                )
            else:
                self.fields[field.name] = forms.IntegerField(
                    label=label,
                    min_value=field.low,
                    max_value=field.high,
                    initial=current[field.name],
                )

    def changes(self) -> dict[str, int | str]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.current and value != self.current[name]
        }
