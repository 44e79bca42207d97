"""Which calendar the installation runs on: the real one, or a story's (commission.core.clock).

The procedure's dates (deadlines, overdue marks, form defaults, "since" dates) follow it; the
audit trail keeps the real time of every change."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.core.actors import Actor
from commission.core.audit_actions import AuditAction
from commission.core.clock import Calendar, calendar, forget_stored_calendar
from commission.core.dates import long_date
from commission.core.errors import InvalidInput
from commission.core.models import InstallationCalendar
from commission.core.roles import require

CHANGE_RULES = "cases.change_rules"


def set_calendar(*, actor: Actor, today: dt.date | None, story: str = "") -> Calendar:
    """Make `today` the installation's today (None: back to the real calendar), `story` naming
    the story it belongs to on the pages' banner.

    COMMISSION_TODAY in the environment still wins over what is stored here. Side effects: an
    audit event. Errors: NotAllowed without the permission to change the procedure's rules;
    InvalidInput for a story name too long to show."""
    require(actor, CHANGE_RULES, "change the installation's calendar")
    story = story.strip()
    if len(story) > 200:
        raise InvalidInput(_("The story's name is longer than 200 characters."), field="story")
    with transaction.atomic():
        row, _created = InstallationCalendar.objects.select_for_update().get_or_create(pk=1)
        before = {"today": row.today, "story": row.story}
        row.today, row.story = today, story if today else ""
        row.save()
        record_event(
            actor=actor,
            action=AuditAction.CALENDAR_SET,
            target=row,
            summary=(
                (
                    _("The installation now takes %(day)s as today (%(story)s).")
                    if story
                    else _("The installation now takes %(day)s as today.")
                )
                % {"day": long_date(today), "story": story}
                if today
                else _("The installation now runs on the real calendar.")
            ),
            before=before,
            after={"today": row.today, "story": row.story},
        )
        # Forgotten now for this transaction's own reads, and again once the change is
        # committed, in case a reader in between cached the old day.
        forget_stored_calendar()
        transaction.on_commit(forget_stored_calendar)
    return calendar()
