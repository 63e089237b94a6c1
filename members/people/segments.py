"""The segment filter language: validate a saved filter (Segment.filters) and turn it into one supporter query.

A filter is a JSON object; every key is optional and all given keys must hold (AND). Within a
list, any item matches (OR), except `consents`, where every listed channel must be granted.

    {
      "areas": ["Camden", "Islington"],          # the supporter's area is one of these
      "tags": ["captain"],                       # has any of these tags (case-insensitive)
      "consents": ["sms"],                       # current consent granted on every listed channel
      "preferred_actions": ["leafleting"],       # likes any of these kinds of action (ActionKind)
      "activity": {                              # did at least min_count matching activities
        "kinds": ["attended", "delivered_leaflets"],   # ActivityKind values; all kinds if absent
        "areas": ["Camden"],                     # where the activity happened; anywhere if absent
        "min_count": 1,                          # default 1
        "within_days": 90,                       # in the last N days
        "since": "2026-01-01", "until": "2026-03-31"   # ISO dates, both inclusive
      },
      "last_active_within_days": 30,
      "last_active_after": "2026-01-01",         # last active on or after this date
      "last_active_before": "2026-03-01",        # last active before this date (or never)
      "points_min": 10, "points_max": 500
    }

Erased supporters are never in a segment.
"""

import datetime
import json
from collections.abc import Mapping

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from .models import ActionKind, Activity, ActivityKind, Channel, ConsentRecord, Segment, Supporter, TaggedSupporter

LIST_KEYS = {
    "areas": "areas",
    "tags": "tags",
    "consents": "consent channels",
    "preferred_actions": "preferred actions",
}
CHOICES_BY_KEY = {
    "consents": Channel,
    "preferred_actions": ActionKind,
}
NUMBER_KEYS = {"last_active_within_days", "points_min", "points_max"}
DATE_KEYS = {"last_active_after", "last_active_before"}
TOP_LEVEL_KEYS = [*LIST_KEYS, "activity", *sorted(NUMBER_KEYS), *sorted(DATE_KEYS)]
ACTIVITY_KEYS = ["kinds", "areas", "min_count", "within_days", "since", "until"]

MAX_ITEMS = 200
MAX_ITEM_LENGTH = 100
MAX_DAYS = 36_500
MAX_POINTS = 10_000_000


