"""The segment filter language: each key, keys combined, one query, and bad input refused with clear messages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.people.models import ActivityKind, Channel, ConsentSource, Segment, Supporter
from members.people.segments import SegmentError, describe_filters, supporters_in_segment, validate_filters
from members.people.services import erase_supporter, grant_consent, record_activity, withdraw_consent

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def person(first, postcode, **fields):
    return Supporter.objects.create(
        first_name=first, last_name="Test", email=f"{first.lower()}@example.org", postcode=postcode, **fields
    )


@pytest.fixture
def people():
    ada = person("Ada", "NW1 2DB", preferred_actions=["leafleting", "phone_banking"])  # Camden
    ben = person("Ben", "NW5 1AA", preferred_actions=["hosting"])  # Camden
    cat = person("Cat", "E8 1AA")  # Hackney
    gone = person("Gone", "NW1 3AA", preferred_actions=["leafleting"])
    ada.tags.add("captain")
    ben.tags.add("Driver")
    grant_consent(ada, Channel.SMS, source=ConsentSource.FORM, wording="Text me", at=days_ago(50))
    grant_consent(ada, Channel.EMAIL, source=ConsentSource.FORM, wording="Email me", at=days_ago(50))
    grant_consent(ben, Channel.SMS, source=ConsentSource.FORM, wording="Text me", at=days_ago(50))
    withdraw_consent(ben, Channel.SMS, source=ConsentSource.TEXT_KEYWORD, at=days_ago(10))
    grant_consent(cat, Channel.EMAIL, source=ConsentSource.FORM, wording="Email me", at=days_ago(5))
    for days in (5, 20, 40):
        record_activity(ada, ActivityKind.ATTENDED, at=days_ago(days))
    record_activity(ada, ActivityKind.DELIVERED_LEAFLETS, at=days_ago(200), area="Hackney")
    record_activity(ben, ActivityKind.ATTENDED, at=days_ago(120))
    record_activity(cat, ActivityKind.DONATED, at=days_ago(3), area="Hackney")
    grant_consent(gone, Channel.SMS, source=ConsentSource.FORM, wording="Text me")
    record_activity(gone, ActivityKind.ATTENDED, at=days_ago(2))
    erase_supporter(gone)
    return {"ada": ada, "ben": ben, "cat": cat, "gone": gone}


def names(filters):
    return sorted(supporters_in_segment(filters, now=NOW).values_list("first_name", flat=True))


def test_an_empty_filter_is_everyone_not_erased(people):
    assert names({}) == ["Ada", "Ben", "Cat"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"areas": ["Camden"]}, ["Ada", "Ben"]),
        ({"areas": ["Hackney", "Nowhere"]}, ["Cat"]),
        ({"tags": ["CAPTAIN"]}, ["Ada"]),
        ({"tags": ["captain", "driver"]}, ["Ada", "Ben"]),
        ({"consents": ["sms"]}, ["Ada"]),  # Ben withdrew; the latest row counts
        ({"consents": ["email"]}, ["Ada", "Cat"]),
        ({"consents": ["sms", "email"]}, ["Ada"]),
        ({"consents": ["phone"]}, []),
        ({"preferred_actions": ["leafleting"]}, ["Ada"]),
        ({"preferred_actions": ["hosting", "phone_banking"]}, ["Ada", "Ben"]),
        ({"activity": {"kinds": ["attended"]}}, ["Ada", "Ben"]),
        ({"activity": {"kinds": ["attended"], "within_days": 90}}, ["Ada"]),
        ({"activity": {"kinds": ["attended"], "min_count": 3}}, ["Ada"]),
        ({"activity": {"kinds": ["attended"], "min_count": 3, "within_days": 30}}, []),
        ({"activity": {"min_count": 2}}, ["Ada"]),
        ({"activity": {"areas": ["Hackney"]}}, ["Ada", "Cat"]),
        ({"activity": {"kinds": ["delivered_leaflets"], "areas": ["Camden"]}}, []),
        ({"last_active_within_days": 10}, ["Ada", "Cat"]),
        ({"points_min": 30}, ["Ada"]),
        ({"points_max": 10}, ["Ben", "Cat"]),
        ({"points_min": 10, "points_max": 10}, ["Ben", "Cat"]),
    ],
)
def test_each_key_narrows_the_segment(people, filters, expected):
    assert names(filters) == expected


def test_dates_in_the_filter(people):
    today = timezone.localdate(NOW)
    assert names({"last_active_after": (today - datetime.timedelta(days=6)).isoformat()}) == ["Ada", "Cat"]
    assert names({"last_active_after": (today - datetime.timedelta(days=4)).isoformat()}) == ["Cat"]
    assert names({"last_active_before": (today - datetime.timedelta(days=30)).isoformat()}) == ["Ben"]
    since = (today - datetime.timedelta(days=45)).isoformat()
    until = (today - datetime.timedelta(days=15)).isoformat()
    assert names({"activity": {"since": since, "until": until, "min_count": 2}}) == ["Ada"]


def test_the_brief_example_combines_keys(people):
    """Attended in Camden in the last 90 days and consents to texts."""
    filters = {"activity": {"kinds": ["attended"], "areas": ["Camden"], "within_days": 90}, "consents": ["sms"]}
    segment = Segment.objects.create(name="Camden regulars who take texts", filters=filters)
    assert list(supporters_in_segment(segment, now=NOW)) == [people["ada"]]
    assert describe_filters(segment.filters) == [
        "Consents to text message",
        "At least 1 × attended in Camden in the last 90 days",
    ]


def test_the_whole_segment_is_one_query_however_many_keys(people):
    filters = {
        "areas": ["Camden"],
        "tags": ["captain"],
        "consents": ["sms", "email"],
        "preferred_actions": ["leafleting"],
        "activity": {"kinds": ["attended"], "min_count": 2, "within_days": 90},
        "last_active_within_days": 30,
        "points_min": 1,
    }
    with CaptureQueriesContext(connection) as queries:
        members = list(supporters_in_segment(filters, now=NOW))
    assert members == [people["ada"]]
    assert len(queries) == 1


def test_json_text_is_accepted(people):
    assert names('{"areas": ["Hackney"]}') == ["Cat"]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ("{not json", "The filter is not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ({"area": ["Camden"]}, "Unknown filter keys: area."),
        ({"areas": "Camden"}, "Areas must be a list of words."),
        ({"areas": [1, 2]}, "Areas must be a list of words."),
        ({"areas": ["x" * 101]}, "at most 100 characters"),
        ({"consents": ["fax"]}, "“fax” is not one of the consent channels (email, sms, phone)."),
        ({"preferred_actions": ["juggling"]}, "“juggling” is not one of the preferred actions"),
        ({"activity": ["attended"]}, "Activity must be an object"),
        ({"activity": {"kind": ["attended"]}}, "Unknown activity keys: kind."),
        ({"activity": {"kinds": ["partying"]}}, "“partying” is not one of the activity kinds"),
        ({"activity": {"min_count": 0}}, "The minimum number of activities must be between 1 and 100000."),
        ({"activity": {"min_count": "3"}}, "The minimum number of activities must be a whole number."),
        ({"activity": {"since": "2026-02-30"}}, "Activity since must be a date written as YYYY-MM-DD"),
        ({"activity": {"since": "2026-03-01", "until": "2026-02-01"}}, "The activity period starts after it ends."),
        ({"last_active_within_days": True}, "Last active within days must be a whole number."),
        ({"last_active_within_days": 10**9}, "between 1 and 36500"),
        ({"points_min": 1.5}, "Minimum points must be a whole number."),
        ({"points_min": 10, "points_max": 5}, "Minimum points is more than maximum points."),
        ({"last_active_after": 20260101}, "Last active after must be a date"),
    ],
)
def test_bad_filters_are_refused_with_a_message(filters, message):
    with pytest.raises(SegmentError) as refused:
        validate_filters(filters)
    assert message in " ".join(refused.value.messages)


def test_every_problem_is_reported_at_once():
    with pytest.raises(SegmentError) as refused:
        validate_filters({"colour": "red", "areas": "Camden", "points_min": "many"})
    assert len(refused.value.messages) == 3


def test_empty_values_are_dropped_and_lists_deduplicated():
    assert validate_filters({"areas": [" Camden ", "Camden", ""], "tags": [], "activity": {}, "points_min": None}) == {
        "areas": ["Camden"]
    }


def test_a_segment_with_a_broken_stored_filter_raises_rather_than_matching_everyone(people):
    segment = Segment.objects.create(name="Broken", filters={"areas": "Camden"})
    with pytest.raises(SegmentError):
        supporters_in_segment(segment)
