"""Remembered sites, routes and view restrictions never serve a page that is gone, moved or private."""

import time

import pytest
from wagtail.models import PageViewRestriction, Site

from home import routing
from home.models import StandardPage


@pytest.fixture
def about(standard_page):
    standard_page.save_revision().publish()
    return standard_page


@pytest.fixture
def policies(home_page):
    page = home_page.add_child(instance=StandardPage(title="Our policies", slug="policies"))
    page.save_revision().publish()
    return page


def visit_twice(client, path):
    """The first visit fills what routing remembers; the second is answered from it."""
    client.get(path)
    return client.get(path)


def test_a_page_is_served_again_from_what_routing_remembers(uncached_client, about):
    response = visit_twice(uncached_client, "/about/")

    assert response.status_code == 200
    assert "Sam has lived in the city for forty years." in response.content.decode()


def test_a_page_made_private_redirects_to_sign_in_at_once(uncached_client, about):
    visit_twice(uncached_client, "/about/")

    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)

    response = uncached_client.get("/about/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "forty years" not in visit_twice(uncached_client, "/about/").content.decode()


def test_a_page_under_a_newly_private_parent_redirects_to_sign_in(uncached_client, about):
    child = about.add_child(
        instance=StandardPage(title="Sam's record", slug="record", intro="Twelve years a councillor.")
    )
    child.save_revision().publish()
    visit_twice(uncached_client, "/about/record/")

    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)

    assert uncached_client.get("/about/record/").status_code == 302


def test_a_private_page_is_checked_every_time(uncached_client, members_only_page, supporter):
    assert visit_twice(uncached_client, "/briefing/").status_code == 302

    uncached_client.force_login(supporter)
    assert uncached_client.get("/briefing/").status_code == 200
    uncached_client.logout()

    assert uncached_client.get("/briefing/").status_code == 302


def test_a_password_protected_page_asks_for_the_password(uncached_client, about):
    visit_twice(uncached_client, "/about/")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")

    response = uncached_client.get("/about/")

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "forty years" not in response.content.decode()


def test_an_unpublished_page_is_gone_at_once(uncached_client, about):
    visit_twice(uncached_client, "/about/")

    about.unpublish()

    assert uncached_client.get("/about/").status_code == 404


def test_a_page_unpublished_behind_wagtails_back_is_gone_once_the_memo_lapses(uncached_client, about, monkeypatch):
    visit_twice(uncached_client, "/about/")

    StandardPage.objects.filter(pk=about.pk).update(live=False)
    assert uncached_client.get("/about/").status_code == 200, "served from memory for a short while"

    later = time.monotonic() + routing.PAGE_MEMO_SECONDS + 1
    monkeypatch.setattr(routing.time, "monotonic", lambda: later)
    assert uncached_client.get("/about/").status_code == 404


def test_each_request_gets_its_own_copy_of_a_remembered_page(uncached_client, about):
    first = visit_twice(uncached_client, "/about/")
    second = uncached_client.get("/about/")
    assert first.context["page"] is not second.context["page"]
    assert first.context["page"].pk == second.context["page"].pk


def test_a_moved_page_answers_at_its_new_address_only(uncached_client, about, policies):
    visit_twice(uncached_client, "/about/")

    about.move(policies, pos="last-child")

    old_address = uncached_client.get("/about/")
    assert old_address.status_code == 301  # Wagtail's automatic redirect, not the page
    assert old_address["Location"].endswith("/policies/about/")
    assert "forty years" in visit_twice(uncached_client, "/policies/about/").content.decode()


def test_a_renamed_page_answers_at_its_new_address_only(uncached_client, about):
    visit_twice(uncached_client, "/about/")

    about.slug = "about-sam"
    about.save_revision().publish()

    assert uncached_client.get("/about/").status_code == 404
    assert "forty years" in visit_twice(uncached_client, "/about-sam/").content.decode()


def test_a_page_deleted_and_replaced_at_the_same_address_shows_the_new_one(uncached_client, about, home_page):
    visit_twice(uncached_client, "/about/")

    about.delete()
    home_page.add_child(
        instance=StandardPage(title="About", slug="about", intro="A new page.")
    ).save_revision().publish()

    response = uncached_client.get("/about/")
    assert "A new page." in response.content.decode()
    assert "forty years" not in response.content.decode()


def test_pointing_the_site_at_another_root_serves_the_new_home_page(uncached_client, about, policies):
    visit_twice(uncached_client, "/")

    site = Site.objects.get(is_default_site=True)
    site.root_page = policies
    site.save()

    assert "<h1>Our policies</h1>" in uncached_client.get("/").content.decode()
    assert uncached_client.get("/about/").status_code == 404


def test_an_unknown_address_is_not_found(uncached_client, about):
    assert visit_twice(uncached_client, "/no-such-page/").status_code == 404


def test_wagtails_own_views_under_util_still_answer(uncached_client, about):
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    response = uncached_client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{about.pk}/",
        {"password": "s3cret", "return_url": "/about/"},
    )

    assert response.status_code == 302
    assert uncached_client.get("/about/").status_code == 200
