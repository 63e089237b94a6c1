"""The news index at /news/: newest first, by category or tag, paginated, never a 500."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.factories import BlogCategoryFactory, BlogPageFactory

START = datetime.date(2025, 1, 1)


def post_on(news_index, day, **kwargs):
    return BlogPageFactory(parent=news_index, date_published=START + datetime.timedelta(days=day), **kwargs)


def card_titles(response):
    return [post.title for post in response.context["posts"]]


def test_lists_live_public_posts_newest_first(client, news_index):
    older = post_on(news_index, 1, title="Older post")
    newer = post_on(news_index, 2, title="Newer post")
    post_on(news_index, 3, title="A draft", live=False)
    members_only = post_on(news_index, 4, title="Members only")
    PageViewRestriction.objects.create(page=members_only, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/news/")

    assert response.status_code == 200
    assert card_titles(response) == [newer.title, older.title]
    content = response.content.decode()
    assert "A draft" not in content
    assert "Members only" not in content
    assert f'<time datetime="{newer.date_published:%Y-%m-%d}">' in content


def test_empty_index_says_so(client, news_index):
    response = client.get("/news/")

    assert response.status_code == 200
    assert "No news yet." in response.content.decode()


def test_filter_by_category(client, news_index):
    press = BlogCategoryFactory(name="Press release")
    comment = BlogCategoryFactory(name="Comment")
    release = post_on(news_index, 1, title="Our manifesto", categories=[press])
    post_on(news_index, 2, title="Why buses matter", categories=[comment])

    response = client.get("/news/?category=press-release")

    assert response.status_code == 200
    assert card_titles(response) == [release.title]
    assert "<h1>News: Press release</h1>" in response.content.decode()


def test_filter_by_tag(client, news_index):
    tagged = post_on(news_index, 1, title="Fares frozen", tags=["buses"])
    post_on(news_index, 2, title="Housing plan", tags=["housing"])

    response = client.get("/news/?tag=buses")

    assert response.status_code == 200
    assert card_titles(response) == [tagged.title]
    assert "#buses" in response.content.decode()


def test_category_with_no_posts_yet_says_so(client, news_index):
    BlogCategoryFactory(name="Comment")

    response = client.get("/news/?category=comment")

    assert response.status_code == 200
    assert "No news in Comment yet." in response.content.decode()


@pytest.mark.parametrize("query", ["category=no-such-category", "tag=no-such-tag"])
def test_unknown_category_or_tag_is_not_found(client, news_index, query):
    post_on(news_index, 1, tags=["buses"], categories=[BlogCategoryFactory(name="News")])

    assert client.get(f"/news/?{query}").status_code == 404


def test_tag_used_only_outside_news_is_not_found(client, news_index):
    from taggit.models import Tag

    Tag.objects.create(name="internal", slug="internal")

    assert client.get("/news/?tag=internal").status_code == 404


def test_pagination_ten_per_page_keeps_the_filter(client, news_index):
    news = BlogCategoryFactory(name="News")
    for day in range(12):
        post_on(news_index, day, categories=[news])

    first = client.get("/news/?category=news")
    second = client.get("/news/?category=news&page=2")

    assert len(first.context["posts"]) == 10
    assert len(second.context["posts"]) == 2
    content = first.content.decode()
    assert '<nav class="d-print-none mt-4" aria-label="News: pages">' in content
    assert 'href="?category=news&amp;page=2"' in content
    assert 'aria-current="page"><span class="visually-hidden">Page </span>1</a>' in content


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("abc", 1),
        ("", 1),
        ("1.5", 1),
        ("0", 2),
        ("-1", 2),
        ("99999", 2),
        ("9" * 5000, 1),
        ("1e999", 1),
        ("%00", 1),
    ],
)
def test_bad_page_numbers_fall_back_to_first_or_last_page(client, news_index, page, shown):
    for day in range(11):
        post_on(news_index, day)

    response = client.get(f"/news/?page={page}")

    assert response.status_code == 200
    assert response.context["posts"].number == shown


@pytest.mark.parametrize(
    "query",
    [
        "category=<script>alert(1)</script>",
        "tag=' OR 1=1 --",
        "tag=%00",
        "category=" + "a" * 5000,
        "tag=" + "b" * 5000,
        "category=news&category=comment",
        "category[]=news",
    ],
)
def test_hostile_filters_are_not_found_or_ignored_never_a_500(client, news_index, query):
    post_on(news_index, 1, categories=[BlogCategoryFactory(name="News")])

    response = client.get(f"/news/?{query}")

    assert response.status_code in (200, 404)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_index_responds_to_no_site_request_with_only_public_links(client, news_index):
    post = post_on(news_index, 1, title="Visible post")

    content = client.get("/news/").content.decode()

    assert f'href="{post.url}"' in content
    assert "csrfmiddlewaretoken" not in content


def test_card_shows_lead_image_with_alt_text_categories_and_tags(client, news_index):
    post_on(
        news_index,
        1,
        with_lead_image=True,
        lead_image_alt="Volunteers at Walthamstow Central",
        categories=[BlogCategoryFactory(name="News")],
        tags=["buses"],
    )

    content = client.get("/news/").content.decode()

    assert 'alt="Volunteers at Walthamstow Central"' in content
    assert "fill-480x270" in content
    assert 'href="/news/?category=news"' in content
    assert 'href="/news/?tag=buses"' in content


def count_queries(client, url):
    # The page cache is emptied before each request so the page is built every time; the first
    # request makes any missing image renditions, the second is the one counted.
    cache.clear()
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_index_queries_do_not_grow_with_posts(client, news_index):
    """One post, a full page of ten, and five hundred posts: the same number of queries. Every card has
    its own image, author, category and tags, so a per-card query would show between 1 and 10."""
    categories = [BlogCategoryFactory(name=name) for name in ("Featured", "News")]
    post_on(news_index, 1000, with_lead_image=True, categories=categories, tags=["buses", "trains"])
    one = count_queries(client, "/news/")
    for day in range(1001, 1010):
        post_on(news_index, day, with_lead_image=True, categories=categories, tags=["buses", f"tag-{day}"])
    ten = count_queries(client, "/news/")

    for day in range(490):  # older than the first ten, so page one shows the same cards
        post_on(news_index, day, author=None)
    five_hundred = count_queries(client, "/news/")

    assert news_index.get_children().count() == 500
    assert one == ten == five_hundred


def test_topics_menu_lists_categories_with_live_posts_and_marks_the_current_one(client, news_index):
    from blog.factories import BlogCategoryFactory, BlogPageFactory

    buses = BlogCategoryFactory(name="Buses", slug="buses")
    BlogCategoryFactory(name="Empty", slug="empty")
    BlogPageFactory(parent=news_index, categories=[buses])

    content = client.get("/news/?category=buses").content.decode()
    topics = content.split('aria-label="News topics"')[1].split("</nav>")[0]
    assert '<a href="/news/?category=buses" aria-current="page">Buses</a>' in topics
    assert "Empty" not in topics
    assert '<a href="/news/">All</a>' in topics


def test_topics_menu_leaves_out_a_category_only_restricted_posts_use(client, news_index):
    buses = BlogCategoryFactory(name="Buses", slug="buses")
    briefings = BlogCategoryFactory(name="Briefings", slug="briefings")
    BlogPageFactory(parent=news_index, categories=[buses])
    restricted = BlogPageFactory(parent=news_index, categories=[buses, briefings])
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    content = client.get("/news/").content.decode()
    topics = content.split('aria-label="News topics"')[1].split("</nav>")[0]
    assert topics.count(">Buses</a>") == 1
    assert "Briefings" not in content
