"""Fixtures for people: a site to render pages in, supporters, an organiser signed in, and a sign-up helper."""

import re

import pytest
from django.core import mail

from members.people.gateways import LocalSMSGateway
from members.people.models import Supporter

from .staff import make_staff

PASSWORD = "a long enough passphrase 42"


@pytest.fixture(autouse=True)
def _site(home_page):
    return home_page


@pytest.fixture(autouse=True)
def _empty_text_outbox():
    LocalSMSGateway.outbox.clear()
    yield
    LocalSMSGateway.outbox.clear()


@pytest.fixture
def organiser(db):
    return make_staff("organiser", group="Organisers")


@pytest.fixture
def organiser_client(client, settings, organiser):
    # The two-factor gate has its own tests (test_staff_access); here organisers pass it.
    settings.MUSTER_REQUIRE_STAFF_MFA = False
    client.force_login(organiser)
    return client


@pytest.fixture
def supporter(db):
    return Supporter.objects.create(
        first_name="Grace", last_name="Hopper", email="grace@example.org", phone="+447911123456", postcode="N1 9GU"
    )


def signup_data(**overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "postcode": "nw1 2db",
        "mobile": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sign_up(client, **overrides):
    return client.post("/accounts/signup/", signup_data(**overrides))


def confirmation_path(message):
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def verify_latest_email(client):
    path = confirmation_path(mail.outbox[-1])
    return client.post(path)
