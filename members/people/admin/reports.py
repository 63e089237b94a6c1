"""The campaign's activity reports, aggregated in the database: a handful of grouped queries however many rows."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ..models import Activity, ActivityKind, Supporter
from . import charts

WEEKS = 12
TOP_SUPPORTERS = 20
# Kinds beyond this many (the least frequent) are summed as "Other" so the chart's legend stays readable.
CHART_KINDS = 7


def week_starts(weeks=WEEKS, *, today=None):
    """The Mondays of the last `weeks` weeks, oldest first, ending with this week's."""
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [this_monday - datetime.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _week_of(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@dataclass
class ActionsByWeek:
    weeks: list
    kinds: list  # (kind, label), most frequent first
    counts: dict  # {(week, kind): number}

    def rows(self):
        """[(week, [count per kind], total)] for the data table."""
        return [
            (week, [self.counts.get((week, kind), 0) for kind, _label in self.kinds], self.total(week))
            for week in self.weeks
        ]

    def total(self, week):
        return sum(self.counts.get((week, kind), 0) for kind, _label in self.kinds)

    def chart(self):
        shown, rest = self.kinds[:CHART_KINDS], self.kinds[CHART_KINDS:]
        series = [(label, [self.counts.get((week, kind), 0) for week in self.weeks]) for kind, label in shown]
        if rest:
            other = [sum(self.counts.get((week, kind), 0) for kind, _label in rest) for week in self.weeks]
            series.append(("Other", other))
        return charts.stacked_bars(
            "Actions per week by kind",
            f"Stacked bars: the number of actions in each of the last {len(self.weeks)} weeks, by kind.",
            [f"{week:%d %b}" for week in self.weeks],
            series,
        )


def actions_per_week_by_kind(weeks=WEEKS, *, today=None):
    """How many actions of each kind were recorded in each of the last `weeks` weeks (one query)."""
    starts = week_starts(weeks, today=today)
    rows = (
        Activity.objects.filter(at__gte=_start_of(starts[0]))
        .annotate(week=TruncWeek("at"))
        .values("week", "kind")
        .annotate(number=Count("pk"))
        .order_by()
    )
    counts = {}
    totals = {}
    for row in rows:
        key = (_week_of(row["week"]), row["kind"])
        counts[key] = counts.get(key, 0) + row["number"]
        totals[row["kind"]] = totals.get(row["kind"], 0) + row["number"]
    labels = dict(ActivityKind.choices)
    kinds = [(kind, labels.get(kind, kind)) for kind in sorted(totals, key=lambda kind: (-totals[kind], kind))]
    return ActionsByWeek(starts, kinds, counts)


@dataclass
class AreaByKind:
    areas: list
    kinds: list  # (kind, label)
    counts: dict  # {(area, kind): number}

    def rows(self):
        return [
            (area, [self.counts.get((area, kind), 0) for kind, _label in self.kinds], self.area_total(area))
            for area in self.areas
        ]

    def area_total(self, area):
        return sum(self.counts.get((area, kind), 0) for kind, _label in self.kinds)

    def kind_totals(self):
        return [sum(self.counts.get((area, kind), 0) for area in self.areas) for kind, _label in self.kinds]


def area_by_kind(*, since):
    """Actions since `since` counted by where they happened and their kind (one query)."""
    rows = Activity.objects.filter(at__gte=since).values("area", "kind").annotate(number=Count("pk")).order_by()
    counts = {(row["area"] or "(no area)", row["kind"]): row["number"] for row in rows}
    labels = dict(ActivityKind.choices)
    kinds_present = {kind for _area, kind in counts}
    kinds = [(kind, label) for kind, label in ActivityKind.choices if kind in kinds_present]
    kinds += [(kind, kind) for kind in sorted(kinds_present - set(labels))]
    areas = sorted({area for area, _kind in counts})
    return AreaByKind(areas, kinds, counts)


def most_active_supporters(*, since, limit=TOP_SUPPORTERS):
    """[(supporter, actions, points)] for the supporters with the most actions since `since` (two queries)."""
    rows = list(
        Activity.objects.filter(at__gte=since, supporter__erased_at__isnull=True)
        .values("supporter")
        .annotate(actions=Count("pk"), points=Sum("points"))
        .order_by("-actions", "-points", "supporter")[:limit]
    )
    supporters = Supporter.objects.in_bulk([row["supporter"] for row in rows])
    return [(supporters[row["supporter"]], row["actions"], row["points"] or 0) for row in rows]


@dataclass
class NewSupporters:
    weeks: list
    counts: list

    def rows(self):
        return list(zip(self.weeks, self.counts, strict=True))

    def chart(self):
        return charts.line(
            "New supporters per week",
            f"A line: how many new supporters joined in each of the last {len(self.weeks)} weeks.",
            [f"{week:%d %b}" for week in self.weeks],
            self.counts,
        )


def new_supporters_per_week(weeks=WEEKS, *, today=None):
    """How many supporter records were created in each of the last `weeks` weeks (one query)."""
    starts = week_starts(weeks, today=today)
    rows = (
        Supporter.objects.filter(created__gte=_start_of(starts[0]))
        .annotate(week=TruncWeek("created"))
        .values("week")
        .annotate(number=Count("pk"))
        .order_by()
    )
    by_week = {}
    for row in rows:
        week = _week_of(row["week"])
        by_week[week] = by_week.get(week, 0) + row["number"]
    return NewSupporters(starts, [by_week.get(week, 0) for week in starts])
