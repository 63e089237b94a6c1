"""People demo data: a few hundred supporters, consistent points, working segments, same seed same data."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from home.demo import DemoRun
from members.people import demo
from members.people.models import Activity, ConsentRecord, Segment, Supporter
from members.people.segments import supporters_in_segment

pytestmark = pytest.mark.django_db


def run(seed=2026):
    demo.generate(DemoRun(seed=seed, today=timezone.localdate()))


def test_it_makes_supporters_across_areas_with_history():
    run()
    assert Supporter.objects.count() == demo.SUPPORTERS
    assert Supporter.objects.values("area").distinct().count() == len(demo.DISTRICTS)
    oldest = Activity.objects.order_by("at").first().at
    assert oldest > timezone.now() - datetime.timedelta(days=demo.DAYS_OF_HISTORY + 2)
    assert Activity.objects.values("kind").distinct().count() >= 10
    assert ConsentRecord.objects.filter(granted=False).exists()


def test_points_totals_match_the_activity_and_every_segment_has_members():
    run()
    for supporter in Supporter.objects.all()[:50]:
        recorded = supporter.activities.aggregate(total=Sum("points"))["total"]
        assert supporter.points_total == recorded
        assert supporter.last_active_at == supporter.activities.order_by("-at").first().at
    for segment in Segment.objects.all():
        assert supporters_in_segment(segment).exists(), segment.name


def test_the_same_seed_gives_the_same_people():
    run(seed=7)
    fields = ("email", "postcode", "points_total", "recruiter_code")
    first = list(Supporter.objects.order_by("pk").values_list(*fields))
    Supporter.objects.all().delete()
    Segment.objects.all().delete()
    run(seed=7)
    assert (
        list(Supporter.objects.order_by("pk").values_list("email", "postcode", "points_total", "recruiter_code"))
        == first
    )


def test_nothing_is_added_where_supporters_exist_already():
    Supporter.objects.create(email="real@example.org")
    run()
    assert Supporter.objects.count() == 1
    assert not Segment.objects.exists()
