"""Which database a read goes to when the installation has replicas.

A real streaming replica cannot run in the test suite, so a second alias, MIRROR, reads the test
database of `default` (Django's TEST MIRROR, as settings.py gives every replica): the statements
it runs are told apart from the primary's by the connection object they were captured on. So
that it sees the rows the test wrote in its (never committed) transaction, the mirror's
connection object talks through the primary's database session during a test."""

from __future__ import annotations

import time

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commission.core import dbrouting
from commission.core.dbrouting import PIN_COOKIE, read_alias, reading_connection, replica_reads
from commission.inquiries.witnesses import find_witnesses
from commission.registry.enums import RelationshipKind
from commission.registry.models import Person, Relationship
from tests.factories import PersonFactory, UserFactory

MIRROR = "replica_mirror"

# Declared before the test databases are set up (at collection), so the test run makes MIRROR a
# mirror of `default` exactly as it would a configured replica.
if MIRROR not in connections.settings:
    primary = connections.settings[DEFAULT_DB_ALIAS]
    connections.settings[MIRROR] = {
        **primary,
        # Its own test transaction must not wait for the primary's lock on SQLite.
        "OPTIONS": {**primary.get("OPTIONS", {}), "transaction_mode": None}
        if primary["ENGINE"].endswith("sqlite3")
        else primary.get("OPTIONS", {}),
        "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
    }


@pytest.fixture(scope="module", autouse=True)
def _mirror_closed():
    """The mirror's own session ends with this module, so the test database can be dropped."""
    yield
    connections[MIRROR].close()


@pytest.fixture
def replicas(settings, db):
    settings.DATABASE_REPLICAS = [MIRROR]
    settings.DATABASE_REPLICA_CHECK_SECONDS = 60
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 5
    dbrouting.health.forget()
    primary, mirror = connections[DEFAULT_DB_ALIAS], connections[MIRROR]
    primary.ensure_connection()
    mirror.ensure_connection()
    own_session = mirror.connection
    mirror.connection = primary.connection
    yield
    mirror.connection = own_session
    dbrouting.health.forget()


def test_without_replicas_every_read_is_on_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    with replica_reads():
        assert read_alias() == DEFAULT_DB_ALIAS
        assert reading_connection(Person) is connections[DEFAULT_DB_ALIAS]


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_reads_go_to_the_replica_only_where_allowed(replicas):
    assert read_alias() == DEFAULT_DB_ALIAS  # commands, workers and tests never ask
    with replica_reads():
        assert read_alias() == MIRROR
        assert Person.objects.all().db == MIRROR
        assert Person.objects.select_for_update().db == DEFAULT_DB_ALIAS
    with replica_reads(allowed=False):
        assert read_alias() == DEFAULT_DB_ALIAS


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_reads_inside_a_transaction_stay_on_the_primary(replicas):
    with replica_reads(), transaction.atomic():
        PersonFactory()
        assert read_alias() == DEFAULT_DB_ALIAS


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_after_a_write_the_same_request_reads_from_the_primary(replicas):
    with (
        replica_reads(),
        connections[DEFAULT_DB_ALIAS].execute_wrapper(dbrouting._watch_writes),
    ):
        assert read_alias() == MIRROR
        PersonFactory()
        assert read_alias() == DEFAULT_DB_ALIAS


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_a_replica_that_does_not_answer_is_left_out_and_asked_again_later(
    replicas, settings, monkeypatch
):
    answers: list[float | None] = [None, 0.0]
    asked: list[str] = []

    def measure(alias: str) -> float | None:
        asked.append(alias)
        return answers.pop(0)

    monkeypatch.setattr(dbrouting, "measure_lag", measure)
    with replica_reads():
        assert read_alias() == DEFAULT_DB_ALIAS
        assert read_alias() == DEFAULT_DB_ALIAS  # the answer is kept for the check period
        assert asked == [MIRROR]
        settings.DATABASE_REPLICA_CHECK_SECONDS = 0
        assert read_alias() == MIRROR
        assert asked == [MIRROR, MIRROR]


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_a_replica_too_far_behind_is_left_out(replicas, monkeypatch):
    monkeypatch.setattr(dbrouting, "measure_lag", lambda alias: 6.0)
    with replica_reads():
        assert read_alias() == DEFAULT_DB_ALIAS
    assert dbrouting.health.state()[MIRROR].lag == 6.0


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_the_lag_of_a_mirror_is_measured_on_its_own_connection(replicas):
    with CaptureQueriesContext(connections[MIRROR]) as on_mirror:
        lag = dbrouting.measure_lag(MIRROR)
    assert lag == 0.0
    assert len(on_mirror.captured_queries) == 1


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_raw_sql_of_witness_discovery_reads_through_the_router(replicas):
    subject = PersonFactory(surname="Kasparova-Popova")
    brother = PersonFactory(surname="Kasparov")
    Relationship.objects.create(source=subject, target=brother, kind=RelationshipKind.SIBLING)
    with (
        replica_reads(),
        CaptureQueriesContext(connections[MIRROR]) as on_mirror,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        found = find_witnesses(subject=subject)
    assert [c.person.pk for c in found] == [brother.pk]
    table = Relationship._meta.db_table
    assert any(table in q["sql"] for q in on_mirror.captured_queries)
    assert not any(table in q["sql"] for q in on_primary.captured_queries)


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_a_page_reads_from_the_replica_until_its_reader_writes(replicas, client):
    user = UserFactory(username="clerk", roles=["clerk"])
    client.force_login(user)
    client.cookies.pop(PIN_COOKIE, None)
    with CaptureQueriesContext(connections[MIRROR]) as on_mirror:
        page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert on_mirror.captured_queries
    assert PIN_COOKIE not in page.cookies

    wrote = client.post(reverse("logout"))
    assert wrote.status_code == 302
    assert int(wrote.cookies[PIN_COOKIE].value) > time.time()
    client.force_login(user)
    with CaptureQueriesContext(connections[MIRROR]) as on_mirror:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    assert on_mirror.captured_queries == []


@pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, MIRROR])
def test_a_page_whose_replica_fails_is_answered_from_the_primary(replicas, client, monkeypatch):
    user = UserFactory(username="clerk", roles=["clerk"])
    client.force_login(user)
    client.raise_request_exception = False  # the first, failed answer is not the one shown
    mirror = connections[MIRROR]
    # Fit when first asked; gone when asked again after the failure (closing the mirror's
    # connection, as a real check would, would close the primary's session it borrows here).
    answers: list[float | None] = [0.0, None]
    monkeypatch.setattr(dbrouting, "measure_lag", lambda alias: answers.pop(0))

    def refuse(execute, sql, params, many, context):
        from django.db import OperationalError

        raise OperationalError("server closed the connection unexpectedly")

    with mirror.execute_wrapper(refuse):
        page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert answers == []
    assert dbrouting.health.state()[MIRROR].fit is False
