"""`commission clerk-post list|add|end`: which commissions a clerk's account is posted to, and
so which cases, letters and personal data it sees (registry.posts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from commission.audit.operators import command_line_actor
from commission.core import clock
from commission.core.errors import CommissionError
from commission.registry import posts
from commission.registry.models import Commission


def _day(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return clock.parse_day(text, name=name)
    except ValueError as error:
        raise CommandError(str(error)) from None


class Command(BaseCommand):
    help = (
        "Post a clerk's account to a commission, end a post, or list an account's posts. A "
        "posted clerk sees only what her commissions need to know."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        p = sub.add_parser("list", help="The posts of USERNAME, current and ended.")
        p.add_argument("username")
        p = sub.add_parser("add", help="Post USERNAME as clerk to COMMISSION (its reference).")
        p.add_argument("username")
        p.add_argument("commission")
        p.add_argument("--from", dest="start", help="First day of the post (default: today).")
        p.add_argument("--as", dest="as_user", help="Act as this user (default: system).")
        p = sub.add_parser("end", help="End the open post of USERNAME at COMMISSION.")
        p.add_argument("username")
        p.add_argument("commission")
        p.add_argument("--on", dest="end", help="Last day of the post (default: today).")
        p.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no account '%(user)s'.") % {"user": username})
        verb = options["verb"]
        if verb == "list":
            self._list(user)
            return
        ref = options["commission"]
        commission = Commission.objects.filter(ref=ref).first()
        if commission is None:
            raise CommandError(_("There is no commission '%(commission)s'.") % {"commission": ref})
        try:
            actor = command_line_actor(options.get("as_user"), command="clerk-post")
            if verb == "add":
                post = posts.post_clerk(
                    actor=actor, user=user, commission=commission,
                    started_on=_day(options.get("start"), "--from"),
                )  # fmt: skip
                self.stdout.write(
                    _("%(user)s is posted as clerk to %(commission)s from %(start)s.")
                    % {"user": username, "commission": commission.name,
                       "start": post.started_on.isoformat()}
                )  # fmt: skip
            else:
                post = posts.end_clerk_post(
                    actor=actor, user=user, commission=commission,
                    ended_on=_day(options.get("end"), "--on"),
                )  # fmt: skip
                self.stdout.write(
                    _("The post of %(user)s at %(commission)s ends on %(end)s.")
                    % {"user": username, "commission": commission.name,
                       "end": post.ended_on.isoformat() if post.ended_on else ""}
                )  # fmt: skip
        except CommissionError as error:
            raise CommandError(error.message) from None

    def _list(self, user: Any) -> None:
        rows = list(posts.posts_of(user))
        if not rows:
            self.stdout.write(
                _("%(user)s holds no post: the account sees the whole organisation's cases.")
                % {"user": user.get_username()}
            )
            return
        for post in rows:
            end = post.ended_on.isoformat() if post.ended_on else _("open")
            self.stdout.write(
                f"{post.commission.ref}  {post.commission.name}  "
                f"{post.started_on.isoformat()} – {end}"
            )
