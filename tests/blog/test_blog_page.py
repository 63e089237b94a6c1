"""A news post: every field on the page, related posts, share links, and the lead image's alt text rule."""

import datetime
import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from blog.factories import BlogAuthorFactory, BlogCategoryFactory, BlogPageFactory
from home.factories import ImageFactory

SHARE_LINK = re.compile(r'<a class="btn btn-outline-primary btn-sm" href="([^"]+)"[^>]*>([^<]+)</a>')


def hrefs_by_label(content):
    """The share links' hrefs keyed by their visible label."""
    return {label: html.unescape(href) for href, label in SHARE_LINK.findall(content)}


def post_on(news_index, day, **kwargs):
    return BlogPageFactory(parent=news_index, date_published=datetime.date(2025, 1, day), **kwargs)


def test_post_renders_every_field(client, news_index):
    author = BlogAuthorFactory(name="Amira Khan", role="Candidate", photo=ImageFactory(width=96, height=96))
    post = BlogPageFactory(
        parent=news_index,
        title="Night buses for every borough",
        intro="We will run night buses on every route that has a day bus.",
        date_published=datetime.date(2025, 3, 14),
        author=author,
        with_lead_image=True,
        lead_image_alt="A night bus at Trafalgar Square",
        categories=[BlogCategoryFactory(name="Press release")],
        tags=["buses", "night economy"],
        body=[
            ("heading", {"text": "What changes", "size": "h2"}),
            ("paragraph", "<p>Every route with a day bus gets a night bus.</p>"),
        ],
    )

    response = client.get(post.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Night buses for every borough</h1>" in content
    assert "We will run night buses on every route that has a day bus." in content
    assert "By Amira Khan, Candidate" in content
    assert '<time datetime="2025-03-14">14 March 2025</time>' in content
    assert 'alt="A night bus at Trafalgar Square"' in content
    assert "What changes" in content
    assert "Every route with a day bus gets a night bus." in content
    assert 'href="/news/?category=press-release">Press release</a>' in content
    assert 'href="/news/?tag=night-economy">#night economy</a>' in content
    assert '<meta name="description" content="We will run night buses on every route that has a day bus.">' in content
    assert "csrfmiddlewaretoken" not in content


def test_search_description_wins_over_intro_for_meta(client, news_index):
    post = BlogPageFactory(parent=news_index, intro="The intro.", search_description="Written for search engines.")

    content = client.get(post.url).content.decode()

    assert '<meta name="description" content="Written for search engines.">' in content


def test_share_links_carry_the_encoded_address_and_title(client, news_index):
    post = BlogPageFactory(parent=news_index, title="Fares & fairness: 50% off?", slug="fares-fairness")
    page_url = "http://localhost/news/fares-fairness/"

    content = client.get(post.url).content.decode()
    links = hrefs_by_label(content)

    assert set(links) == {"Email", "WhatsApp", "Facebook", "X"}
    email = urlsplit(links["Email"])
    assert email.scheme == "mailto"
    assert parse_qs(email.query) == {"subject": ["Fares & fairness: 50% off?"], "body": [page_url]}
    assert links["WhatsApp"].startswith("https://wa.me/?text=")
    assert unquote(links["WhatsApp"].removeprefix("https://wa.me/?text=")) == f"Fares & fairness: 50% off? {page_url}"
    assert (
        links["Facebook"]
        == "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Flocalhost%2Fnews%2Ffares-fairness%2F"
    )
    tweet = urlsplit(links["X"])
    assert tweet.netloc == "twitter.com"
    assert tweet.path == "/intent/tweet"
    assert parse_qs(tweet.query) == {"url": [page_url], "text": ["Fares & fairness: 50% off?"]}
    # An unencoded & in the title would have split the query into an extra parameter.
    assert "&fairness" not in links["X"]
    assert 'aria-label="Share this page on WhatsApp"' in content
    assert "<script" not in content.split('<nav class="share-links')[1].split("</nav>")[0]


def test_related_posts_share_a_category_or_tag_newest_three_never_itself(client, news_index):
    buses = BlogCategoryFactory(name="News")
    post = BlogPageFactory(parent=news_index, title="This post", categories=[buses], tags=["buses"])
    by_category = [post_on(news_index, day, title=f"Category {day}", categories=[buses]) for day in (1, 2)]
    by_tag = post_on(news_index, 3, title="Tag match", tags=["buses"])
    post_on(news_index, 9, title="Unrelated", tags=["housing"])
    draft = post_on(news_index, 8, title="Draft", tags=["buses"], live=False)
    hidden = post_on(news_index, 7, title="Hidden", tags=["buses"])
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    related = list(post.related_posts())

    assert related == [by_tag, by_category[1], by_category[0]]
    assert draft not in related
    content = client.get(post.url).content.decode()
    assert '<h2 id="related-news">Related news</h2>' in content
    assert '<h3 class="h5 card-title"><a href="/news/post' in content
    assert "Unrelated" not in content


def test_post_without_categories_or_tags_has_no_related_section(client, news_index):
    post = BlogPageFactory(parent=news_index)
    BlogPageFactory(parent=news_index)

    assert list(post.related_posts()) == []
    assert "Related news" not in client.get(post.url).content.decode()


def test_lead_image_needs_alt_text(news_index):
    post = BlogPageFactory.build(lead_image=ImageFactory(), lead_image_alt="  ")

    with pytest.raises(ValidationError) as error:
        post.clean()

    assert error.value.message_dict["lead_image_alt"] == ["Describe the lead image for people who cannot see it."]


def test_post_without_lead_image_needs_no_alt_text(news_index):
    BlogPageFactory.build(lead_image=None, lead_image_alt="").clean()


def test_draft_and_restricted_posts_are_not_served_to_the_public(client, news_index):
    draft = BlogPageFactory(parent=news_index, live=False)
    restricted = BlogPageFactory(parent=news_index, title="Members briefing")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(draft.url_path.removeprefix("/home")).status_code == 404
    response = client.get(restricted.url)
    assert response.status_code == 302
    assert "Members briefing" not in response.content.decode()
