"""The search form: what to look for, and the filters that narrow it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commission.cases.enums import CaseState
from commission.search.query import MAX_INPUT

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        label=_("Search for"),
        max_length=MAX_INPUT,
        help_text=_("A name in any form, words from a letter, or a case reference."),
    )
    kind = forms.ChoiceField(
        required=False,
        label=_("Look in"),
        choices=[("all", _("everything")), ("people", _("people")), ("letters", _("letters")),
                 ("cases", _("cases"))],
    )  # fmt: skip
    date_from = forms.DateField(required=False, label=_("From"), widget=DATE_INPUT)
    date_to = forms.DateField(
        required=False, label=pgettext_lazy("end of a period", "To"), widget=DATE_INPUT
    )
    commission = forms.ChoiceField(required=False, label=_("Commission"))
    state = forms.ChoiceField(
        required=False, label=_("Case state"), choices=[("", _("any state")), *CaseState.choices]
    )

    def __init__(
        self,
        *args: Any,
        commissions: list[tuple[str, str]],
        kinds: tuple[str, ...] = ("people", "letters", "cases"),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].choices = [("", _("any commission")), *commissions]  # type: ignore[attr-defined]
        # Only what the role may search is offered: a member looks in their own cases alone.
        kind = self.fields["kind"]
        offered = [(k, label) for k, label in kind.choices if k in kinds]  # type: ignore[attr-defined]
        kind.choices = [("all", _("everything")), *offered] if len(offered) > 1 else offered  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
