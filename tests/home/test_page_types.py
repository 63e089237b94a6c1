"""Where each home page type may be created."""

import pytest
from django.apps import apps
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPage, VideoIndexPage
from home.models import HomePage, StandardPage


@pytest.fixture
def page_rules():
    """Wagtail's own assertCanCreateAt / assertCanNotCreateAt, borrowed from its test case."""
    return WagtailPageTestCase(methodName="run")


@pytest.mark.django_db
def test_home_page_sits_only_at_the_root(page_rules):
    page_rules.assertCanCreateAt(Page, HomePage)
    page_rules.assertCanNotCreateAt(HomePage, HomePage)
    page_rules.assertCanNotCreateAt(StandardPage, HomePage)


@pytest.mark.django_db
def test_home_page_holds_standard_pages_and_the_news_video_and_members_sections(page_rules):
    members_index = apps.get_model("portal", "MembersIndexPage")

    page_rules.assertAllowedSubpageTypes(HomePage, {StandardPage, BlogIndexPage, VideoIndexPage, members_index})


@pytest.mark.django_db
def test_standard_pages_nest_under_home_and_each_other_only(page_rules):
    page_rules.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
    page_rules.assertCanNotCreateAt(BlogPage, StandardPage)


def test_only_one_home_page_is_allowed(home_page, root_page):
    assert not HomePage.can_create_at(root_page)
