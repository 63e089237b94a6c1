"""The anonymous page cache: hits for visitors, never for people with a session, retired on change."""

import pytest
from django.core.cache import cache

from home.models import CallToAction
from home.page_cache import GenerationMemo, current_generation, invalidate_all


@pytest.fixture
def published_page(standard_page):
    standard_page.save_revision().publish()
    return standard_page


def test_second_anonymous_visit_is_served_from_the_cache(client, published_page):
    first = client.get("/about/")
    second = client.get("/about/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]


def test_logged_in_supporter_never_gets_a_cached_page(client, published_page, supporter):
    client.get("/about/")
    client.force_login(supporter)

    response = client.get("/about/")

    assert "X-Page-Cache" not in response
    assert response.status_code == 200


def test_editor_sees_the_userbar_and_the_cache_never_stores_it(client, published_page, editor):
    client.force_login(editor)
    assert "wagtail-userbar" in client.get("/about/").content.decode()
    client.logout()
    client.cookies.clear()

    anonymous = client.get("/about/")

    assert anonymous["X-Page-Cache"] == "miss"
    assert "wagtail-userbar" not in anonymous.content.decode()


def test_publishing_a_change_shows_on_the_next_visit(client, published_page):
    client.get("/about/")
    published_page.intro = "Sam has lived here all her life."
    published_page.save_revision().publish()

    response = client.get("/about/")

    assert response["X-Page-Cache"] == "miss"
    assert "Sam has lived here all her life." in response.content.decode()


def test_saving_site_settings_shows_on_the_next_visit(client, published_page, site_settings):
    client.get("/about/")
    site_settings.imprint_promoter = "Alex Agent"
    site_settings.save()

    assert "Promoted by Alex Agent" in client.get("/about/").content.decode()


def test_editing_a_call_to_action_shows_on_the_next_visit(client, published_page):
    appeal = CallToAction.objects.create(
        title="Give an hour", button_label="Volunteer", link_url="https://example.org/v"
    )
    published_page.body = [("call_to_action", appeal)]
    published_page.save_revision().publish()
    client.get("/about/")

    appeal.title = "Give two hours"
    appeal.save()

    assert "Give two hours" in client.get("/about/").content.decode()


def test_page_that_used_the_csrf_token_is_not_cached(client, settings, tmp_path, published_page):
    form_template = tmp_path / "home" / "standard_page.html"
    form_template.parent.mkdir()
    form_template.write_text('<form method="post">{% csrf_token %}<button>Send</button></form>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    first = client.get("/about/")
    second = client.get("/about/")

    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_a_zero_lifetime_switches_the_page_cache_off(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_an_emptied_cache_never_goes_back_to_an_earlier_generation(db):
    invalidate_all()
    before = current_generation()

    cache.clear()

    assert current_generation() > before


def test_a_memo_forgets_everything_when_the_generation_moves_on():
    memo = GenerationMemo(max_entries=2)
    memo.set(1, "a", "first")

    assert memo.get(1, "a") == "first"
    assert memo.get(2, "a") is None
    memo.set(2, "b", "second")
    assert memo.get(1, "a") is None
    assert memo.get(2, "b") == "second"


def test_a_memo_holds_no_more_than_its_bound():
    memo = GenerationMemo(max_entries=2)
    for key in "abc":
        memo.set(1, key, key)

    assert [memo.get(1, key) for key in "abc"] == ["a", "b", None]
