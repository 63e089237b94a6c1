"""Accounts through allauth: pages in the site frame, rate limits, and no account enumeration."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from .conftest import PASSWORD, sign_up, verify_latest_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    sign_up(client)
    verify_latest_email(client)
    client.logout()
    mail.outbox.clear()
    return get_user_model().objects.get()


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/confirm-email/"],
)
def test_account_pages_use_the_site_frame_and_are_never_page_cached(client, path):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<main id="main"' in html
    assert 'class="site-header' in html
    assert 'name="robots" content="noindex"' in html
    assert "X-Page-Cache" not in response


def test_signed_in_pages_render_for_a_member(client, member):
    client.force_login(member)
    for path in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/logout/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<main id="main"' in response.content.decode()


def test_repeated_failed_logins_are_stopped(client, member):
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"login": "ada@example.org", "password": "wrong password"})
        assert "The email address and/or password you specified are not correct." in response.content.decode()

    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, member):
    known = client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == "/accounts/password/reset/done/"
    assert client.get(known.url).content == client.get(unknown.url).content
    # Each address gets a mail, so the page itself reveals nothing.
    assert sorted(message.to[0] for message in mail.outbox) == ["ada@example.org", "nobody@example.org"]


def test_signup_with_a_registered_email_looks_like_any_other_signup(client, member):
    taken = sign_up(client, email="ADA@example.org")
    client.logout()
    fresh = sign_up(client, email="new@example.org")

    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url) == (302, "/accounts/confirm-email/")
    assert get_user_model().objects.count() == 2


def test_signups_from_one_address_are_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for number in range(2):
        sign_up(client, email=f"person{number}@example.org")
        client.logout()

    response = sign_up(client, email="person3@example.org")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not get_user_model().objects.filter(email="person3@example.org").exists()


def test_account_emails_name_the_campaign(client, settings):
    settings.CAMPAIGN_NAME = "Sadiq for London"
    sign_up(client)

    (message,) = mail.outbox
    assert message.body.startswith("Hello from Sadiq for London,")
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_a_verified_email_change_moves_the_supporters_address(client, member):
    from members.people.models import Supporter

    client.force_login(member)
    client.post("/accounts/email/", {"action_add": "", "email": "ada.new@example.org"})
    assert Supporter.objects.get().email == "ada@example.org"

    verify_latest_email(client)

    supporter = Supporter.objects.get()
    assert supporter.email == "ada.new@example.org"
    assert supporter.user == member
