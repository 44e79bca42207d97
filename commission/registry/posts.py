"""Clerks posted to commissions: posting, ending a post, and the commissions an account is
posted to today.

An account with a current post sees what its commissions need to know (the rule itself is in
`cases.queries.need_to_know`); one without keeps the organisation-wide view. Only those allowed
to post clerks (the administrators: no role holds `registry.post_clerk`) change posts, from the
admin pages or `commission clerk-post`, and every change is in the audit chain."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from commission.audit.services import record_event
from commission.core import clock
from commission.core.actors import Actor, Viewer
from commission.core.audit_actions import AuditAction
from commission.core.errors import Conflict, InvalidInput, NotFound
from commission.core.roles import require
from commission.registry.models import ClerkPost, Commission

POST = "registry.post_clerk"
# Where a request's account keeps its posts once read: each page asks the question several
# times (its list, its counts, its menu), and the answer does not change within a request.
_CACHE = "_commission_clerk_posts"


def current_posts(*, on: dt.date) -> Q:
    """The posts held on day `on`, as a condition on ClerkPost."""
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def posted_commissions(user: Viewer) -> frozenset[int] | None:
    """The ids of the commissions `user` is posted to today, or None for an account with no
    current post (the organisation-wide view) and for a visitor who is not signed in."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated or user.pk is None:
        return None
    if hasattr(user, _CACHE):
        return cast("frozenset[int] | None", getattr(user, _CACHE))
    ids = frozenset(
        ClerkPost.objects.filter(current_posts(on=clock.today()), user_id=user.pk).values_list(
            "commission_id", flat=True
        )
    )
    found = ids or None
    setattr(user, _CACHE, found)
    return found


def forget_posts(user: Viewer) -> None:
    """Drop what `posted_commissions` remembered on this account object."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def posts_of(user: Actor) -> QuerySet[ClerkPost]:
    """Every post of the account, current or ended, newest first."""
    posts = ClerkPost.objects.filter(user=user).select_related("commission")
    return posts.order_by("-started_on", "-id")


def post_clerk(
    *, actor: Actor, user: Actor, commission: Commission, started_on: dt.date | None = None
) -> ClerkPost:
    """Post `user` as clerk to `commission` from `started_on` (today when not given). From that
    day the account sees only what its commissions need to know.

    Side effect: audit event `clerk.post`. Errors: NotAllowed for an actor who may not post
    clerks; Conflict when the account already holds an open post there; InvalidInput for an
    inactive account."""
    require(actor, POST, "post clerks to commissions")
    if not user.is_active:
        raise InvalidInput(
            _("The account %(user)s is switched off; switch it on before posting it.")
            % {"user": user.get_username()},
            field="user",
        )
    start = started_on or clock.today()
    try:
        with transaction.atomic():
            post = ClerkPost.objects.create(user=user, commission=commission, started_on=start)
            record_event(
                actor=actor, action=AuditAction.CLERK_POST, target=post,
                summary=f"Posted {user.get_username()} as clerk to {commission.name} "
                f"from {start.isoformat()}.",
                after={"user": user.get_username(), "commission": commission.ref,
                       "started_on": start.isoformat()},
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(
            _("%(user)s is already posted to %(commission)s.")
            % {"user": user.get_username(), "commission": commission.name}
        ) from None
    forget_posts(user)
    return post


def end_clerk_post(
    *, actor: Actor, user: Actor, commission: Commission, ended_on: dt.date | None = None
) -> ClerkPost:
    """End `user`'s open post at `commission` on `ended_on` (today when not given; the post
    still counts that day). With no current post left the account has the organisation-wide
    view again.

    Side effect: audit event `clerk.post_end`. Errors: NotAllowed; NotFound when there is no
    open post; InvalidInput for an end before the post started."""
    require(actor, POST, "post clerks to commissions")
    end = ended_on or clock.today()
    with transaction.atomic():
        post = (
            ClerkPost.objects.select_for_update()
            .filter(user=user, commission=commission, ended_on__isnull=True)
            .first()
        )
        if post is None:
            raise NotFound(
                _("%(user)s holds no open post at %(commission)s.")
                % {"user": user.get_username(), "commission": commission.name}
            )
        if end < post.started_on:
            raise InvalidInput(
                _("The post of %(user)s at %(commission)s started on %(start)s; it cannot end "
                  "before that.")
                % {"user": user.get_username(), "commission": commission.name,
                   "start": post.started_on.isoformat()},
                field="ended_on",
            )  # fmt: skip
        post.ended_on = end
        post.save(update_fields=["ended_on"])
        record_event(
            actor=actor, action=AuditAction.CLERK_POST_END, target=post,
            summary=f"Ended the post of {user.get_username()} as clerk to {commission.name} "
            f"on {end.isoformat()}.",
            before={"ended_on": None},
            after={"user": user.get_username(), "commission": commission.ref,
                   "ended_on": end.isoformat()},
        )  # fmt: skip
    forget_posts(user)
    return post
