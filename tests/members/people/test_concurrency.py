"""Duplicate requests racing each other write once (PostgreSQL: SQLite serialises writers)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from members.people.models import ActivityKind, PendingSignup, Supporter
from members.people.services import (
    CONSENT_WORDING,
    complete_signup,
    find_or_create_supporter,
    grant_consent,
    make_unsubscribe_token,
    unsubscribe,
)

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


def test_duplicate_unsubscribe_requests_write_one_withdrawal():
    # A double click, or a mail client's one-click POST arriving with the person's own.
    supporter = Supporter.objects.create(email="leaving@example.org")
    grant_consent(supporter, "email", source="form", wording="Email me")
    token = make_unsubscribe_token(supporter, "email")

    _results, errors = race(lambda number: unsubscribe(token))

    assert errors == []
    assert list(supporter.consents.values_list("granted", flat=True)) == [False, True]


def test_a_verification_link_clicked_twice_at_once_joins_one_supporter_once():
    user = get_user_model().objects.create_user(username="ada", email="ada@example.org", password="long enough 42")
    PendingSignup.objects.create(
        user=user, details={"first_name": "Ada", "consents": {"email": CONSENT_WORDING["email"]}}
    )

    results, errors = race(lambda number: complete_signup(get_user_model().objects.get(pk=user.pk), "ada@example.org"))

    assert errors == []
    supporter = Supporter.objects.get()
    assert (supporter.user_id, supporter.first_name) == (user.pk, "Ada")
    assert {result.pk for result in results} == {supporter.pk}
    assert list(supporter.consents.values_list("granted", flat=True)) == [True]
    assert list(supporter.activities.values_list("kind", flat=True)) == [ActivityKind.SIGNED_UP]


def test_two_organisers_tagging_the_same_people_at_once_tag_each_once():
    from members.people.admin.bulk_actions import AddTagBulkAction
    from members.people.models import TaggedSupporter

    supporters = [Supporter.objects.create(email=f"tagged{number}@example.org") for number in range(3)]

    _results, errors = race(lambda number: AddTagBulkAction.execute_action(supporters, "Station captain"))

    assert errors == []
    assert TaggedSupporter.objects.count() == 3
    assert sorted(TaggedSupporter.objects.values_list("tag__name", flat=True).distinct()) == ["Station captain"]
