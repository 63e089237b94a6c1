"""Duplicate sign-ups racing each other end with one Supporter (PostgreSQL: SQLite serialises writers)."""

import threading

import pytest
from django.db import connection, connections

from members.people.models import Supporter
from members.people.services import find_or_create_supporter

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real concurrent writers; runs on PostgreSQL in CI (.ci/run sets DATABASE_URL)",
    ),
]

RACERS = 8


@pytest.fixture
def _site():
    """No pages are rendered here, and transactional tests start from an empty database."""


def race(make_call):
    barrier = threading.Barrier(RACERS)
    results, errors = [], []

    def run(number):
        try:
            barrier.wait()
            results.append(make_call(number))
        except Exception as error:  # noqa: BLE001 - collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_racing_creations_by_email_give_one_supporter():
    results, errors = race(
        lambda number: find_or_create_supporter(email="RACE@example.ORG" if number % 2 else "race@example.org")
    )

    assert errors == []
    assert Supporter.objects.count() == 1
    assert sum(created for _supporter, created in results) == 1
    assert {supporter.pk for supporter, _created in results} == {Supporter.objects.get().pk}


def test_racing_creations_by_phone_give_one_supporter():
    results, errors = race(lambda number: find_or_create_supporter(phone="07911 123456"))

    assert errors == []
    assert Supporter.objects.count() == 1
    assert sum(created for _supporter, created in results) == 1
