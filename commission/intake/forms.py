"""Forms of the letter pages. They check the shape of what was sent; reading the files and
deciding what may be accepted is the work of `intake.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from commission.cases.enums import KnowledgeBasis, Stance

# Uploads above this size are refused before they are read. Settable with the environment
# variable LETTER_UPLOAD_MAX_MB (settings.LETTER_UPLOAD_MAX_BYTES); a letter is a few kB.
DEFAULT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024


def upload_limit() -> int:
    return int(getattr(settings, "LETTER_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


def _size(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} kB"


def too_large(upload: UploadedFile) -> str | None:
    """The sentence refusing an upload over the limit, or None."""
    limit = upload_limit()
    size = upload.size or 0
    if size <= limit:
        return None
    return _(
        "%(name)s: is too large to upload (%(size)s; the limit is %(limit)s). "
        "Split it into smaller files."
    ) % {"name": upload.name, "size": _size(size), "limit": _size(limit)}


class LetterFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Title contains"), strip=True)
    state = forms.ChoiceField(
        required=False,
        label=_("State"),
        choices=[
            ("", _("all letters")),
            ("waiting", _("waiting for a clerk")),
            ("done", _("all confirmed or rejected")),
        ],
    )

    def waiting(self) -> bool | None:
        state = self.cleaned_data.get("state") if self.is_valid() else ""
        return {"waiting": True, "done": False}.get(state or "")

    def title(self) -> str:
        return str(self.cleaned_data.get("q") or "") if self.is_valid() else ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field. Each is checked here only for being a file; whether it holds
    a letter is for the reading pipeline to say, file by file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            raise forms.ValidationError(_("Choose at least one file to upload."), code="required")
        files = data if isinstance(data, list | tuple) else [data]
        # An empty file is reported with the others rather than refusing the whole upload.
        return [f for f in files if isinstance(f, UploadedFile)]


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_("Text, Markdown, HTML or PDF files holding one or more letters each."),
    )


class AcceptForm(forms.Form):
    person_ref = forms.CharField(required=False, max_length=64)
    # An answer to an inquiry: what the reply says, as the clerk reads it.
    stance = forms.ChoiceField(
        required=False, choices=[("", _("— not stated —")), *Stance.choices], label=_("Stance")
    )
    basis = forms.ChoiceField(
        required=False,
        choices=[("", _("— not stated —")), *KnowledgeBasis.choices],
        label=_("How the writer knows"),
    )

    def edits(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in ("stance", "basis") if self.cleaned_data.get(k)}


class RejectForm(forms.Form):
    reason = forms.CharField(required=False, max_length=300, label=_("Why (optional)"))


class PersonLookupForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Find in the registry"), strip=True)
