"""The members' area pages: the index (the supporter dashboard), exclusive articles and videos."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from blog.models import VideoSource
from home.blocks import BaseStreamBlock

from .dashboard import dashboard_panels
from .services import (
    describe_activity,
    is_members_only_collection,
    keep_members_only,
    leaderboard,
    members_area_access,
    published_points_rules,
    recent_activity,
    recruits_count,
)
from .views import refusal

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
PRIVATE_FILES_HELP = (
    "Documents and video files must be in the “Members only” collection to stay private. "
    "Pictures are not private, whatever their collection: never put anything secret in a picture."
)


class MembersOnlyPage(Page):  # noqa: DJ008 (Page supplies __str__)
    """A page only verified supporters (and editors who may edit it) can open; never cached, never listed."""

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        access = members_area_access(request.user, page=self)
        if not access.granted:
            return refusal(request, access)
        request.member_supporter = access.supporter
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Set by serve(); a preview in the admin shows the page as an editor sees it, with no supporter.
        context["supporter"] = getattr(request, "member_supporter", None)
        return context

    def get_sitemap_urls(self, request=None):
        return []


class MembersIndexPage(MembersOnlyPage):  # noqa: DJ008 (Page supplies __str__)
    """/members/: the supporter dashboard, above the exclusive articles and videos."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["portal.MemberArticlePage", "portal.MemberVideoPage"]

    class Meta:
        verbose_name = "members' area"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        keep_members_only(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        supporter = context["supporter"]
        context["member_pages"] = self.get_children().live().specific().order_by("-first_published_at")
        context["points_rules"] = published_points_rules()
        context["leaderboard"] = leaderboard(viewer=supporter)
        if supporter is not None:
            context["recent_activity"] = [
                (activity, describe_activity(activity)) for activity in recent_activity(supporter)
            ]
            context["recruiter_link"] = request.build_absolute_uri(f"/join/?ref={supporter.recruiter_code}")
            context["recruits_count"] = recruits_count(supporter)
            context["panels"] = dashboard_panels(request, supporter)
        return context


class MemberArticlePage(MembersOnlyPage):  # noqa: DJ008 (Page supplies __str__)
    """Words and pictures only supporters see: briefings, behind-the-scenes news, canvassing guides."""

    date_published = models.DateField("date published", default=timezone.localdate)
    intro = models.TextField(max_length=500, blank=True, help_text="One or two sentences, shown in the list.")
    body = StreamField(BaseStreamBlock(), blank=True, help_text=PRIVATE_FILES_HELP)

    content_panels = [*Page.content_panels, FieldPanel("date_published"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["portal.MembersIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "members' article"


class MemberVideoPage(VideoSource, MembersOnlyPage):  # noqa: DJ008 (Page supplies __str__)
    """A video only supporters see: a YouTube or Vimeo link, or a file in the Members only collection."""

    date_published = models.DateField("date published", default=timezone.localdate)
    intro = models.TextField(max_length=500, blank=True, help_text="One or two sentences, shown in the list.")
    description = RichTextField(blank=True, features=TEXT_FEATURES)
    transcript = RichTextField(
        blank=True, features=TEXT_FEATURES, help_text="Everything said and shown, for people who cannot watch."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date_published"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("embed_url"), FieldPanel("video_file"), FieldPanel("captions"), FieldPanel("poster_image")],
            heading="Video",
            help_text=(
                "Either a YouTube or Vimeo link (set the video to unlisted there: anyone with the link can watch "
                "it), or a video file with a poster image. " + PRIVATE_FILES_HELP
            ),
        ),
        FieldPanel("description"),
        FieldPanel("transcript"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("transcript"),
    ]

    parent_page_types = ["portal.MembersIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "members' video"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["play_here"] = request.GET.get("play") == "1"
        return context

    def clean(self):
        super().clean()
        errors = self.video_errors()
        for name in ("video_file", "captions"):
            document = getattr(self, name)
            if document is not None and name not in errors and not is_members_only_collection(document.collection):
                errors[name] = "Move this file into the “Members only” collection first, or anyone could download it."
        if errors:
            raise ValidationError(errors)
