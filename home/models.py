"""Home page, standard pages, site settings and call-to-action snippets."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock, LinkBlock
from .links import HELP_TEXT as LINK_HELP_TEXT
from .links import LinkField
from .routing import RememberedViewRestrictions


class SocialMetaMixin(RememberedViewRestrictions, models.Model):
    """The picture shown when a page is shared; every public page type inherits this.
    (It also brings home.routing's remembered view restrictions to every public page type.)

    Put it before Page in the bases: `class BlogPage(SocialMetaMixin, Page)`."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared (cropped to 1200×630). Falls back to the page's lead image.",
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    class Meta:
        abstract = True

    def get_social_image(self):
        """Page types with a lead image override this to fall back on it."""
        return self.social_image

    @property
    def meta_description(self):
        # Pages with an intro (most of them) describe themselves with it when editors leave
        # the search description blank.
        return self.search_description or getattr(self, "intro", "")


class HomePage(SocialMetaMixin, Page):  # noqa: DJ008 (Page supplies __str__)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "blog.BlogIndexPage",
        "blog.VideoIndexPage",
        "portal.MembersIndexPage",
    ]


class StandardPage(SocialMetaMixin, Page):  # noqa: DJ008 (Page supplies __str__)
    """About us, policies, privacy notice: any page that is just words and pictures."""

    intro = models.TextField(blank=True, max_length=500)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]



class CallToAction(models.Model):
    """A reusable appeal (join, volunteer, donate) that editors drop into any page."""

    title = models.CharField(max_length=120)
    text = models.TextField(blank=True, max_length=500)
    button_label = models.CharField(max_length=60)
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_url = LinkField(blank=True, verbose_name="link URL")

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("button_label"),
        FieldPanel("link_page"),
        FieldPanel("link_url"),
    ]

    class Meta:
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.link_page_id) == bool(self.link_url):
            message = "Choose a page or enter a URL, not both."
            raise ValidationError({"link_page": message, "link_url": message})

    @property
    def href(self):
        if self.link_page_id:
            return self.link_page.url
        return self.link_url


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What every page shows around its content: name, logo, footer, donate link, imprint."""

    campaign_name = models.CharField(max_length=120, default="Muster")
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    facebook_url = models.URLField(blank=True, verbose_name="Facebook URL")
    x_url = models.URLField(blank=True, verbose_name="X URL")
    instagram_url = models.URLField(blank=True, verbose_name="Instagram URL")
    youtube_url = models.URLField(blank=True, verbose_name="YouTube URL")
    tiktok_url = models.URLField(blank=True, verbose_name="TikTok URL")

    footer_links = StreamField([("link", LinkBlock())], blank=True)

    donate_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    donate_url = LinkField(
        blank=True, verbose_name="donate URL", help_text="Used when no page is chosen: " + LINK_HELP_TEXT
    )

    contact_phone = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField(blank=True, max_length=500)

    imprint_promoter = models.CharField(
        "promoted by", max_length=200, blank=True, help_text="The person or party promoting this material."
    )
    imprint_on_behalf_of = models.CharField(
        "on behalf of", max_length=200, blank=True, help_text="Leave blank if the promoter is the candidate or party."
    )
    imprint_address = models.CharField(
        "imprint address", max_length=300, blank=True, help_text="The promoter's postal address."
    )

    select_related = ["logo", "donate_page"]

    panels = [
        MultiFieldPanel([FieldPanel("campaign_name"), FieldPanel("logo")], heading="Campaign"),
        MultiFieldPanel(
            [FieldPanel("imprint_promoter"), FieldPanel("imprint_on_behalf_of"), FieldPanel("imprint_address")],
            heading="Digital imprint",
            help_text="UK law requires this on all election material published online.",
        ),
        MultiFieldPanel([FieldPanel("donate_page"), FieldPanel("donate_url")], heading="Donations"),
        MultiFieldPanel([FieldPanel("contact_phone"), FieldPanel("postal_address")], heading="Contact"),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("tiktok_url"),
            ],
            heading="Social accounts",
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "site settings"

    @property
    def imprint(self):
        """The Elections Act 2022 digital imprint, or "" until the promoter is filled in."""
        if not (self.imprint_promoter and self.imprint_address):
            return ""
        if self.imprint_on_behalf_of:
            return (
                f"Promoted by {self.imprint_promoter} on behalf of {self.imprint_on_behalf_of}, "
                f"both at {self.imprint_address}"
            )
        return f"Promoted by {self.imprint_promoter} at {self.imprint_address}"

    @property
    def donate_href(self):
        if self.donate_page_id and self.donate_page.live:
            return self.donate_page.url
        return self.donate_url or "/donate/"

    @property
    def social_links(self):
        accounts = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(name, url) for name, url in accounts if url]
