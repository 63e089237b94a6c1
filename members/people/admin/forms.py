"""Admin forms: a supporter's details, a segment's filter as real fields, bulk tagging."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.functions import Lower
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import ActionKind, ActivityKind, Availability, Channel, Segment, Supporter
from ..segments import SegmentError, supporters_in_segment, validate_filters
from ..services import PeopleError, normalise_phone, normalise_postcode


class WordListField(forms.CharField):
    """A list of short names typed as comma-separated text ("Camden, Islington")."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def clean(self, value):
        # Length limits apply to the text as typed, before it is split.
        text = super().clean(value)
        words = []
        for word in text.split(","):
            word = " ".join(word.split())
            if word and word not in words:
                words.append(word)
        return words


MAX_AREAS = 500


def ticked(choices, label=None, help_text=""):
    """An optional multiple choice shown as checkboxes."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


def known_areas():
    """Areas supporters live in, for filter choices, alphabetically.

    One index lookup per area, never a pass over every supporter: a recursive query steps from
    each area to the next larger one through the area index (what PostgreSQL calls a loose index scan).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE areas (area, number) AS (
                SELECT MIN(area), 1 FROM people_supporter WHERE area > ''
                UNION ALL
                SELECT (SELECT MIN(area) FROM people_supporter WHERE area > areas.area), number + 1
                FROM areas WHERE areas.area IS NOT NULL AND number < %s
            )
            SELECT area FROM areas WHERE area IS NOT NULL ORDER BY area
            """,
            [MAX_AREAS],
        )
        return [row[0] for row in cursor.fetchall()]


class SupporterAdminForm(WagtailAdminModelForm):
    preferred_actions = ticked(ActionKind.choices)
    availability = ticked(Availability.choices)
    preferred_areas = WordListField(required=False, max_length=1000, help_text="Comma-separated, e.g. Camden, Hackney")
    languages = WordListField(required=False, max_length=500, help_text="Comma-separated, besides English")

    class Meta:
        model = Supporter
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "postcode",
            "preferred_actions",
            "preferred_areas",
            "availability",
            "languages",
            "show_on_leaderboard",
            "tags",
        ]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and Supporter.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another supporter already has this email address.")
        return email

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        if not raw.strip():
            return ""
        try:
            phone = normalise_phone(raw)
        except PeopleError as error:
            raise ValidationError(error.message) from error
        if Supporter.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another supporter already has this phone number.")
        return phone

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except PeopleError as error:
            raise ValidationError(error.message) from error

    def validate_constraints(self):
        # Case-insensitive email uniqueness is checked in clean_email with a message fit for staff.
        exclude = self._get_validation_exclusions()
        exclude.add("email")
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class SegmentForm(WagtailAdminModelForm):
    """A segment's filter edited as form fields; saved as the JSON the segments module reads."""

    areas = ticked([], help_text="Where supporters live (any of these).")
    tags = WordListField(required=False, max_length=1000, help_text="Comma-separated; supporters with any of them.")
    consents = ticked(Channel.choices, "Consents to", "Current consent on every ticked channel.")
    preferred_actions = ticked(ActionKind.choices, "Likes doing", "Any of these.")
    activity_kinds = ticked(ActivityKind.choices, "Did any of")
    activity_areas = WordListField(
        label="Activity in areas", required=False, max_length=1000, help_text="Comma-separated; anywhere if empty."
    )
    activity_min_count = forms.IntegerField(label="At least this many times", required=False, min_value=1)
    activity_within_days = forms.IntegerField(label="Activity in the last (days)", required=False, min_value=1)
    last_active_within_days = forms.IntegerField(label="Last active within (days)", required=False, min_value=1)
    points_min = forms.IntegerField(label="Minimum points", required=False)
    points_max = forms.IntegerField(label="Maximum points", required=False)

    class Meta:
        model = Segment
        fields = ["name", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.filters if isinstance(self.instance.filters, dict) else {}
        activity = stored.get("activity") if isinstance(stored.get("activity"), dict) else {}
        areas = known_areas()
        self.fields["areas"].choices = [(area, area) for area in sorted({*areas, *stored.get("areas", [])})]
        if not self.is_bound:
            for key in ("areas", "tags", "consents", "preferred_actions", "last_active_within_days"):
                self.initial.setdefault(key, stored.get(key))
            self.initial.setdefault("points_min", stored.get("points_min"))
            self.initial.setdefault("points_max", stored.get("points_max"))
            for key in ("kinds", "areas", "min_count", "within_days"):
                self.initial.setdefault(f"activity_{key}", activity.get(key))

    def filters_from_fields(self, data):
        activity = {
            "kinds": data.get("activity_kinds") or [],
            "areas": data.get("activity_areas") or [],
            "min_count": data.get("activity_min_count"),
            "within_days": data.get("activity_within_days"),
        }
        if not any(activity.values()):
            activity = None
        return {
            "areas": data.get("areas") or [],
            "tags": data.get("tags") or [],
            "consents": data.get("consents") or [],
            "preferred_actions": data.get("preferred_actions") or [],
            "activity": activity,
            "last_active_within_days": data.get("last_active_within_days"),
            "points_min": data.get("points_min"),
            "points_max": data.get("points_max"),
        }

    def clean(self):
        data = super().clean()
        try:
            self.instance.filters = validate_filters(self.filters_from_fields(data))
        except SegmentError as error:
            raise ValidationError(error.messages) from error
        return data

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Segment.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).exclude(pk=self.instance.pk):
            raise ValidationError("There is already a segment with this name.")
        return name

    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None and self.for_user.is_authenticated:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)

    def member_count(self):
        """How many supporters the segment holds now (its saved filter), or None for a new segment."""
        if self.instance.pk is None:
            return None
        try:
            return supporters_in_segment(Segment.objects.get(pk=self.instance.pk)).count()
        except SegmentError:
            return None


class TagForm(forms.Form):
    tag = forms.CharField(
        label="Tag", max_length=100, help_text="Letters, numbers, spaces and dashes, e.g. “captain” or “stall 2026”."
    )

    def clean_tag(self):
        tag = " ".join(self.cleaned_data["tag"].split())
        if not tag or "," in tag or '"' in tag:
            raise ValidationError("Enter one tag, without commas or quotation marks.")
        return tag
