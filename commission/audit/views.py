"""The auditor's pages: the audit trail with filters, one event in full, and the chain check.

Only users with audit.view_auditevent read the trail; what an event says about a person's
address or telephone is shown only to those who may see personal data."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from commission.audit import sealing
from commission.audit.checkpoints import CheckpointFile, read_checkpoints
from commission.audit.keys import AuditKeyProblem, keyring
from commission.audit.models import AuditEvent
from commission.audit.queries import (
    ChainReport,
    chain_head,
    event_list,
    record_labels,
    report_sentences,
    summary_for,
    verify_chain,
)
from commission.core.actors import signed_in
from commission.core.paging import CappedPaginator
from commission.core.roles import can
from commission.core.web import refused

VIEW = "audit.view_auditevent"
VERIFY = "audit.verify_audit_chain"
PERSONAL = "registry.view_personal_data"
PAGE_SIZE = 50


class EventFilterForm(forms.Form):
    """The audit trail's filters. A value that does not parse is dropped with its error shown,
    and the rest still filter."""

    action = forms.CharField(
        required=False,
        max_length=64,
        label=gettext_lazy("Kind"),
        help_text=gettext_lazy(
            "An action such as case.transition, or case for every action on cases."
        ),
    )
    actor = forms.CharField(
        required=False,
        max_length=150,
        label=gettext_lazy("Done by"),
        help_text=gettext_lazy("A username, or system."),
    )
    target = forms.CharField(
        required=False,
        max_length=140,
        label=gettext_lazy("Record"),
        help_text=gettext_lazy("A kind of record and its number, such as cases.case 12."),
    )
    since = forms.DateField(
        required=False, label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False,
        label=pgettext_lazy("end of a period", "To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        target_type, _sep, target_id = (
            str(data.get("target") or "").replace(":", " ").partition(" ")
        )
        return {
            "action": data.get("action") or "",
            "actor": data.get("actor") or "",
            "target_type": target_type,
            "target_id": target_id.strip(),
            "since": data.get("since"),
            "until": data.get("until") if "until" not in self.errors else None,
        }


@dataclass
class EventRow:
    event: AuditEvent
    summary: str
    record: str = ""  # the record as a person reads it; "" when it is gone

    @property
    def action_parts(self) -> list[str]:
        """The action's name in its dotted parts, which a narrow page may put on two lines
        ("person." / "personal_data_read") without breaking a word."""
        return self.event.action.split(".")


@login_required
def events(request: HttpRequest) -> HttpResponse:
    refusal = refused(request, VIEW, "read the audit trail")
    if refusal:
        return refusal
    form = EventFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    page = CappedPaginator(event_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    personal = can(request.user, PERSONAL)
    labels = record_labels(page, personal_data=personal)
    rows = [
        EventRow(
            e,
            summary_for(e, personal_data=personal),
            labels.get((e.target_type, e.target_id), ""),
        )
        for e in page
    ]
    return render(
        request,
        "audit/events.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": any(filters.values()),
            "may_verify": can(request.user, VERIFY),
            "nav": "audit",
        },
    )


def _payload(value: Any) -> str:
    """The event's details as JSON, with its sealed personal data opened (or said to be erased):
    shown only to readers allowed personal data."""
    if value is None:
        return ""
    inside = sealing.opened(value)
    if inside is not None:
        value = {k: v for k, v in value.items() if k != sealing.SEALED}
        value[_("sealed personal data")] = (
            _("erased on request; it can no longer be read") if inside is sealing.ERASED else inside
        )
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


@login_required
def event(request: HttpRequest, seq: int) -> HttpResponse:
    refusal = refused(request, VIEW, "read the audit trail")
    if refusal:
        return refusal
    found = AuditEvent.objects.select_related("actor").filter(seq=seq).first()
    if found is None:
        raise Http404(_("There is no audit event %(seq)s.") % {"seq": seq})
    personal = can(request.user, PERSONAL)
    head = chain_head()
    record_events = ""
    if found.target_type:
        record_events = reverse("audit:events") + "?" + _query(found)
    return render(
        request,
        "audit/event.html",
        {
            "event": found,
            "summary": summary_for(found, personal_data=personal),
            "personal": personal,
            "before": _payload(found.before) if personal else "",
            "after": _payload(found.after) if personal else "",
            "has_payload": found.before is not None or found.after is not None,
            "record_events": record_events,
            "record": record_labels([found], personal_data=personal).get(
                (found.target_type, found.target_id), ""
            ),
            "previous_seq": seq - 1 if seq > 1 else None,
            "next_seq": seq + 1 if head is not None and seq < head.last_seq else None,
            "nav": "audit",
        },
    )


def _query(found: AuditEvent) -> str:
    return urlencode({"target": f"{found.target_type} {found.target_id}".strip()})


@dataclass
class VerifyResult:
    """What the chain check found, as the page says it."""

    report: ChainReport
    head_seq: int
    head_hash: str
    checked_at: dt.datetime
    unlisted: int = 0  # problems found beyond those listed
    state: str = ""  # the signed report to go on from, while the check is not finished

    @property
    def problem_count(self) -> int:
        return len(self.report.problems) + self.unlisted

    @property
    def unchecked(self) -> bool:
        """Some events could not be checked at all: the keys they name are not held here."""
        return bool(self.report.missing_keys)

    @property
    def findings(self) -> list[str]:
        return report_sentences(self.report)


# The page checks the chain a slice at a time, each slice a few seconds' work on a long chain
# (about 50 microseconds an event), and shows how far it got before asking for the next, so no
# request runs for minutes. The report so far travels between slices signed, so it cannot be
# altered on the way; the command line checks the whole chain in one run.
VERIFY_SLICE = 50_000
_STATE_SALT = "commission.audit.verify"
_STATE_MAX_AGE = 24 * 3600
# Problems carried from slice to slice; beyond these a tampered chain's count is still given.
MAX_LISTED_PROBLEMS = 200


def _state(report: ChainReport, unlisted: int) -> str:
    listed = report.problems[:MAX_LISTED_PROBLEMS]
    fields = {**asdict(report), "problems": listed}
    return signing.dumps(
        {**fields, "unlisted": unlisted + len(report.problems) - len(listed)},
        salt=_STATE_SALT,
        compress=True,
    )


def _resumed(state: str) -> tuple[ChainReport, int] | None:
    """The report a check stopped at, from the signed state a slice handed on; None when the
    state was altered, is from another server, or is more than a day old."""
    try:
        fields = signing.loads(state, salt=_STATE_SALT, max_age=_STATE_MAX_AGE)
        unlisted = int(fields.pop("unlisted"))
        return ChainReport(**fields), unlisted
    except (signing.BadSignature, TypeError, ValueError, KeyError, AttributeError):
        return None


# An auditor's checkpoint file grows by a line (about 250 bytes) a checkpoint: a checkpoint a
# day for decades stays far below this.
MAX_CHECKPOINT_FILE_BYTES = 5 * 1024 * 1024


def _uploaded_checkpoints(request: HttpRequest) -> CheckpointFile | None:
    """The checkpoints of the file the auditor sent with the first request, their signatures
    checked with this installation's public keys; None when no file was sent."""
    upload = request.FILES.get("checkpoints")
    if upload is None:
        return None
    name = upload.name or "the checkpoint file"
    if upload.size is not None and upload.size > MAX_CHECKPOINT_FILE_BYTES:
        return CheckpointFile(name, [], [f"{name} is larger than a checkpoint file can be."])
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        return CheckpointFile(name, [], [f"{name} is not a checkpoint file: it is not text."])
    return read_checkpoints(name, text, keyring().public_keys())


