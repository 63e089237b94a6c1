"""The people database: supporters, their consent ledger, their activity, points rules and segments."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .areas import area_for_postcode
from .fields import ListField


class ActionKind(models.TextChoices):
    """Kinds of action a supporter may say they like doing."""

    LEAFLETING = "leafleting", "Leafleting"
    DOOR_KNOCKING = "door_knocking", "Door-knocking"
    PHONE_BANKING = "phone_banking", "Phone banking"
    HOSTING = "hosting", "Hosting"
    ONLINE = "online", "Online"
    DATA_ENTRY = "data_entry", "Data entry"
    EVENTS = "events", "Events"


class Availability(models.TextChoices):
    WEEKDAY_MORNINGS = "weekday_mornings", "Weekday mornings"
    WEEKDAY_DAYTIME = "weekday_daytime", "Weekday daytime"
    WEEKDAY_EVENINGS = "weekday_evenings", "Weekday evenings"
    WEEKENDS = "weekends", "Weekends"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    PHONE = "phone", "Phone call"


def new_recruiter_code():
    # 8 URL-safe characters: 48 bits, short enough to read out, too many to guess.
    return secrets.token_urlsafe(6)


class TaggedSupporter(TaggedItemBase):
    content_object = models.ForeignKey("Supporter", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = "supporter tag"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="people_tag_once_per_supporter"),
        ]


class SupporterQuerySet(models.QuerySet):
    def not_erased(self):
        return self.filter(erased_at__isnull=True)


class Supporter(models.Model):
    """A person the campaign knows, whether or not they ever log in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="supporter"
    )
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    # Stored as entered, matched lowercased (unique on Lower(email) when set).
    email = models.EmailField(max_length=254, blank=True, default="")
    email_verified = models.BooleanField(default=False)
    # E.164, e.g. +447700900123; unique when set.
    phone = models.CharField(max_length=20, blank=True, default="")
    # Normalised: upper case, one space before the inward code ("N1 9GU").
    postcode = models.CharField(max_length=10, blank=True, default="")
    # The London borough when the postcode district is in our table, else the district ("N1").
    area = models.CharField(max_length=64, blank=True, default="", db_index=True)

    preferred_actions = ListField(help_text="ActionKind values")
    preferred_areas = ListField(help_text="Areas the supporter will travel to")
    availability = ListField(help_text="Availability values")
    languages = ListField(help_text="Languages spoken besides English")

    recruiter = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="recruits")
    recruiter_code = models.CharField(max_length=16, unique=True, default=new_recruiter_code, editable=False)
    # First-touch attribution: utm_source, utm_medium, utm_campaign, utm_term, utm_content,
    # referrer, landing_path, ref, first_seen.
    first_source = models.JSONField(default=dict, blank=True)

    points_total = models.IntegerField(default=0)
    last_active_at = models.DateTimeField(null=True, blank=True, db_index=True)
    show_on_leaderboard = models.BooleanField(default=False)

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    tags = TaggableManager(through=TaggedSupporter, blank=True)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="people_supporter_email_ci_unique"),
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="people_supporter_phone_unique"),
        ]
        indexes = [
            # The admin listing's default order and its count: only supporters not erased are ever listed.
            models.Index(
                fields=["last_name", "first_name", "id"],
                condition=Q(erased_at__isnull=True),
                name="people_supporter_listed_idx",
            ),
            models.Index(fields=["postcode"], name="people_supporter_postcode_idx"),
            models.Index(fields=["-points_total"], name="people_supporter_points_idx"),
        ]

    def __str__(self):
        if self.erased_at:
            return f"Erased supporter #{self.pk}"
        return self.full_name or self.email or self.phone or f"Supporter #{self.pk}"

    def save(self, *args, **kwargs):
        # The area follows the postcode wherever it is edited (sign-up, profile, admin, import).
        if self.postcode:
            self.area = area_for_postcode(self.postcode)
            if kwargs.get("update_fields") is not None and "postcode" in kwargs["update_fields"]:
                kwargs["update_fields"] = {*kwargs["update_fields"], "area"}
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class ConsentSource(models.TextChoices):
    FORM = "form", "Form"
    TEXT_KEYWORD = "text_keyword", "Text keyword"
    MAILCHIMP_WEBHOOK = "mailchimp_webhook", "Mailchimp webhook"
    STAFF = "staff", "Staff"
    IMPORT = "import", "Import"
    UNSUBSCRIBE_LINK = "unsubscribe_link", "Unsubscribe link"
    ACCOUNT_DELETION = "account_deletion", "Account deletion"


class ConsentRecord(models.Model):
    """One statement of consent or withdrawal; the latest row per channel is current."""

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="consents")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    granted = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=24, choices=ConsentSource.choices)
    wording = models.TextField(blank=True, help_text="The words the person saw or sent")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        # Current consent is the first row in this order: one index probe, no sort.
        indexes = [models.Index(fields=["supporter", "channel", "-at", "-id"], name="people_consent_current_idx")]

    def __str__(self):
        verb = "granted" if self.granted else "withdrew"
        return f"{self.supporter} {verb} {self.get_channel_display()} consent ({self.get_source_display()})"


