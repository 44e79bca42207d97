"""Reads that may be a moment behind go to PostgreSQL replicas; everything else to the primary.

DATABASE_REPLICA_URLS names the replicas (settings: one alias each, `replica1`, `replica2` …);
without any, every statement goes to `default` as before. A replica is used only where it is
safe to be a second or so behind, and only when the code asks for it:

- `ReplicaReadsMiddleware` allows replica reads for a GET or HEAD page or API answer (search,
  witness discovery, lists, statistics, dashboards) of a client that has not written in the last
  DATABASE_PRIMARY_AFTER_WRITE_SECONDS. A request that writes (POST, PUT, PATCH, DELETE, or any
  statement that changes a row) pins that client to the primary for those seconds with a cookie,
  so a clerk who has just accepted a proposal sees it on the next page (read your own writes).
- Inside a transaction on the primary every read stays there, so a service reads what it wrote.
- Workers, commands and tests never ask, so they read from the primary.

A replica that does not answer, or whose replay is more than DATABASE_REPLICA_MAX_LAG_SECONDS
behind, is left out for DATABASE_REPLICA_CHECK_SECONDS (one cheap query per process per period);
when none is fit, reads go to the primary. A GET that fails because its replica went away is run
again on the primary by the middleware, so a lost replica costs a slower answer, not an error.

Raw SQL that reads goes through `reading_connection()`, which asks the router like the ORM does.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

PIN_COOKIE = "commission_primary_until"

# Whether this request (this thread's or task's context) may read from a replica.
_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "replica_reads", default=False
)
# Set once the request has changed a row on the primary: its later reads stay there.
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("wrote", default=False)
# The replica this request read from, so a failure can be put on it.
_used: contextvars.ContextVar[str] = contextvars.ContextVar("replica_used", default="")

_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "ALTER", "DROP", "TRUNCATE")
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


@dataclass
class _Health:
    fit: bool
    lag: float | None  # seconds behind the primary; None when it did not answer
    checked_at: float


class ReplicaHealth:
    """What each replica answered last, per process, renewed at most every check period."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, _Health] = {}
        self._turn = itertools.count()

    def forget(self) -> None:
        with self._lock:
            self._known.clear()

    def mark_down(self, alias: str) -> None:
        with self._lock:
            self._known[alias] = _Health(fit=False, lag=None, checked_at=time.monotonic())
        log.warning("Replica %s failed; reads go elsewhere for a while.", alias)

    def state(self) -> dict[str, _Health]:
        with self._lock:
            return dict(self._known)

    def fit(self, alias: str) -> bool:
        period = settings.DATABASE_REPLICA_CHECK_SECONDS
        now = time.monotonic()
        with self._lock:
            known = self._known.get(alias)
            if known is not None and now - known.checked_at < period:
                return known.fit
            # Others keep the last answer while this thread asks again.
            self._known[alias] = _Health(
                fit=known.fit if known else False,
                lag=known.lag if known else None,
                checked_at=now,
            )
        lag = measure_lag(alias)
        fit = lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS
        with self._lock:
            self._known[alias] = _Health(fit=fit, lag=lag, checked_at=time.monotonic())
        return fit

    def pick(self) -> str:
        aliases = replica_aliases()
        if not aliases:
            return DEFAULT_DB_ALIAS
        start = next(self._turn)
        for step in range(len(aliases)):
            alias = aliases[(start + step) % len(aliases)]
            if self.fit(alias):
                return alias
        return DEFAULT_DB_ALIAS


health = ReplicaHealth()

# Seconds the replica's replay is behind: nothing when it has replayed all it received (an idle
# primary sends nothing, and the last replay's time would wrongly look old), else the age of
# the last transaction replayed.
_LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


def measure_lag(alias: str) -> float | None:
    """The replica's lag in seconds, or None when it cannot be asked."""
    wrapper = connections[alias]
    try:
        with wrapper.cursor() as cursor:
            # A test mirror of a SQLite database has nothing to replay, but must answer.
            cursor.execute(_LAG_SQL if wrapper.vendor == "postgresql" else "SELECT 0")
            row = cursor.fetchone()
    except Exception:  # any failure to answer means "not fit"
        with contextlib.suppress(Exception):
            wrapper.close()
        return None
    return float(row[0]) if row else None


def read_alias() -> str:
    """The database alias a read should use now."""
    if not _replica_reads.get() or _wrote.get() or not replica_aliases():
        return DEFAULT_DB_ALIAS
    # Inside a transaction on the primary a read must see what it wrote. The test case's own
    # outer transaction (as Django marks it) is not one of ours.
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    if any(not getattr(block, "_from_testcase", False) for block in blocks):
        return DEFAULT_DB_ALIAS
    alias = health.pick()
    if alias != DEFAULT_DB_ALIAS:
        _used.set(alias)
    return alias


class ReplicaRouter:
    """Writes and migrations on the primary; reads where `read_alias()` says."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Every alias holds the same rows (streaming replicas of one primary).
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def reading_connection(model: Any = None) -> BaseDatabaseWrapper:
    """The connection a raw SQL read should use, chosen by the router as for the ORM."""
    return connections[router.db_for_read(model)]


@contextlib.contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Reads in this block may (or may not) go to a replica."""
    token = _replica_reads.set(allowed)
    wrote = _wrote.set(False)
    used = _used.set("")
    try:
        yield
    finally:
        _used.reset(used)
        _wrote.reset(wrote)
        _replica_reads.reset(token)


def _watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
) -> Any:
    if sql.lstrip()[:8].upper().startswith(_WRITE_VERBS):
        _wrote.set(True)
    return execute(sql, params, many, context)


class ReplicaReadsMiddleware:
    """Allows replica reads for the safe requests of a client that has not just written, and
    pins a client that writes to the primary for DATABASE_PRIMARY_AFTER_WRITE_SECONDS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        allowed = request.method in _SAFE_METHODS and not self._pinned(request)
        with (
            replica_reads(allowed),
            connections[DEFAULT_DB_ALIAS].execute_wrapper(_watch_writes),
        ):
            response = self.get_response(request)
            wrote = _wrote.get() or request.method not in _SAFE_METHODS
            used = _used.get()
        if used and response.status_code >= 500 and measure_lag(used) is None:
            # The replica went away under this request (a safe one, so asking again changes
            # nothing): leave it out and answer from the primary.
            health.mark_down(used)
            with replica_reads(False), connections[DEFAULT_DB_ALIAS].execute_wrapper(_watch_writes):
                response = self.get_response(request)
                wrote = wrote or _wrote.get()
        if wrote:
            seconds = settings.DATABASE_PRIMARY_AFTER_WRITE_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time() + seconds)),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    @staticmethod
    def _pinned(request: HttpRequest) -> bool:
        try:
            until = int(request.COOKIES.get(PIN_COOKIE, "0"))
        except ValueError:
            return False
        return until > time.time()
