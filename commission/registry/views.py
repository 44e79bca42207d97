"""Registry pages: people search and the person page. Thin: read through registry.lookup and
registry.queries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commission.audit.queries import events_for
from commission.core.actors import Viewer, signed_in
from commission.core.errors import CommissionError, NotAllowed
from commission.core.http import HtmxHttpRequest
from commission.core.paging import CappedPaginator
from commission.core.roles import can
from commission.core.web import denied
from commission.registry import merging, services
from commission.registry.enums import ContactKind
from commission.registry.forms import MailContactForm
from commission.registry.lookup import find_people
from commission.registry.models import Mention, Person, PersonMerge
from commission.registry.names import name_for_language
from commission.registry.pages import sections_for
from commission.registry.queries import person_detail, personal_data_reads
from commission.registry.services import record_contacts_shown

VIEW = "registry.view_person"
NOT_ALLOWED = "Your role does not allow you to look at the member registry."


@login_required
def people(request: HtmxHttpRequest) -> HttpResponse:
    if not can(request.user, VIEW):
        return denied(request, NOT_ALLOWED)
    q = request.GET.get("q", "").strip()[:200]
    context: dict[str, object] = {"q": q, "nav": "people"}
    if q:
        context["matches"] = find_people(q, limit=50)
    else:
        listing = Person.objects.filter(merged_into__isnull=True).order_by(
            "surname_key", "given_key", "id"
        )
        context["page"] = CappedPaginator(listing, 50).get_page(request.GET.get("page"))
    template = "registry/_people_results.html" if request.htmx else "registry/people.html"
    return render(request, template, context)


def _may_edit_mail(user: Viewer) -> bool:
    return can(user, services.CHANGE) and can(user, "registry.view_personal_data")


@login_required
def person(
    request: HttpRequest,
    ref: str,
    mail_form: MailContactForm | None = None,
    mail_error: str = "",
) -> HttpResponse:
    if not can(request.user, VIEW):
        return denied(request, NOT_ALLOWED)
    found = Person.objects.filter(ref=ref).values_list("pk", flat=True).first()
    if found is None:
        raise Http404(_("There is no person '%(ref)s' in the registry.") % {"ref": ref})
    detail = person_detail(person_id=found, viewer=request.user)
    record_contacts_shown(
        actor=signed_in(request.user),
        person=detail.person,
        contacts=detail.contacts,
        where="on the person page",
    )
    # The apps above the registry add where else the person appears (their cases).
    sections = sections_for(request.user, found)
    mentions = (
        Mention.objects.filter(person_id=found)
        .select_related("document")
        .order_by("document__written_on", "document_id", "role")
        if can(request.user, "documents.view_document")
        else Mention.objects.none()
    )
    history = (
        list(events_for("registry.person", str(found))[:20])
        if can(request.user, "audit.view_auditevent")
        else None
    )
    return render(
        request,
        "registry/person.html",
        {
            "d": detail,
            "p": detail.person,
            "audit_history": history,
            "sections": sections,
            "mentions": list(mentions),
            "nav": "people",
            "mail_form": (
                mail_form
                or MailContactForm(
                    initial={"language": detail.person.language, "version": detail.person.version}
                )
            )
            if _may_edit_mail(request.user)
            else None,
            "mail_error": mail_error,
            "may_erase": can(request.user, services.ERASE),
            "may_merge": can(request.user, merging.CHANGE),
            "merged_into": detail.person.merged_into,
            "merge_record": PersonMerge.objects.filter(
                merged_id=found, undone_at__isnull=True
            ).first(),
        },
        status=400 if mail_error or (mail_form is not None and mail_form.errors) else 200,
    )


@login_required
@require_POST
def person_mail(request: HttpRequest, ref: str) -> HttpResponse:
    """Add an e-mail address and set the language the commission writes to the person in."""
    person_row = Person.objects.filter(ref=ref).first()
    if person_row is None:
        raise Http404(_("There is no person %(ref)r in the registry.") % {"ref": ref})
    form = MailContactForm(request.POST)
    if not form.is_valid():
        return person(request, ref, mail_form=form)
    actor = signed_in(request.user)
    email, language = form.cleaned_data["email"], form.cleaned_data["language"] or ""
    try:
        if language != person_row.language:
            services.update_person(
                actor=actor, person=person_row, expected_version=form.cleaned_data["version"],
                changes={"language": language},
            )  # fmt: skip
        if email:
            services.add_contact(
                actor=actor, person=person_row, kind=ContactKind.EMAIL, value=email
            )
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    except CommissionError as failure:
        return person(request, ref, mail_form=form, mail_error=failure.message)
    messages.success(request, _("Saved how the commission writes to %(name)s.")
                     % {"name": name_for_language(person_row)})  # fmt: skip
    return redirect(reverse("registry:person", args=[ref]) + "#h-contacts")


@login_required
@require_POST
def person_erase(request: HttpRequest, ref: str) -> HttpResponse:
    """Erase the person's personal data on a lawful request (services.erase_personal_data)."""
    person_row = Person.objects.filter(ref=ref).first()
    if person_row is None:
        raise Http404(_("There is no person '%(ref)s' in the registry.") % {"ref": ref})
    try:
        done = services.erase_personal_data(
            actor=signed_in(request.user), person=person_row, reason=request.POST.get("request", "")
        )
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    except CommissionError as failure:
        messages.error(request, failure.message)
        return redirect(reverse("registry:person", args=[ref]) + "#h-erase")
    messages.success(
        request,
        _(
            "Erased the personal data of %(name)s: %(contacts)s contact detail(s) deleted, "
            "%(keys)s sealed record(s) of the audit trail can no longer be read."
        )
        % {"name": person_row.display_name, "contacts": done.contacts, "keys": done.keys},
    )
    return redirect(reverse("registry:person", args=[ref]) + "#h-contacts")


