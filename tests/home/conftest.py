"""Fixtures for the site frame: filled-in settings, images, pages of each kind."""

import pytest
import wagtail_factories
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction, Site

from home.models import SiteSettings, StandardPage

IMPRINT = "Promoted by Jo Bloggs on behalf of Sam Candidate, both at 1 High Street, London N1 1AA"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site_settings(home_page):
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.campaign_name = "Sam for Mayor"
    site_settings.imprint_promoter = "Jo Bloggs"
    site_settings.imprint_on_behalf_of = "Sam Candidate"
    site_settings.imprint_address = "1 High Street, London N1 1AA"
    site_settings.contact_phone = "020 7946 0000"
    site_settings.postal_address = "1 High Street\nLondon N1 1AA"
    site_settings.facebook_url = "https://www.facebook.com/samformayor"
    site_settings.donate_url = "https://donate.example.org/sam"
    site_settings.footer_links = [
        ("link", {"label": "Privacy notice", "page": None, "url": "https://example.org/privacy"})
    ]
    site_settings.save()
    return site_settings


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(title="Volunteers on a doorstep", file__width=1600, file__height=1000)


@pytest.fixture
def standard_page(home_page):
    return home_page.add_child(
        instance=StandardPage(title="About Sam", slug="about", intro="Sam has lived in the city for forty years.")
    )


@pytest.fixture
def members_only_page(home_page):
    page = home_page.add_child(
        instance=StandardPage(title="Members briefing", slug="briefing", intro="Canvassing script for members only.")
    )
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def draft_page(home_page):
    return home_page.add_child(
        instance=StandardPage(
            title="Unannounced policy", slug="unannounced", intro="Canvassing plans not yet out.", live=False
        )
    )


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def supporter(django_user_model):
    return django_user_model.objects.create_user(username="supporter", password="correct horse battery")


@pytest.fixture
def uncached_client(client):
    """A visitor with a session cookie that matches no session: the whole-page cache skips them (as
    it does anyone with a session), so every page is built, from the cached fragments it can use."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    return client
