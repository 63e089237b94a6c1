"""Where news and video pages may be created in the page tree."""

import pytest
from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage, VideoIndexPage, VideoPage
from home.models import HomePage, StandardPage


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        (HomePage, BlogIndexPage),
        (BlogIndexPage, BlogPage),
        (HomePage, VideoIndexPage),
        (VideoIndexPage, VideoPage),
    ],
)
def test_allowed_parent(parent, child):
    assert child in parent.allowed_subpage_models()
    assert parent in child.allowed_parent_page_models()


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        (HomePage, BlogPage),
        (HomePage, VideoPage),
        (StandardPage, BlogPage),
        (StandardPage, BlogIndexPage),
        (BlogIndexPage, VideoPage),
        (VideoIndexPage, BlogPage),
        (BlogPage, BlogPage),
        (VideoPage, VideoPage),
        (Page, BlogIndexPage),
    ],
)
def test_forbidden_parent(parent, child):
    assert child not in parent.allowed_subpage_models()


def test_only_one_news_index_and_one_video_index(home_page, news_index, video_index):
    assert not BlogIndexPage.can_create_at(home_page)
    assert not VideoIndexPage.can_create_at(home_page)
    assert BlogPage.can_create_at(news_index)
    assert VideoPage.can_create_at(video_index)
