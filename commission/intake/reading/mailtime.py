"""An e-mail's header values: who, without the address in angle brackets, and when it was sent,
as its header or a mail program quoting it writes it: "Sun, 3 Mar 2024 10:14:05 +0300" (read
with the standard library's mail-header reader), "Monday, November 13, 2023 9:07 PM", "Mon, 13
Mar 2023 18:05". The time is the sender's clock, as written."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from commission.intake.reading.model import Letter

# An address in angle brackets after a name: "Ingrid Solberg <ingrid.solberg@example.org>".
MAILBOX = re.compile(r"\s*<[^<>@\s]+@[^<>\s]+>")


def without_address(value: str) -> str:
    """ "Marcus Feld <mfeld@example.net>" → "Marcus Feld"; a display name in quotes
    ("\"Суханов Игорь Валентинович\" <…>") without them."""
    name = MAILBOX.sub("", value).strip()
    quoted = re.fullmatch(r"\"([^\"]+)\"", name)
    return quoted.group(1).strip() if quoted else name


# How mail programs quoting a message write when it was sent.
_SENT_FORMATS = (
    "%A, %B %d, %Y %I:%M %p",
    "%A, %d %B %Y %H:%M",
    "%d %B %Y %H:%M",
    "%B %d, %Y %H:%M",
    "%a, %d %b %Y %H:%M",
)


def sent_at(value: str) -> dt.datetime | None:
    value = value.strip()
    if not value:
        return None
    for pattern in _SENT_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def own_message_sent(letter: Letter) -> dt.datetime | None:
    """When a later message of a thread was sent, by its own "Date:" or "Sent:" line (the page's
    header gives the first message's)."""
    for key in ("Date", "Sent"):
        if (when := sent_at(letter.provenance.own(key))) is not None:
            return when
    return None