# The last finished check, kept in the session so that its page is reached by a GET: the
# address after "Verify the chain" can be reloaded, bookmarked or reopened.
_LAST_CHECK = "audit-verify-last"


def _last_check(request: HttpRequest) -> HttpResponse:
    """The result of the last check this session finished, or the way to start one."""
    kept = request.session.get(_LAST_CHECK)
    resumed = _resumed(kept["report"]) if kept else None
    if kept is None or resumed is None:
        return render(request, "audit/verify.html", {"result": None, "nav": "audit"})
    report, unlisted = resumed
    result = VerifyResult(
        report=report,
        head_seq=kept["head_seq"],
        head_hash=kept["head_hash"],
        checked_at=dt.datetime.fromisoformat(kept["checked_at"]),
        unlisted=unlisted,
    )
    return render(request, "audit/verify.html", {"result": result, "nav": "audit"})


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    refusal = refused(request, VERIFY, "verify the audit chain")
    if refusal:
        return refusal
    if request.method == "GET":
        return _last_check(request)
    resume, unlisted = None, 0
    if request.POST.get("state"):
        resumed = _resumed(request.POST["state"])
        if resumed is None:
            return render(
                request,
                "audit/verify.html",
                {
                    "stale": "This check could not be carried on: it was started more than a "
                    "day ago or its page was altered. Start the check again.",
                    "nav": "audit",
                },
                status=400,
            )
        resume, unlisted = resumed
    try:
        checkpoints = None if resume else _uploaded_checkpoints(request)
        report = verify_chain(
            actor=signed_in(request.user), resume=resume, limit=VERIFY_SLICE,
            checkpoints=checkpoints,
        )  # fmt: skip
    except AuditKeyProblem as problem:
        return render(
            request, "audit/verify.html", {"stale": problem.message, "nav": "audit"}, status=503
        )
    if report.finished:
        # POST, redirect, GET: the result is shown at an address that can be opened again.
        head = chain_head()
        request.session[_LAST_CHECK] = {
            "report": _state(report, unlisted),
            "head_seq": head.last_seq if head is not None else 0,
            "head_hash": head.last_hash if head is not None else "",
            "checked_at": timezone.now().isoformat(),
        }
        return redirect("audit:verify")
    state = _state(report, unlisted)
    unlisted += len(report.problems[MAX_LISTED_PROBLEMS:])
    del report.problems[MAX_LISTED_PROBLEMS:]
    head = chain_head()
    result = VerifyResult(
        report=report,
        head_seq=head.last_seq if head is not None else 0,
        head_hash=head.last_hash if head is not None else "",
        checked_at=timezone.now(),
        unlisted=unlisted,
        state=state,
    )
    return render(request, "audit/verify.html", {"result": result, "nav": "audit"})