@login_required
@require_POST
def person_merge(request: HttpRequest, ref: str) -> HttpResponse:
    """Merge the record named in the form into this one (merging.merge_people)."""
    keep = Person.objects.filter(ref=ref).first()
    if keep is None:
        raise Http404(_("There is no person '%(ref)s' in the registry.") % {"ref": ref})
    other_ref = request.POST.get("duplicate", "").strip()
    duplicate = Person.objects.filter(ref=other_ref).first()
    if duplicate is None:
        messages.error(
            request, _("There is no person '%(ref)s' in the registry.") % {"ref": other_ref}
        )
        return redirect(reverse("registry:person", args=[ref]) + "#h-merge")
    try:
        done = merging.merge_people(
            actor=signed_in(request.user),
            keep=keep,
            merge=duplicate,
            reason=request.POST.get("reason", ""),
        )
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    except CommissionError as failure:
        messages.error(request, failure.message)
        return redirect(reverse("registry:person", args=[ref]) + "#h-merge")
    messages.success(
        request,
        _(
            "Merged %(duplicate)s into this record: %(moved)s record(s) moved, %(removed)s "
            "duplicate(s) removed. The merged record's page can undo it."
        )
        % {
            "duplicate": duplicate.display_name,
            "moved": len(done.moved),
            "removed": len(done.removed),
        },
    )
    return redirect(reverse("registry:person", args=[ref]))


@login_required
@require_POST
def person_unmerge(request: HttpRequest, ref: str) -> HttpResponse:
    """Undo the merge of this record into another."""
    record = (
        PersonMerge.objects.filter(merged__ref=ref, undone_at__isnull=True)
        .select_related("merged")
        .first()
    )
    if record is None:
        raise Http404(_("%(ref)s was not merged into another record, so there is nothing to undo.")
                      % {"ref": ref})  # fmt: skip
    try:
        merging.undo_merge(actor=signed_in(request.user), merge=record)
    except NotAllowed as refusal:
        return denied(request, refusal.message)
    except CommissionError as failure:
        messages.error(request, failure.message)
        return redirect(reverse("registry:person", args=[ref]))
    messages.success(
        request,
        _("The merge is undone: %(name)s is a record of its own again.")
        % {"name": record.merged.display_name},
    )
    return redirect(reverse("registry:person", args=[ref]))


@login_required
def likely_duplicates(request: HttpRequest) -> HttpResponse:
    """Pairs of records that look like one person, for a clerk to merge or leave."""
    if not can(request.user, merging.CHANGE):
        return denied(request, NOT_ALLOWED)
    return render(
        request,
        "registry/duplicates.html",
        {"pairs": merging.likely_duplicates(), "nav": "people"},
    )


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own record: what the registry holds about her, her personal data,
    and everyone who has been shown it."""
    own = getattr(request.user, "person", None)
    if own is None:
        return render(request, "registry/no_record.html", {"nav": "me"}, status=404)
    detail = person_detail(person_id=own.pk, viewer=request.user, person=own, own=True)
    return render(
        request,
        "registry/my_record.html",
        {
            "d": detail,
            "p": detail.person,
            "audit_history": None,
            "sections": sections_for(request.user, own.pk),
            "mentions": [],
            "reads": personal_data_reads(own.pk),
            "own_record": True,
            "nav": "me",
        },
    )
