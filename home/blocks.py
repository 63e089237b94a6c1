"""StreamField blocks shared by every page type."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .links import LinkURLBlock

PARAGRAPH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


def _require_exactly_one_target(value, page_field, url_field, message):
    """A link points at a page or a URL; both or neither is an editor's mistake."""
    if bool(value.get(page_field)) == bool(value.get(url_field)):
        raise StructBlockValidationError(
            block_errors={
                page_field: ErrorList([ValidationError(message)]),
                url_field: ErrorList([ValidationError(message)]),
            }
        )


class LinkValue(blocks.StructValue):
    @property
    def href(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page on this site or to any URL."""

    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = LinkURLBlock(required=False, label="URL")

    def clean(self, value):
        value = super().clean(value)
        _require_exactly_one_target(value, "page", "url", "Choose a page or enter a URL, not both.")
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        label = "Link"


class ButtonBlock(LinkBlock):
    style = blocks.ChoiceBlock(
        choices=[("primary", "Primary"), ("secondary", "Secondary"), ("outline", "Outline")],
        default="primary",
    )

    class Meta:
        icon = "link"
        value_class = LinkValue
        label = "Button"


class HeroBlock(blocks.StructBlock):
    headline = blocks.CharBlock(max_length=120)
    intro = blocks.TextBlock(required=False)
    image = ImageChooserBlock(required=False)
    alt_text = blocks.CharBlock(
        required=False, max_length=250, help_text="Describe the image for people who cannot see it."
    )
    video_page = blocks.PageChooserBlock(page_type="blog.VideoPage", required=False)
    video_url = blocks.URLBlock(required=False, label="Video URL")
    buttons = blocks.ListBlock(ButtonBlock(), default=[], help_text="For example Join, Volunteer, Donate.")

    def clean(self, value):
        value = super().clean(value)
        if value.get("image") and not value.get("alt_text"):
            raise StructBlockValidationError(
                block_errors={"alt_text": ErrorList([ValidationError("Images need alternative text.")])}
            )
        if value.get("image") and (value.get("video_page") or value.get("video_url")):
            raise StructBlockValidationError(
                block_errors={"image": ErrorList([ValidationError("Choose an image or a video, not both.")])}
            )
        if value.get("video_page") and value.get("video_url"):
            raise StructBlockValidationError(
                block_errors={"video_url": ErrorList([ValidationError("Choose a video page or a URL, not both.")])}
            )
        return value

    class Meta:
        icon = "pick"
        template = "blocks/hero.html"
        preview_value = {
            "headline": "Change starts on your street",
            "intro": "Join thousands of neighbours making the case in every borough.",
            "buttons": [
                {"label": "Join", "url": "https://example.org/accounts/signup/", "style": "primary"},
                {"label": "Donate", "url": "https://example.org/donate/", "style": "outline"},
            ],
        }


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        preview_value = "<p>We knock on doors every Saturday morning. Everyone is welcome.</p>"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    size = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        preview_value = {"text": "Why we are standing", "size": "h2"}


class CallToActionBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("home.CallToAction", **kwargs)

    class Meta:
        icon = "bullhorn"
        template = "blocks/call_to_action.html"


class LatestNewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, default="Latest news")
    count = blocks.IntegerBlock(min_value=1, max_value=12, default=3)

    def get_context(self, value, parent_context=None):
        # Imported here so home does not depend on blog when modules load.
        from blog.models import BlogPage

        context = super().get_context(value, parent_context=parent_context)
        context["posts"] = BlogPage.public_posts()[: value["count"]]
        return context

    class Meta:
        icon = "list-ul"
        template = "blocks/latest_news.html"
        preview_value = {"heading": "Latest news", "count": 3}


class FeaturedVideoBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    video = blocks.PageChooserBlock(page_type="blog.VideoPage")

    class Meta:
        icon = "media"
        template = "blocks/featured_video.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        preview_value = {"text": "I joined to fix the buses. I stayed for the people.", "attribution": "A volunteer"}


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(max_length=250, help_text="Describe the image for people who cannot see it.")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_with_caption.html"


class BaseStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    latest_news = LatestNewsBlock()
    featured_video = FeaturedVideoBlock()
