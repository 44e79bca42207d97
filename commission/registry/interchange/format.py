"""The interchange format (docs/registry-format.md): record types, their fields and files,
and how one value of a row is read and checked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext_lazy

from commission.registry.enums import (
    CommissionerRole,
    CommissionLevel,
    ContactKind,
    Gender,
    MembershipStatus,
    NameKind,
    RelationshipKind,
    UnitKind,
)

Progress = Callable[[int], None]

# Record types in the order a record may refer to those before it.
RECORD_TYPES = (
    "organisation", "unit", "person", "name", "contact", "membership", "status_change",
    "position", "commission", "commissioner", "relationship",
)  # fmt: skip

CSV_FILES = {
    "organisation": "organisations.csv", "unit": "units.csv", "person": "people.csv",
    "name": "names.csv", "contact": "contacts.csv", "membership": "memberships.csv",
    "status_change": "status_changes.csv", "position": "positions.csv",
    "commission": "commissions.csv", "commissioner": "commissioners.csv",
    "relationship": "relationships.csv",
}  # fmt: skip

COLUMNS: dict[str, tuple[str, ...]] = {
    "organisation": ("id", "name", "short_name"),
    "unit": ("id", "organisation", "name", "kind", "parent"),
    "person": (
        "id", "given_name", "patronymic", "surname", "known_as", "description", "gender",
        "born_on", "died_on", "deceased", "is_worker", "notes",
    ),
    "name": ("person", "kind", "value"),
    "contact": ("person", "kind", "value", "note"),
    "membership": (
        "person", "organisation", "unit", "joined_on", "card_number", "status", "status_since",
        "probation_until", "term_until",
    ),
    "status_change": ("person", "organisation", "from_status", "to_status", "effective_on",
                      "reason"),
    "position": ("person", "title", "body", "unit", "started_on", "ended_on"),
    "commission": ("id", "organisation", "name", "level", "parent", "unit"),
    "commissioner": ("commission", "person", "role", "started_on", "ended_on"),
    "relationship": ("source", "target", "kind", "strength", "started_on", "ended_on", "period",
                     "note"),
}  # fmt: skip

REQUIRED: dict[str, tuple[str, ...]] = {
    "organisation": ("id", "name"),
    "unit": ("id", "organisation", "name"),
    "person": ("id",),
    "name": ("person", "kind", "value"),
    "contact": ("person", "kind", "value"),
    "membership": ("person", "organisation", "status"),
    "status_change": ("person", "organisation", "to_status"),
    "position": ("person", "title"),
    "commission": ("id", "organisation", "name", "level"),
    "commissioner": ("commission", "person"),
    "relationship": ("source", "target", "kind"),
}

# Lists nested in a JSON record; in CSV they are files of their own.
NESTED = {"person": ("names", "contacts"), "membership": ("history",)}

# How many records of each type, as a summary says it ("3 people, 1 commission").
_COUNTED = {
    "organisation": ngettext_lazy("%(n)d organisation", "%(n)d organisations", "n"),
    "unit": ngettext_lazy("%(n)d unit", "%(n)d units", "n"),
    "person": ngettext_lazy("%(n)d person", "%(n)d people", "n"),
    "name": ngettext_lazy("%(n)d name", "%(n)d names", "n"),
    "contact": ngettext_lazy("%(n)d contact", "%(n)d contacts", "n"),
    "membership": ngettext_lazy("%(n)d membership", "%(n)d memberships", "n"),
    "status_change": ngettext_lazy("%(n)d status change", "%(n)d status changes", "n"),
    "position": ngettext_lazy("%(n)d position", "%(n)d positions", "n"),
    "commission": ngettext_lazy("%(n)d commission", "%(n)d commissions", "n"),
    "commissioner": ngettext_lazy("%(n)d commissioner", "%(n)d commissioners", "n"),
    "relationship": ngettext_lazy("%(n)d relationship", "%(n)d relationships", "n"),
}


def counted(counts: dict[str, int]) -> str:
    """The records of `counts` that are there, each type with its number, or "" for none."""
    return ", ".join(str(_COUNTED[t] % {"n": n}) for t, n in counts.items() if n)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Enum values read once: TextChoices.values builds a new list on every access.
_CHOICES: dict[Any, list[str]] = {
    enum: [str(v) for v in enum.values]
    for enum in (UnitKind, Gender, NameKind, ContactKind, MembershipStatus, CommissionLevel,
                 CommissionerRole, RelationshipKind)
}  # fmt: skip
_CSV_ONLY = ("name", "contact", "status_change")
_JSON_FIELDS = {
    rtype: frozenset(("type", *COLUMNS[rtype], *NESTED.get(rtype, ()))) for rtype in RECORD_TYPES
}
# A tie line exactly as the export and the generator write it (`json.dumps` with its default
# separators), read by splitting at its quotes instead of by the JSON parser: nine lines in ten
# of a registry are such ties. Any other spelling of a tie takes the parser.
PLAIN_TIE_HEAD = '{"type": "relationship", "source": "'
_PLAIN_TIE_GLUE = (", ", "target", ": ", ", ", "kind", ": ", ", ", "strength")
_PLAIN_TIE_TAILS = {f": {n}}}{end}": n for n in range(1, 6) for end in ("\n", "\r\n", "")}


def plain_tie(text: str) -> tuple[str, str, str, int] | None:
    """(source, target, kind, strength) of a line that starts with PLAIN_TIE_HEAD and holds
    exactly those four values with no escapes; None for any other line."""
    parts = text.split('"')
    if len(parts) != 19 or "\\" in text:
        return None
    glue = (parts[8], parts[9], parts[10], parts[12], parts[13], parts[14], parts[16], parts[17])
    strength = _PLAIN_TIE_TAILS.get(parts[18])
    if glue != _PLAIN_TIE_GLUE or strength is None or not parts[7] or not parts[11]:
        return None
    return parts[7], parts[11], parts[15], strength


_PLAIN_TIE = frozenset(("type", "source", "target", "kind", "strength"))
_RELATIONSHIP_KINDS = frozenset(_CHOICES[RelationshipKind])
_STRENGTHS: dict[Any, int] = {**{n: n for n in range(1, 6)}, **{str(n): n for n in range(1, 6)}}


# What a row refers to, in the sentences that refuse it: one sentence per kind of record, so
# that each language can decline the noun as it must.
_REF_EMPTY = {
    "person": gettext_noop("the person is required and is empty."),
    "organisation": gettext_noop("the organisation is required and is empty."),
    "unit": gettext_noop("the unit is required and is empty."),
    "commission": gettext_noop("the commission is required and is empty."),
}
_REF_UNKNOWN = {
    "person": gettext_noop(
        "there is no person %(value)s, neither earlier in this import nor in the registry."
    ),
    "organisation": gettext_noop(
        "there is no organisation %(value)s, neither earlier in this import nor in the registry."
    ),
    "unit": gettext_noop(
        "there is no unit %(value)s, neither earlier in this import nor in the registry."
    ),
    "commission": gettext_noop(
        "there is no commission %(value)s, neither earlier in this import nor in the registry."
    ),
}
_ID_USED = {
    "person": gettext_noop(
        "the person id %(ref)s is already used, earlier in this import or in the registry."
    ),
    "organisation": gettext_noop(
        "the organisation id %(ref)s is already used, earlier in this import or in the registry."
    ),
    "unit": gettext_noop(
        "the unit id %(ref)s is already used, earlier in this import or in the registry."
    ),
    "commission": gettext_noop(
        "the commission id %(ref)s is already used, earlier in this import or in the registry."
    ),
}
_ENDS_EARLY = {
    "position": gettext_noop("the position ends before it starts."),
    "seat": gettext_noop("the seat ends before it starts."),
    "relationship": gettext_noop("the relationship ends before it starts."),
}


def shown(value: Any) -> str:
    """A value of a row as the sentences that refuse it show it: as JSON writes it."""
    return json.dumps(value, ensure_ascii=False)


class _RowError(Exception):
    """A row cannot be accepted; `column` names the culprit when one is to blame."""

    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


class _FieldReader:
    """Reads one value of a row as the format writes it, within the length its column allows;
    each reader raises _RowError naming the column at fault."""

    def __init__(self, lengths: dict[str, dict[str, int]]) -> None:
        # {record type: {model field: max_length}}
        self.lengths = lengths
        # Dates already read as good: a registry repeats the same days a great deal.
        self.good_dates: set[str] = set()

    def text(self, rtype: str, data: dict[str, Any], column: str, *, required: bool = False,
             model_field: str | None = None) -> str:  # fmt: skip
        value = data.get(column)
        if value is None:
            value = ""
        elif not isinstance(value, str):
            raise _RowError(column, _("%(value)s is not text.") % {"value": shown(value)})
        else:
            value = value.strip()
        if required and not value:
            raise _RowError(column, _("this value is required and is empty."))
        limit = self.lengths[rtype].get(model_field or column)
        if limit is not None and len(value) > limit:
            raise _RowError(
                column,
                _("the text is %(length)d characters long; at most %(limit)d fit.")
                % {"length": len(value), "limit": limit},
            )
        return value

    def choice(self, data: dict[str, Any], column: str, allowed: list[str],
               default: str | None) -> str:  # fmt: skip
        value = data.get(column)
        if value is None or value == "":
            if default is None:
                raise _RowError(
                    column,
                    _("this value is required; one of %(choices)s.")
                    % {"choices": ", ".join(allowed)},
                )
            return default
        if value not in allowed:
            raise _RowError(
                column,
                _("%(value)s is not one of %(choices)s.")
                % {"value": shown(value), "choices": ", ".join(allowed)},
            )
        return str(value)

    def date(self, data: dict[str, Any], column: str) -> str | None:
        value = data.get(column)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            pass
        elif value in self.good_dates:
            return value
        elif _ISO_DATE.fullmatch(value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                self.good_dates.add(value)
                return value
        raise _RowError(
            column,
            _("%(value)s is not a date written as YYYY-MM-DD (e.g. 1921-12-20).")
            % {"value": shown(value)},
        )

    def flag(self, data: dict[str, Any], column: str) -> bool:
        value = data.get(column)
        if value is None or value == "" or value is False:
            return False
        if value is True:
            return True
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
            return value.lower() in ("true", "1", "yes")
        raise _RowError(column, _("%(value)s is not true or false.") % {"value": shown(value)})

    def ref(self, data: dict[str, Any], column: str, known: dict[str, Any], what: str,
            required: bool = True) -> Any:  # fmt: skip
        value = data.get(column)
        if value is None or value == "":
            if required:
                raise _RowError(column, _(_REF_EMPTY[what]))
            return None
        found = known.get(value) if isinstance(value, str) else None
        if found is None:
            raise _RowError(column, _(_REF_UNKNOWN[what]) % {"value": shown(value)})
        return found

    def new_ref(self, rtype: str, data: dict[str, Any], known: dict[str, Any], what: str) -> str:
        ref = self.text(rtype, data, "id", required=True, model_field="ref")
        if ref in known:
            raise _RowError("id", _(_ID_USED[what]) % {"ref": repr(ref)})
        return ref

    def span(self, data: dict[str, Any], start: str, end: str, what: str) -> tuple[Any, Any]:
        started, ended = self.date(data, start), self.date(data, end)
        if started and ended and ended < started:
            raise _RowError(end, _(_ENDS_EARLY[what]))
        return started, ended
