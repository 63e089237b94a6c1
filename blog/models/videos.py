"""The video index and video pages: a YouTube or Vimeo link, or a video file we host."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from home.models import SocialMetaMixin

from ..pagination import page_of
from ..sharing import page_share_links
from ..video_links import InvalidVideoLink, parse_video_link
from .indexes import CARD_IMAGE_SPEC, IndexPage

VIDEOS_PER_PAGE = 12
VIDEO_FILE_EXTENSIONS = ("mp4", "webm")
CAPTIONS_EXTENSION = "vtt"
TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class VideoIndexPage(IndexPage):  # noqa: DJ008 (Page supplies __str__)
    """/videos/: every public video, newest first."""

    subpage_types = ["blog.VideoPage"]

    class Meta:
        verbose_name = "video index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy, as on the news index: a cached listing fragment (and the cached page number in the
        # title) means no listing query runs at all.
        context["videos"] = SimpleLazyObject(
            lambda: page_of(request, VideoPage.public_videos().child_of(self), VIDEOS_PER_PAGE)
        )
        return context


class VideoSource(models.Model):
    """A video that is a YouTube or Vimeo link, or a file we host with a poster and captions:
    the fields, checks and player data that public and members' video pages share."""

    embed_url = models.URLField(
        "YouTube or Vimeo link",
        blank=True,
        help_text="For example https://www.youtube.com/watch?v=… or https://vimeo.com/…. Leave blank for a video file.",
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An MP4 or WebM file, when the video is not on YouTube or Vimeo.",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Captions for the video file, as a WebVTT (.vtt) file in English.",
    )
    poster_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The still shown before the video plays. Required for a video file.",
    )

    class Meta:
        abstract = True

    @property
    def video_link(self):
        """The YouTube or Vimeo video, or None for a video file (or a link that no longer parses)."""
        if not self.embed_url:
            return None
        try:
            return parse_video_link(self.embed_url)
        except InvalidVideoLink:
            return None

    @property
    def video_mime_type(self):
        return f"video/{self.video_file.file_extension.lower()}" if self.video_file else ""

    def video_errors(self):
        """Field errors in the video fields, as {field: message}; empty when all is well."""
        errors = {}
        if self.embed_url and self.video_file_id:
            errors["embed_url"] = errors["video_file"] = "Give a YouTube or Vimeo link or a video file, not both."
        elif not (self.embed_url or self.video_file_id):
            errors["embed_url"] = errors["video_file"] = "Give a YouTube or Vimeo link, or choose a video file."
        elif self.embed_url:
            try:
                parse_video_link(self.embed_url)
            except InvalidVideoLink as error:
                errors["embed_url"] = str(error)
        if self.video_file_id:
            if self.video_file.file_extension.lower() not in VIDEO_FILE_EXTENSIONS:
                errors["video_file"] = "Choose an MP4 or WebM file."
            if not self.poster_image_id:
                errors["poster_image"] = "Choose a poster image for the video file."
        if self.captions_id:
            if not self.video_file_id:
                errors["captions"] = "Captions go with a video file; YouTube and Vimeo carry their own."
            elif self.captions.file_extension.lower() != CAPTIONS_EXTENSION:
                errors["captions"] = "Choose a WebVTT (.vtt) captions file."
        return errors


class VideoPage(SocialMetaMixin, VideoSource, Page):  # noqa: DJ008 (Page supplies __str__)
    date_published = models.DateField("date published", default=timezone.localdate)
    intro = models.TextField(max_length=500, help_text="One or two sentences: shown on cards and in search.")
    description = RichTextField(blank=True, features=TEXT_FEATURES)
    transcript = RichTextField(
        blank=True, features=TEXT_FEATURES, help_text="Everything said and shown, for people who cannot watch."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("embed_url"),
                FieldPanel("video_file"),
                FieldPanel("captions"),
                FieldPanel("poster_image"),
            ],
            heading="Video",
            help_text="Either a YouTube or Vimeo link, or a video file with a poster image.",
        ),
        FieldPanel("description"),
        FieldPanel("transcript"),
        FieldPanel("date_published"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("transcript"),
    ]

    parent_page_types = ["blog.VideoIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "video page"

    @classmethod
    def public_videos(cls):
        """Live videos nobody needs to log in for, newest first, each card's poster fetched up front."""
        images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
        return (
            cls.objects.live()
            .public()
            .prefetch_related(Prefetch("poster_image", queryset=images))
            .order_by("-date_published", "-first_published_at", "-pk")
        )

    def get_social_image(self):
        return self.social_image or self.poster_image

    def clean(self):
        super().clean()
        errors = self.video_errors()
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["play_here"] = request.GET.get("play") == "1"
        context["share_links"] = page_share_links(self, request)
        return context
