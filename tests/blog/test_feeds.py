"""RSS and Atom feeds at /news/feed/ and /news/feed/atom/: valid XML, public posts only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.factories import BlogAuthorFactory, BlogCategoryFactory, BlogIndexPageFactory, BlogPageFactory
from blog.feeds import FEED_LENGTH
from blog.models import BlogCategory

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/news/feed/", "/news/feed/atom/"]


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 (our own feed, not untrusted input)


def rss_items(response):
    channel = parse(response).find("channel")
    return channel, channel.findall("item")


def atom_entries(response):
    feed = parse(response)
    return feed, feed.findall(f"{ATOM}entry")


def feed_titles(response):
    root = parse(response)
    if root.tag == "rss":
        return [item.findtext("title") for item in root.find("channel").findall("item")]
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def posts(news_index):
    public = BlogPageFactory(
        parent=news_index,
        title="Public post",
        intro="Everyone can read this.",
        slug="public-post",
        date_published=datetime.date(2025, 5, 1),
        author=BlogAuthorFactory(name="Amira Khan"),
        categories=[BlogCategoryFactory(name="Press release")],
    )
    BlogPageFactory(parent=news_index, title="Draft post", live=False)
    restricted = BlogPageFactory(parent=news_index, title="Members-only post")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    return public


def test_rss_lists_public_posts_with_absolute_links(client, posts):
    response = client.get("/news/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel, items = rss_items(response)
    assert channel.findtext("title") == "Muster news"
    assert [item.findtext("title") for item in items] == ["Public post"]
    item = items[0]
    assert item.findtext("link") == "http://testserver/news/public-post/"
    assert item.findtext("description") == "Everyone can read this."
    assert item.findtext("pubDate").startswith("Thu, 01 May 2025")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Amira Khan"
    assert [category.text for category in item.findall("category")] == ["Press release"]


def test_atom_lists_public_posts_with_absolute_links(client, posts):
    response = client.get("/news/feed/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed, entries = atom_entries(response)
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Public post"]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/news/public-post/"
    assert entry.findtext(f"{ATOM}summary") == "Everyone can read this."
    assert entry.findtext(f"{ATOM}published").startswith("2025-05-01")
    assert entry.findtext(f"{ATOM}updated")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Amira Khan"
    assert entry.find(f"{ATOM}category").get("term") == "Press release"


@pytest.mark.parametrize("url", FEEDS)
def test_posts_under_a_restricted_section_stay_out(client, home_page, url):
    members_news = BlogIndexPageFactory(parent=home_page, title="Members news", slug="members-news")
    BlogPageFactory(parent=members_news, title="Inside a private section")
    PageViewRestriction.objects.create(page=members_news, restriction_type=PageViewRestriction.LOGIN)

    assert feed_titles(client.get(url)) == []


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_hold_the_newest_twenty(client, news_index, url):
    for day in range(1, 23):
        BlogPageFactory(parent=news_index, title=f"Post {day}", date_published=datetime.date(2025, 1, day))

    titles = feed_titles(client.get(url))

    assert titles == [f"Post {day}" for day in range(22, 2, -1)]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_work_without_a_news_index(client, home_page, url):
    response = client.get(url)

    assert response.status_code == 200
    assert feed_titles(response) == []


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_work_without_any_site(client, root_page, url):
    from wagtail.models import Site

    Site.objects.all().delete()

    response = client.get(url)

    assert response.status_code == 200
    assert feed_titles(response) == []


@pytest.mark.parametrize("url", FEEDS)
def test_feed_queries_do_not_grow_with_posts(client, news_index, url, settings):
    """Every post has its own author, categories and tags: a per-item query would show as 18 more."""

    def count_queries():
        # A session cookie that matches no session: the whole-page cache skips the visitor.
        client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
        client.get(url)  # warm: site root paths
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add_posts(count):
        for _ in range(count):
            category = BlogCategoryFactory(name=f"Category {BlogCategory.objects.count()}")
            BlogPageFactory(parent=news_index, author=BlogAuthorFactory(), categories=[category], tags=["buses"])

    add_posts(2)
    two = count_queries()
    add_posts(18)

    assert len(feed_titles(client.get(url))) == FEED_LENGTH
    assert count_queries() == two
