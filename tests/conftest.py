"""Fixtures shared by every test: a Wagtail site with a home page, and clients."""

import pytest
from django.core.cache import cache
from wagtail.models import Page, Site


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def home_page(root_page):
    from home.models import HomePage

    for page in root_page.get_children():
        if not isinstance(page.specific, HomePage):
            page.delete()
    home = HomePage.objects.first()
    if home is None:
        home = root_page.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Muster"},
    )
    return home
