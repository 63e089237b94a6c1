"""Filters for the Supporters listing, translated into the segment filter language so both share one compiler."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from taggit.models import Tag
from wagtail.admin.filters import DateRangePickerWidget, NumberRangeWidget, WagtailFilterSet

from ..models import ActionKind, ActivityKind, Channel, Segment, Supporter, TaggedSupporter
from ..segments import SegmentError, filter_supporters, validate_filters
from ..services import PeopleError, normalise_phone, normalise_postcode
from .forms import known_areas

SEARCH_TERMS = 5


def supporter_search_condition(query):
    """Every word matches a name, email or postcode (substring), or the whole query is a phone number or postcode."""
    condition = Q()
    for word in query.split()[:SEARCH_TERMS]:
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(postcode__icontains=word)
        )
    for field, normalise in (("phone", normalise_phone), ("postcode", normalise_postcode)):
        try:
            value = normalise(query)
        except PeopleError:
            continue
        if value:
            condition |= Q(**{field: value})
    return condition


def area_choices():
    return [(area, area) for area in known_areas()]


def tag_choices():
    # Tags in use on supporters: one index probe per tag, not a join over every tagging.
    names = Tag.objects.filter(Exists(TaggedSupporter.objects.filter(tag=OuterRef("pk")))).order_by("name")
    return [(name, name) for name in names.values_list("name", flat=True)[:500]]


def _day(value):
    # The date range filter cleans to aware datetimes at the start (or end) of the day.
    return timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value


def _iso(value):
    return _day(value).isoformat() if value else None


def _whole(number):
    # Number fields clean to Decimal; the segment language takes whole numbers and rejects the rest.
    if number is None or number != int(number):
        return number
    return int(number)


def segment_filters_from(data):
    """The segment filter (see segments.py) that the listing's cleaned filter form describes."""
    activity_period = data.get("activity_period")
    activity = {
        "kinds": data.get("activity_kind") or [],
        "min_count": _whole(data.get("activity_min_count")),
        "since": _iso(activity_period.start) if activity_period else None,
        "until": _iso(activity_period.stop) if activity_period else None,
    }
    last_active = data.get("last_active")
    points = data.get("points")
    return {
        "areas": data.get("area") or [],
        "tags": data.get("tag") or [],
        "consents": data.get("consents") or [],
        "preferred_actions": data.get("preferred_action") or [],
        "activity": activity if any(activity.values()) else None,
        "last_active_after": _iso(last_active.start) if last_active else None,
        "last_active_before": _iso(_day(last_active.stop) + datetime.timedelta(days=1))
        if last_active and last_active.stop
        else None,
        "points_min": _whole(points.start) if points else None,
        "points_max": _whole(points.stop) if points else None,
    }


class SupporterFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        segment = data.get("segment")
        if segment is not None:
            # A segment saved before a filter rule changed may no longer compile; say so, never a 500.
            try:
                validate_filters(segment.filters)
            except SegmentError as error:
                self.add_error("segment", f"The segment “{segment.name}” has a filter that cannot be used: {error}")
        try:
            validate_filters(segment_filters_from(data))
        except SegmentError as error:
            raise ValidationError(error.messages) from error
        return data


class SupporterFilterSet(WagtailFilterSet):
    # Each filter only declares its form field; filter_queryset applies them all together.
    segment = django_filters.ModelChoiceFilter(queryset=Segment.objects.all(), label="In segment", method="keep")
    area = django_filters.MultipleChoiceFilter(choices=area_choices, label="Area", method="keep")
    tag = django_filters.MultipleChoiceFilter(choices=tag_choices, label="Tag", method="keep")
    consents = django_filters.MultipleChoiceFilter(
        choices=Channel.choices, label="Consents to", method="keep", widget=forms.CheckboxSelectMultiple
    )
    preferred_action = django_filters.MultipleChoiceFilter(
        choices=ActionKind.choices, label="Likes doing", method="keep", widget=forms.CheckboxSelectMultiple
    )
    activity_kind = django_filters.MultipleChoiceFilter(choices=ActivityKind.choices, label="Did", method="keep")
    activity_min_count = django_filters.NumberFilter(
        label="At least this many times", method="keep", widget=forms.NumberInput(attrs={"min": "1"})
    )
    activity_period = django_filters.DateFromToRangeFilter(
        label="Activity between", method="keep", widget=DateRangePickerWidget
    )
    last_active = django_filters.DateFromToRangeFilter(
        label="Last active between", method="keep", widget=DateRangePickerWidget
    )
    points = django_filters.RangeFilter(label="Points", method="keep", widget=NumberRangeWidget)

    class Meta:
        model = Supporter
        fields = []
        form = SupporterFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices read once per request: a callable would query again each time the form validates or renders.
        self.filters["area"].extra["choices"] = area_choices()
        self.filters["tag"].extra["choices"] = tag_choices()

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("segment") is not None:
            queryset = filter_supporters(queryset, data["segment"].filters)
        return filter_supporters(queryset, segment_filters_from(data))
