"""factory_boy factories for the members' area pages and documents; tests and seed_demo build with them."""

import factory
import wagtail_factories

from .models import MemberArticlePage, MembersIndexPage, MemberVideoPage
from .services import members_collection


class MembersIndexPageFactory(wagtail_factories.PageFactory):
    """Pass parent=<HomePage>; saving it gives the page its login restriction."""

    title = "Members' area"
    slug = "members"
    intro = "<p>Thank you for being part of the campaign. This is your space.</p>"

    class Meta:
        model = MembersIndexPage


class MemberArticlePageFactory(wagtail_factories.PageFactory):
    """Pass parent=<MembersIndexPage>."""

    title = factory.Faker("sentence", nb_words=5)
    slug = factory.Sequence(lambda number: f"members-article-{number}")
    intro = factory.Faker("sentence", nb_words=14)
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>For supporters only: what we are planning next.</p>"}]
    )

    class Meta:
        model = MemberArticlePage


class MemberVideoPageFactory(wagtail_factories.PageFactory):
    """Pass parent=<MembersIndexPage>. An (unlisted) YouTube video by default."""

    title = factory.Faker("sentence", nb_words=5)
    slug = factory.Sequence(lambda number: f"members-video-{number}")
    intro = factory.Faker("sentence", nb_words=14)
    embed_url = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    transcript = "<p>Speaker: This briefing is for our volunteers.</p>"

    class Meta:
        model = MemberVideoPage


class MembersDocumentFactory(wagtail_factories.DocumentFactory):
    """A document in the Members only collection."""

    title = "Canvassing script"
    collection = factory.LazyFunction(members_collection)
    file = factory.django.FileField(filename="canvassing-script.txt", data=b"Hello, I'm calling from the campaign.\n")
