"""Forms of the registry pages. They check the shape of what was sent; the registry's services
decide what may be stored."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commission.registry.enums import Language


class MailContactForm(forms.Form):
    """How the commission writes to a person: an e-mail address to add, and the language."""

    email = forms.EmailField(
        required=False, max_length=254, label=_("Add an e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip
    language = forms.ChoiceField(
        required=False,
        choices=[("", _("the installation's default")), *Language.choices],
        label=_("Writes in"),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