class ActivityKind(models.TextChoices):
    SIGNED_UP = "signed_up", "Signed up"
    REGISTERED = "registered", "Registered for a shift"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "Did not show"
    HOSTED = "hosted", "Hosted an event"
    POSTED_IDEA = "posted_idea", "Posted an idea"
    SUPPORTED_IDEA = "supported_idea", "Supported an idea"
    COMMENTED = "commented", "Commented"
    DONATED = "donated", "Donated"
    TEXTED = "texted", "Texted in"
    WAS_CALLED = "was_called", "Was called"
    MADE_CALLS = "made_calls", "Made calls"
    KNOCKED_DOORS = "knocked_doors", "Knocked on doors"
    DELIVERED_LEAFLETS = "delivered_leaflets", "Delivered leaflets"
    RECRUITED = "recruited", "Recruited a supporter"


class Activity(models.Model):
    """One thing a supporter did; written only by services.record_activity()."""

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=24, choices=ActivityKind.choices)
    at = models.DateTimeField(default=timezone.now)
    area = models.CharField(max_length=64, blank=True, default="")
    points = models.IntegerField(default=0)
    quantity = models.PositiveIntegerField(default=1, help_text="e.g. leaflets delivered, calls made")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=64, blank=True, default="")
    about = GenericForeignKey("content_type", "object_id")
    summary = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["kind", "at"], name="people_activity_kind_at_idx"),
            models.Index(fields=["area", "kind"], name="people_activity_area_kind_idx"),
            models.Index(fields=["supporter", "-at"], name="people_activity_timeline_idx"),
            # Segment and listing filters count one supporter's activities of some kinds in a period.
            models.Index(fields=["supporter", "kind", "at"], name="people_activity_counting_idx"),
            models.Index(fields=["content_type", "object_id"], name="people_activity_about_idx"),
        ]

    def __str__(self):
        return f"{self.supporter} — {self.get_kind_display()} ({self.at:%Y-%m-%d})"


class PointsRule(models.Model):
    """The published points for each kind of activity; staff may edit them."""

    kind = models.CharField(max_length=24, choices=ActivityKind.choices, unique=True)
    points = models.IntegerField(default=0)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-points", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.points} points"


class Segment(models.Model):
    """A saved filter over supporters, e.g. "attended leafleting in Camden in 90 days, consents to texts"."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    # The filter definition; its format and compiler belong to the segments module.
    filters = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PendingSignup(models.Model):
    """What a new account said at sign-up, held until its email is verified.

    Nothing is joined to a Supporter (which may hold an imported person's history) on an
    unverified claim to an email address; services.complete_signup applies this on verification.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_signup")
    details = models.JSONField(default=dict)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Pending sign-up of {self.user}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded, waiting for its column mapping"
    PREVIEWED = "previewed", "Previewed, waiting to be run"
    QUEUED = "queued", "Waiting for a worker"
    CHECKING = "checking", "Checking rows"
    SAVING = "saving", "Saving"
    SUCCEEDED = "succeeded", "Finished"
    STOPPED = "stopped", "Stopped: a row had an error"
    FAILED = "failed", "Failed: nothing was imported"


class ImportJob(models.Model):
    """One CSV import of supporters: the uploaded text, its column mapping, and its progress."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="supporter_imports"
    )
    created = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    encoding = models.CharField(max_length=16)
    delimiter = models.CharField(max_length=1, default=",")
    # The decoded file; emptied once the import has finished, since it holds personal data.
    content = models.TextField(blank=True)
    headers = models.JSONField(default=list)
    # {column index (as text): field name} and {channel: wording shown when consent was given}.
    mapping = models.JSONField(default=dict)
    consent_wording = models.JSONField(default=dict)
    stop_on_error = models.BooleanField(default=False)

    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    merged_count = models.PositiveIntegerField(default=0, help_text="Rows that repeated an earlier row's person")
    # [{"row": 3, "column": "email", "message": "..."}], the first few hundred only.
    errors = models.JSONField(default=list)
    error_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True, help_text="Why the import failed, fit to show the user")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"Import of {self.file_name} ({self.get_status_display()})"


class ExportScope(models.TextChoices):
    ALL = "all", "All supporters"
    FILTER = "filter", "A filtered list"
    SEGMENT = "segment", "A segment"


class ExportLog(models.Model):
    """Who exported which supporters, when and from where: the records reveal political opinions."""

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="supporter_exports"
    )
    # Kept as text too, so the log still names them after their account is deleted.
    exported_by_name = models.CharField(max_length=255)
    at = models.DateTimeField(default=timezone.now)
    scope = models.CharField(max_length=8, choices=ExportScope.choices)
    segment = models.ForeignKey(Segment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.CharField(max_length=500, help_text="The segment's name or the filter, as it was")
    filters = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    completed = models.BooleanField(default=False, help_text="False if the download stopped part way")

    class Meta:
        ordering = ["-at", "-pk"]
        permissions = [("export_supporter", "Can export supporters to CSV")]

    def __str__(self):
        return f"{self.exported_by_name} exported {self.description} on {self.at:%Y-%m-%d %H:%M}"
