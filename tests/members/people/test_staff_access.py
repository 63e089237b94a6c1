"""Who reaches the People admin: anonymous, supporters, editors, organisers with and without a second factor."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.utils.http import urlencode

from members.people.models import Segment, Supporter

from .staff import STAFF_PASSWORD, give_authenticator_app, make_staff, sign_in, sign_in_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return Supporter.objects.create(first_name="Ada", last_name="Lovelace", email="ada@example.org")


@pytest.fixture
def segment(db):
    return Segment.objects.create(name="Camden", filters={"areas": ["Camden"]})


@pytest.fixture
def supporter_urls(person, segment):
    return [
        "/admin/supporters/",
        f"/admin/supporters/inspect/{person.pk}/",
        f"/admin/supporters/edit/{person.pk}/",
        "/admin/segments/",
        f"/admin/segments/inspect/{segment.pk}/",
        f"/admin/segments/edit/{segment.pk}/",
        "/admin/segments/new/",
        "/admin/points-rules/",
        "/admin/people-reports/",
        f"/admin/bulk/people/supporter/add_tag/?id={person.pk}",
    ]


def test_the_groups_exist_with_the_right_permissions():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("content_type__app_label", "codename"))
    organisers = set(
        Group.objects.get(name="Organisers").permissions.values_list("content_type__app_label", "codename")
    )
    assert ("wagtailadmin", "access_admin") in editors
    assert not {codename for app, codename in editors if app == "people"}
    assert ("wagtailadmin", "access_admin") in organisers
    assert {("people", "view_supporter"), ("people", "change_supporter"), ("people", "add_segment")} <= organisers
    assert ("people", "delete_supporter") not in organisers


def test_anonymous_visitors_are_sent_to_the_site_login(client, supporter_urls):
    for url in supporter_urls:
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == f"/accounts/login/?{urlencode({'next': url})}", url
        assert b"Lovelace" not in response.content


def test_the_admin_sign_in_page_hands_over_to_allauth_with_a_safe_next(client):
    assert client.get("/admin/login/?next=/admin/pages/").url == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert client.get("/admin/login/?next=https://evil.example/").url == "/accounts/login/?next=%2Fadmin%2F"


def test_wagtails_password_only_sign_in_form_is_not_offered(client):
    organiser = make_staff("organiser", group="Organisers")
    response = client.post("/admin/login/", {"username": "organiser", "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    organiser.refresh_from_db()
    assert organiser.last_login is None


def test_a_supporter_without_staff_access_is_turned_away(client, supporter_urls):
    user = get_user_model().objects.create_user("member", "member@example.org", "x")
    client.force_login(user)
    for url in supporter_urls:
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        assert "not a staff account" in response.content.decode()
        assert b"Lovelace" not in response.content


def test_an_editor_reaches_pages_but_no_supporter_data(client, supporter_urls, home_page):
    editor = make_staff("editor", group="Editors")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{home_page.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{home_page.pk}/edit/").status_code == 200
    for url in supporter_urls:
        response = client.get(url)
        # Wagtail answers a missing permission by sending staff back to the dashboard with a message.
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response.url == "/admin/", url
    dashboard = client.get("/admin/", follow=True).content.decode()
    assert "Ada" not in dashboard
    assert "/admin/supporters/" not in dashboard
    assert "/admin/people-reports/" not in dashboard


def test_an_organiser_without_an_authenticator_is_sent_to_set_one_up(client, supporter_urls):
    organiser = make_staff("organiser", group="Organisers")
    sign_in(client, organiser)
    for url in supporter_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == "/accounts/2fa/totp/activate/", url
    page = client.get("/admin/supporters/", follow=True)
    assert "two-factor authentication" in page.content.decode()


def test_an_organiser_signed_in_with_their_authenticator_sees_supporter_data(client, supporter_urls):
    organiser = make_staff("organiser", group="Organisers")
    secret = give_authenticator_app(organiser)
    sign_in_with_second_factor(client, organiser, secret)
    for url in supporter_urls:
        assert client.get(url).status_code == 200, url
    assert "Lovelace" in client.get("/admin/supporters/").content.decode()
    menu = client.get("/admin/").content.decode()
    assert "/admin/supporters/" in menu
    assert "/admin/people-reports/" in menu


def test_a_password_only_session_must_enter_a_code_even_with_an_authenticator(client, person):
    """Signing in through Wagtail's own form skips allauth's second step; the gate asks for the code."""
    organiser = make_staff("organiser", group="Organisers")
    give_authenticator_app(organiser)
    client.force_login(organiser)
    response = client.get("/admin/supporters/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fsupporters%2F"


def test_superusers_need_a_second_factor_too(client):
    admin = make_staff("boss", superuser=True)
    client.force_login(admin)
    assert client.get("/admin/supporters/").url == "/accounts/2fa/totp/activate/"
    assert client.get("/admin/").status_code == 200


@override_settings(MUSTER_REQUIRE_STAFF_MFA=False)
def test_with_the_requirement_switched_off_organisers_pass_without_a_second_factor(client, supporter_urls):
    organiser = make_staff("organiser", group="Organisers")
    client.force_login(organiser)
    for url in supporter_urls:
        assert client.get(url).status_code == 200, url


def test_staff_with_only_page_permissions_and_a_people_permission_count_as_supporter_staff(client):
    clerk = make_staff("clerk", group="Editors")
    clerk.user_permissions.add(Permission.objects.get(codename="view_activity"))
    client.force_login(clerk)
    assert client.get("/admin/supporters/").url == "/accounts/2fa/totp/activate/"


def test_reading_the_export_log_needs_a_second_factor(client):
    """The log shows what was searched for (often a supporter's name) and who exported from where."""
    auditor = make_staff("auditor", group="Editors")
    auditor.user_permissions.add(Permission.objects.get(codename="view_exportlog"))
    client.force_login(auditor)
    assert client.get("/admin/people/csv/export/log/").url == "/accounts/2fa/totp/activate/"
