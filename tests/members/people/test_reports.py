"""Reports: numbers that match the data, a handful of queries, accessible SVG charts with data tables."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.people.admin import charts, reports
from members.people.models import ActivityKind, Supporter
from members.people.services import erase_supporter, record_activity

pytestmark = pytest.mark.django_db

URL = "/admin/people-reports/"


def at(weeks_ago, hour=12):
    """Noon on the Wednesday `weeks_ago` weeks before this week's."""
    monday = reports.week_starts(1)[0] - datetime.timedelta(weeks=weeks_ago)
    return timezone.make_aware(datetime.datetime.combine(monday + datetime.timedelta(days=2), datetime.time(hour)))


@pytest.fixture
def activity():
    ada = Supporter.objects.create(first_name="Ada", last_name="Lovelace", email="ada@example.org", postcode="NW1 2DB")
    ben = Supporter.objects.create(first_name="Ben", last_name="Okri", email="ben@example.org", postcode="E8 1AA")
    gone = Supporter.objects.create(first_name="Gone", email="gone@example.org", postcode="E8 1AA")
    for _ in range(3):
        record_activity(ada, ActivityKind.DELIVERED_LEAFLETS, at=at(0))
    record_activity(ada, ActivityKind.ATTENDED, at=at(1))
    record_activity(ben, ActivityKind.ATTENDED, at=at(1), area="Camden")
    record_activity(ben, ActivityKind.DONATED, at=at(2))
    record_activity(ben, ActivityKind.DONATED, at=at(20))  # outside 12 weeks and 90 days
    for _ in range(5):
        record_activity(gone, ActivityKind.COMMENTED, at=at(0))
    erase_supporter(gone)
    return {"ada": ada, "ben": ben}


def test_actions_per_week_by_kind(activity):
    result = reports.actions_per_week_by_kind()
    this_week, last_week, two_weeks_ago = result.weeks[-1], result.weeks[-2], result.weeks[-3]
    assert len(result.weeks) == 12
    assert result.counts[(this_week, "delivered_leaflets")] == 3
    assert result.counts[(this_week, "commented")] == 5  # erased people's activity still counts
    assert result.counts[(last_week, "attended")] == 2
    assert result.counts[(two_weeks_ago, "donated")] == 1
    assert result.total(this_week) == 8
    assert sum(result.total(week) for week in result.weeks) == 11
    assert result.kinds[0] == ("commented", "Commented")  # most frequent first


def test_area_by_kind(activity):
    result = reports.area_by_kind(since=timezone.now() - datetime.timedelta(days=90))
    assert result.counts == {
        ("Camden", "delivered_leaflets"): 3,
        ("Camden", "attended"): 2,
        ("Hackney", "donated"): 1,
        ("Hackney", "commented"): 5,
    }
    assert result.area_total("Camden") == 5


def test_most_active_supporters_leave_out_the_erased(activity):
    top = reports.most_active_supporters(since=timezone.now() - datetime.timedelta(days=90))
    assert [(supporter.first_name, actions, points) for supporter, actions, points in top] == [
        ("Ada", 4, 40),
        ("Ben", 2, 20),
    ]


def test_new_supporters_per_week(activity):
    Supporter.objects.filter(first_name="Ben").update(created=at(3))
    result = reports.new_supporters_per_week()
    assert result.counts[-1] == 2
    assert result.counts[-4] == 1
    assert sum(result.counts) == 3


def test_the_reports_page_shows_the_numbers_in_tables_beside_titled_charts(organiser_client, activity):
    html = organiser_client.get(URL).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert '<title id="actions-chart-title">Actions per week by kind</title>' in html
    assert 'aria-labelledby="actions-chart-title actions-chart-desc"' in html
    assert "<caption>Actions by area and kind, last 90 days</caption>" in html
    camden_row = re.search(r'<th scope="row">Camden</th>(.*?)</tr>', html, re.S).group(1)
    # Columns in ActivityKind order: attended, commented, donated, delivered leaflets, then the total.
    assert re.findall(r"<td>(?:<strong>)?(\d+)", camden_row) == ["2", "0", "0", "3", "5"]
    assert "Ada Lovelace" in html
    assert "Gone" not in html
    assert "https://" not in re.sub(r'https?://(www\.)?w3\.org[^"]*', "", html.split("<main")[1].split("</main>")[0])


def test_the_period_changes_the_tables_and_bad_periods_fall_back(organiser_client, activity):
    html = organiser_client.get(URL, {"days": "365"}).content.decode()
    assert "last 365 days" in html
    for bad in ("7", "abc", "-1", "9" * 30):
        response = organiser_client.get(URL, {"days": bad})
        assert response.status_code == 200
        assert "last 90 days" in response.content.decode()


def test_the_reports_take_a_handful_of_queries_however_much_activity(organiser_client, activity):
    def count():
        with CaptureQueriesContext(connection) as queries:
            organiser_client.get(URL)
        return len(queries)

    before = count()
    for number in range(30):
        person = Supporter.objects.create(email=f"p{number}@example.org", postcode="SE1 1AA")
        record_activity(person, ActivityKind.KNOCKED_DOORS, at=at(number % 12))
    assert count() == before


def test_chart_geometry_scales_to_a_round_maximum():
    assert [charts.nice_ceiling(n) for n in (0, 1, 3, 7, 11, 48, 101, 999)] == [1, 1, 5, 10, 20, 50, 200, 1000]
    chart = charts.stacked_bars("t", "d", ["a", "b"], [("x", [5, 0]), ("y", [5, 2])])
    assert [bar["height"] for bar in chart.bars] == [104.0, 104.0, 41.6]  # 208px of plot for 10
    assert chart.ticks[-1][1] == "10"


def test_labels_in_charts_are_escaped(organiser_client):
    person = Supporter.objects.create(first_name="<script>alert(1)</script>", email="x@example.org")
    record_activity(person, ActivityKind.ATTENDED, area="<b>Nowhere</b>")
    html = organiser_client.get(URL).content.decode()
    assert "<script>alert(1)" not in html
    assert "<b>Nowhere</b>" not in html
    assert "&lt;b&gt;Nowhere&lt;/b&gt;" in html
