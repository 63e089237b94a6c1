"""factory_boy factories for news and videos; tests and seed_demo build with them."""

import factory
import wagtail_factories
from django.utils.text import slugify
from wagtail.models import Collection

from home.factories import ImageFactory

from .models import BlogAuthor, BlogCategory, BlogIndexPage, BlogPage, VideoIndexPage, VideoPage

CATEGORY_NAMES = ["Featured", "News", "Comment", "Press release"]
# A minimal WebVTT file: one caption.
SAMPLE_CAPTIONS = b"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nHello from the campaign.\n"


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    """Cycles through the four seed categories; asking for an existing name returns that category."""

    name = factory.Iterator(CATEGORY_NAMES)
    slug = factory.LazyAttribute(lambda category: slugify(category.name))

    class Meta:
        model = BlogCategory
        django_get_or_create = ("name",)


class BlogAuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name", locale="en_GB")
    role = factory.Iterator(["Candidate", "Press officer", "Campaign manager", "Volunteer"])

    class Meta:
        model = BlogAuthor


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    """Pass parent=<HomePage>."""

    title = "News"
    slug = "news"
    intro = "What the campaign is doing, saying and planning."

    class Meta:
        model = BlogIndexPage


class BlogPageFactory(wagtail_factories.PageFactory):
    """Pass parent=<BlogIndexPage>; categories=[...] and tags=["buses", ...] are optional."""

    title = factory.Faker("sentence", nb_words=6)
    slug = factory.Sequence(lambda number: f"post-{number}")
    intro = factory.Faker("sentence", nb_words=20)
    date_published = factory.Faker("date_between", start_date="-1y", end_date="today")
    author = factory.SubFactory(BlogAuthorFactory)
    lead_image = None
    lead_image_alt = ""
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "At the station", "size": "h2"}),
            ("paragraph", "<p>We met residents at the station this morning.</p>"),
        ]
    )

    class Meta:
        model = BlogPage

    class Params:
        with_lead_image = factory.Trait(
            lead_image=factory.SubFactory(ImageFactory, width=480, height=270),
            lead_image_alt="Campaigners with leaflets outside a station",
        )

    @factory.post_generation
    def categories(post, create, categories):
        if categories:
            post.categories.set(categories)
            return True
        return False

    @factory.post_generation
    def tags(post, create, tags):
        if tags:
            post.tags.add(*tags)
            return True
        return False

    @classmethod
    def _after_postgeneration(cls, post, create, results=None):
        # One save stores both categories and tags (they live in the page's cluster until then).
        if create and any((results or {}).values()):
            post.save()


class VideoIndexPageFactory(wagtail_factories.PageFactory):
    """Pass parent=<HomePage>."""

    title = "Videos"
    slug = "videos"
    intro = "Watch the campaign: speeches, explainers and days out."

    class Meta:
        model = VideoIndexPage


class VideoDocumentFactory(wagtail_factories.DocumentFactory):
    """A tiny stand-in video file (not playable: tests and demo data only need the document)."""

    title = "Campaign video"
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="campaign-video.mp4", data=b"\x00\x00\x00\x18ftypmp42")


class CaptionsDocumentFactory(wagtail_factories.DocumentFactory):
    title = "Captions"
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="captions.vtt", data=SAMPLE_CAPTIONS)


class VideoPageFactory(wagtail_factories.PageFactory):
    """Pass parent=<VideoIndexPage>. A YouTube video by default; `self_hosted=True` gives a video file
    with poster and captions instead."""

    title = factory.Faker("sentence", nb_words=5)
    slug = factory.Sequence(lambda number: f"video-{number}")
    intro = factory.Faker("sentence", nb_words=16)
    date_published = factory.Faker("date_between", start_date="-1y", end_date="today")
    embed_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    description = "<p>Filmed on the campaign trail.</p>"
    transcript = "<p>Speaker: Thank you all for coming out this morning.</p>"

    class Meta:
        model = VideoPage

    class Params:
        self_hosted = factory.Trait(
            embed_url="",
            video_file=factory.SubFactory(VideoDocumentFactory),
            captions=factory.SubFactory(CaptionsDocumentFactory),
            poster_image=factory.SubFactory(ImageFactory, width=480, height=270),
        )