class SegmentError(Exception):
    """A segment filter is not valid; `messages` are fit to show the person who wrote it."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


def _string_list(value, label, errors, choices=None):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.append(f"{label.capitalize()} must be a list of words.")
        return []
    if len(value) > MAX_ITEMS:
        errors.append(f"Give at most {MAX_ITEMS} {label}.")
        return []
    items = []
    for item in value:
        item = item.strip()
        if not item:
            continue
        if len(item) > MAX_ITEM_LENGTH:
            errors.append(f"Each of the {label} must be at most {MAX_ITEM_LENGTH} characters.")
            return []
        if choices is not None and item not in choices.values:
            allowed = ", ".join(choices.values)
            errors.append(f"“{item}” is not one of the {label} ({allowed}).")
            continue
        if item not in items:
            items.append(item)
    return items


def _whole_number(value, label, errors, *, minimum, maximum):
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(f"{label} must be a whole number.")
        return None
    if not minimum <= value <= maximum:
        errors.append(f"{label} must be between {minimum} and {maximum}.")
        return None
    return value


def _date(value, label, errors):
    if not isinstance(value, str):
        errors.append(f"{label} must be a date written as YYYY-MM-DD.")
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        errors.append(f"{label} must be a date written as YYYY-MM-DD, not “{value[:20]}”.")
        return None


def _unknown_keys(data, known, where, errors):
    unknown = sorted(str(key) for key in data if key not in known)
    if unknown:
        errors.append(f"Unknown {where}: {', '.join(unknown)}. Known: {', '.join(known)}.")


def _validate_activity(value, errors):
    if not isinstance(value, Mapping):
        errors.append("Activity must be an object with kinds, areas, min_count, within_days, since or until.")
        return {}
    _unknown_keys(value, ACTIVITY_KEYS, "activity keys", errors)
    activity = {}
    if "kinds" in value:
        activity["kinds"] = _string_list(value["kinds"], "activity kinds", errors, ActivityKind)
    if "areas" in value:
        activity["areas"] = _string_list(value["areas"], "activity areas", errors)
    if value.get("min_count") is not None:
        activity["min_count"] = _whole_number(
            value["min_count"], "The minimum number of activities", errors, minimum=1, maximum=100_000
        )
    if value.get("within_days") is not None:
        activity["within_days"] = _whole_number(
            value["within_days"], "Activity within days", errors, minimum=1, maximum=MAX_DAYS
        )
    for key, label in (("since", "Activity since"), ("until", "Activity until")):
        if value.get(key):
            activity[key] = _date(value[key], label, errors)
    if activity.get("since") and activity.get("until") and activity["since"] > activity["until"]:
        errors.append("The activity period starts after it ends.")
    return {key: item for key, item in activity.items() if item not in (None, [])}


def validate_filters(filters):
    """The filter in its normal form (empty values dropped); SegmentError listing every problem.

    `filters` is a mapping or its JSON text.
    """
    if isinstance(filters, str | bytes):
        try:
            filters = json.loads(filters or "{}")
        except (ValueError, UnicodeDecodeError) as error:
            raise SegmentError(f"The filter is not valid JSON ({error}).") from error
    if filters is None:
        return {}
    if not isinstance(filters, Mapping):
        raise SegmentError('The filter must be a JSON object, such as {"areas": ["Camden"]}.')
    errors = []
    _unknown_keys(filters, TOP_LEVEL_KEYS, "filter keys", errors)
    clean = {}
    for key, label in LIST_KEYS.items():
        if key in filters:
            clean[key] = _string_list(filters[key], label, errors, CHOICES_BY_KEY.get(key))
    if filters.get("activity") is not None:
        clean["activity"] = _validate_activity(filters["activity"], errors) or None
    if filters.get("last_active_within_days") is not None:
        clean["last_active_within_days"] = _whole_number(
            filters["last_active_within_days"], "Last active within days", errors, minimum=1, maximum=MAX_DAYS
        )
    for key, label in (("points_min", "Minimum points"), ("points_max", "Maximum points")):
        if filters.get(key) is not None:
            clean[key] = _whole_number(filters[key], label, errors, minimum=-MAX_POINTS, maximum=MAX_POINTS)
    for key, label in (("last_active_after", "Last active after"), ("last_active_before", "Last active before")):
        if filters.get(key):
            clean[key] = _date(filters[key], label, errors)
    points_min, points_max = clean.get("points_min"), clean.get("points_max")
    if points_min is not None and points_max is not None and points_min > points_max:
        errors.append("Minimum points is more than maximum points.")
    if errors:
        raise SegmentError(errors)
    return {key: value for key, value in clean.items() if value not in (None, [], {})}


def _start_of_day(iso_date):
    return timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(iso_date), datetime.time()))


def _activity_condition(queryset, activity, now):
    matching = Activity.objects.filter(supporter=OuterRef("pk"))
    if activity.get("kinds"):
        matching = matching.filter(kind__in=activity["kinds"])
    if activity.get("areas"):
        matching = matching.filter(area__in=activity["areas"])
    if activity.get("within_days"):
        matching = matching.filter(at__gte=now - datetime.timedelta(days=activity["within_days"]))
    if activity.get("since"):
        matching = matching.filter(at__gte=_start_of_day(activity["since"]))
    if activity.get("until"):
        until = datetime.date.fromisoformat(activity["until"]) + datetime.timedelta(days=1)
        matching = matching.filter(at__lt=_start_of_day(until.isoformat()))
    min_count = activity.get("min_count", 1)
    if min_count <= 1:
        return queryset.filter(Exists(matching))
    # COUNT(*), not COUNT(id): the count is then read from the (supporter, kind, at) index alone.
    counted = matching.order_by().values("supporter").annotate(number=Count("*")).values("number")[:1]
    return queryset.alias(matching_activities=Subquery(counted)).filter(matching_activities__gte=min_count)


def filter_supporters(queryset, filters, *, now=None):
    """`queryset` narrowed to the supporters the filter describes, as one SQL query (subqueries, no joins).

    Raises SegmentError if the filter is not valid.
    """
    filters = validate_filters(filters)
    now = now or timezone.now()
    queryset = queryset.filter(erased_at__isnull=True)
    if filters.get("areas"):
        queryset = queryset.filter(area__in=filters["areas"])
    if filters.get("tags"):
        names = Q()
        for name in filters["tags"]:
            names |= Q(tag__name__iexact=name)
        queryset = queryset.filter(Exists(TaggedSupporter.objects.filter(names, content_object=OuterRef("pk"))))
    for channel in filters.get("consents", []):
        latest = ConsentRecord.objects.filter(supporter=OuterRef("pk"), channel=channel).order_by("-at", "-pk")
        alias = f"current_{channel}_consent"
        queryset = queryset.alias(**{alias: Subquery(latest.values("granted")[:1])}).filter(**{alias: True})
    if filters.get("preferred_actions"):
        likes = Q()
        for action in filters["preferred_actions"]:
            likes |= Q(preferred_actions__includes=action)
        queryset = queryset.filter(likes)
    if filters.get("activity"):
        queryset = _activity_condition(queryset, filters["activity"], now)
    if filters.get("last_active_within_days"):
        queryset = queryset.filter(
            last_active_at__gte=now - datetime.timedelta(days=filters["last_active_within_days"])
        )
    if filters.get("last_active_after"):
        queryset = queryset.filter(last_active_at__gte=_start_of_day(filters["last_active_after"]))
    if filters.get("last_active_before"):
        queryset = queryset.filter(
            Q(last_active_at__lt=_start_of_day(filters["last_active_before"])) | Q(last_active_at__isnull=True)
        )
    if filters.get("points_min") is not None:
        queryset = queryset.filter(points_total__gte=filters["points_min"])
    if filters.get("points_max") is not None:
        queryset = queryset.filter(points_total__lte=filters["points_max"])
    return queryset


def supporters_in_segment(segment_or_filters, *, now=None):
    """The supporters (never erased ones) in a Segment, or matching a filter mapping / JSON text.

    One SQL query when evaluated; other apps chain onto it (`.filter(...)`, `.values_list("pk")`).
    Raises SegmentError if the filter is not valid. `now` anchors "within N days" (default: now).
    """
    filters = segment_or_filters.filters if isinstance(segment_or_filters, Segment) else segment_or_filters
    return filter_supporters(Supporter.objects.all(), filters, now=now)


def _labels(values, choices):
    return ", ".join(str(choices(value).label) for value in values)


def describe_filters(filters):
    """The filter in plain English, one phrase per condition (for admin pages and export logs)."""
    filters = validate_filters(filters)
    phrases = []
    if filters.get("areas"):
        phrases.append(f"Lives in {', '.join(filters['areas'])}")
    if filters.get("tags"):
        phrases.append(f"Tagged {' or '.join(filters['tags'])}")
    if filters.get("consents"):
        phrases.append(f"Consents to {_labels(filters['consents'], Channel).lower()}")
    if filters.get("preferred_actions"):
        phrases.append(f"Likes {_labels(filters['preferred_actions'], ActionKind).lower()}")
    if activity := filters.get("activity"):
        kinds = _labels(activity["kinds"], ActivityKind).lower() if activity.get("kinds") else "any activity"
        phrase = f"At least {activity.get('min_count', 1)} × {kinds}"
        if activity.get("areas"):
            phrase += f" in {', '.join(activity['areas'])}"
        if activity.get("within_days"):
            phrase += f" in the last {activity['within_days']} days"
        if activity.get("since"):
            phrase += f" from {activity['since']}"
        if activity.get("until"):
            phrase += f" until {activity['until']}"
        phrases.append(phrase)
    if filters.get("last_active_within_days"):
        phrases.append(f"Active in the last {filters['last_active_within_days']} days")
    if filters.get("last_active_after"):
        phrases.append(f"Last active on or after {filters['last_active_after']}")
    if filters.get("last_active_before"):
        phrases.append(f"Not active since {filters['last_active_before']}")
    if filters.get("points_min") is not None:
        phrases.append(f"At least {filters['points_min']} points")
    if filters.get("points_max") is not None:
        phrases.append(f"At most {filters['points_max']} points")
    return phrases or ["Every supporter"]
