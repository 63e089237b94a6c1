"""Fixtures for news and video tests: uploads go to a temporary folder, and the two index pages."""

import pytest

from blog.factories import BlogIndexPageFactory, VideoIndexPageFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def news_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def video_index(home_page):
    return VideoIndexPageFactory(parent=home_page)
