"""Queries per public page stay within budget for a visitor the page cache does not serve."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.factories import (
    BlogCategoryFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    VideoIndexPageFactory,
    VideoPageFactory,
)
from home.factories import CallToActionFactory

QUERY_BUDGET = 15


@pytest.fixture
def site(home_page, site_settings, image, standard_page):
    """A home page with every block, a news index with posts sharing categories and tags, videos."""
    news_index = BlogIndexPageFactory(parent=home_page)
    categories = [BlogCategoryFactory(name="Transport"), BlogCategoryFactory(name="Housing")]
    posts = [
        BlogPageFactory(
            parent=news_index,
            with_lead_image=True,
            categories=[categories[number % 2]],
            tags=["buses", f"ward-{number}"],
        )
        for number in range(12)
    ]
    videos = [VideoPageFactory(parent=VideoIndexPageFactory(parent=home_page))]
    videos.append(VideoPageFactory(parent=videos[0].get_parent(), self_hosted=True))
    home_page.body = [
        (
            "hero",
            {
                "headline": "A fairer city for everyone",
                "intro": "Sam is standing for mayor.",
                "image": image,
                "alt_text": "Sam talking to neighbours",
                "video_page": None,
                "video_url": "",
                "buttons": [{"label": "Read about Sam", "page": standard_page, "url": "", "style": "primary"}],
            },
        ),
        ("paragraph", f'<p>Read <a linktype="page" id="{standard_page.pk}">about Sam</a>.</p>'),
        ("image", {"image": image, "alt_text": "A packed town hall", "caption": "The launch"}),
        ("call_to_action", CallToActionFactory(link_url="", link_page=standard_page)),
        ("latest_news", {"heading": "Latest news", "count": 6}),
        ("featured_video", {"heading": "Watch", "video": videos[1]}),
    ]
    home_page.social_image = image
    home_page.save_revision().publish()
    site_settings.logo = image
    site_settings.footer_links = [("link", {"label": "About Sam", "page": standard_page, "url": ""})]
    site_settings.save()
    return {"post": posts[5], "video": videos[1]}


@pytest.mark.parametrize("page", ["home", "news index", "news index, second page", "news by category", "post", "video"])
def test_a_page_runs_at_most_the_budgeted_queries(uncached_client, site, page, django_assert_max_num_queries):
    path = {
        "home": "/",
        "news index": "/news/",
        "news index, second page": "/news/?page=2",
        "news by category": "/news/?category=transport",
        "post": site["post"].url,
        "video": site["video"].url,
    }[page]
    uncached_client.get(path)  # warm: renditions, site root paths, cached fragments

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = uncached_client.get(path)

    assert response.status_code == 200
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize("path", ["/news/", "/news/?page=2", "/news/?page=999", "/search/?q=buses"])
def test_a_listing_served_from_its_cached_fragment_runs_no_listing_query(uncached_client, site, path):
    first = uncached_client.get(path).content.decode()

    with CaptureQueriesContext(connection) as queries:
        again = uncached_client.get(path).content.decode()

    assert again == first
    listing_queries = [query["sql"] for query in queries if "blog_blogpage" in query["sql"] or "COUNT(" in query["sql"]]
    assert listing_queries == []
