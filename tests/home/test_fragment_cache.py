"""Cached fragments ({% generation_cache %}) are never older than the last change visitors should see."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from blog.factories import BlogCategoryFactory, BlogIndexPageFactory, BlogPageFactory
from home.page_cache import invalidate_all

FRAGMENT = Template('{% load generation_cache %}{% generation_cache "test" key %}{{ value }}{% endgeneration_cache %}')


def render(value, key="k", host="example.org", preview=False):
    request = RequestFactory().get("/", HTTP_HOST=host)
    if preview:
        request.is_preview = True
    return FRAGMENT.render(Context({"request": request, "value": value, "key": key}))


@pytest.fixture(autouse=True)
def _any_host(settings):
    settings.ALLOWED_HOSTS = ["*"]


def test_a_fragment_is_kept_until_the_next_publish():
    assert render("first") == "first"
    assert render("second") == "first"

    invalidate_all()

    assert render("third") == "third"


def test_a_fragment_varies_on_its_keys_and_the_host():
    assert render("first") == "first"

    assert render("second", key="other") == "second"
    assert render("third", host="other.example.org") == "third"


def test_a_preview_neither_reads_nor_fills_the_cache():
    assert render("published") == "published"

    assert render("draft", preview=True) == "draft"
    assert render("later") == "published"


def test_as_stores_the_fragment_for_later_in_the_template():
    template = Template(
        '{% load generation_cache %}{% generation_cache "name" as name %}<b>{{ value }}</b>{% endgeneration_cache %}'
        "[{{ name }}]"
    )
    context = Context({"request": RequestFactory().get("/", HTTP_HOST="example.org"), "value": "A & B"})

    assert template.render(context) == "[<b>A &amp; B</b>]"


def test_a_fragment_needs_a_name():
    with pytest.raises(TemplateSyntaxError, match="needs a fragment name"):
        Template("{% load generation_cache %}{% generation_cache %}x{% endgeneration_cache %}")


@pytest.fixture
def news(home_page, site_settings):
    index = BlogIndexPageFactory(parent=home_page)
    transport = BlogCategoryFactory(name="Transport")
    posts = [BlogPageFactory(parent=index, categories=[transport], title=f"Post {number}") for number in range(3)]
    home_page.body = [("latest_news", {"heading": "Latest news", "count": 3})]
    home_page.save_revision().publish()
    return posts


def test_renaming_an_author_shows_on_the_next_visit(uncached_client, news):
    post = news[0]
    assert f"By {post.author.name}" in uncached_client.get(post.url).content.decode()

    post.author.name = "Alex Renamed"
    post.author.save()

    assert "By Alex Renamed" in uncached_client.get(post.url).content.decode()


def test_renaming_a_category_shows_on_the_next_visit(uncached_client, news):
    post = news[0]
    assert ">Transport</a>" in uncached_client.get(post.url).content.decode()

    category = post.categories.get()
    category.name = "Buses and trains"
    category.save()

    assert ">Buses and trains</a>" in uncached_client.get(post.url).content.decode()


def test_a_post_made_members_only_leaves_every_cached_listing_at_once(uncached_client, client, news):
    secret = news[2]
    assert secret.title in uncached_client.get("/").content.decode()
    assert secret.title in uncached_client.get(news[0].url).content.decode()  # related news
    assert secret.title in client.get("/news/").content.decode()  # whole-page cache, too

    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)

    assert secret.title not in uncached_client.get("/").content.decode()
    assert secret.title not in uncached_client.get(news[0].url).content.decode()
    assert secret.title not in client.get("/news/").content.decode()



def test_fragments_stay_cached_when_the_page_cache_is_off(rf, settings):
    settings.PAGE_CACHE_SECONDS = 0
    renders = iter(range(1, 10))
    template = Template(
        '{% load generation_cache %}{% generation_cache "counter" %}{{ next_render }}{% endgeneration_cache %}'
    )

    def render():
        request = rf.get("/")
        return template.render(Context({"request": request, "next_render": lambda: next(renders)}))

    assert render() == "1"
    assert render() == "1"
