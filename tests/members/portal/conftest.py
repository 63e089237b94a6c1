"""Fixtures for the members' area: its pages and private document, and the five kinds of visitor."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission

from home.models import SiteSettings
from members.people.models import Supporter
from members.portal.factories import (
    MemberArticlePageFactory,
    MembersDocumentFactory,
    MembersIndexPageFactory,
    MemberVideoPageFactory,
)

PASSWORD = "a long enough passphrase 42"


@pytest.fixture(autouse=True)
def _site(home_page):
    return home_page


@pytest.fixture
def members_index(home_page):
    return MembersIndexPageFactory(parent=home_page, title="Members' area", slug="members")


@pytest.fixture
def member_article(members_index):
    return MemberArticlePageFactory(
        parent=members_index,
        title="Secret polling day plan",
        slug="polling-day-plan",
        intro="Where we need you on the morning of the vote.",
        body=[{"type": "paragraph", "value": "<p>Meet at Zanzibar Street at seven.</p>"}],
    )


@pytest.fixture
def member_video(members_index):
    return MemberVideoPageFactory(parent=members_index, title="Volunteer briefing video", slug="briefing")


@pytest.fixture
def members_document(db):
    return MembersDocumentFactory(title="Doorstep script")


@pytest.fixture
def contact_settings(home_page):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.contact_phone = "020 7946 0000"
    settings.postal_address = "12 Example Street\nLondon N1 9GU"
    settings.save()
    return settings


def make_member(django_user_model, *, email="ada@example.org", first_name="Ada", last_name="Lovelace", **fields):
    """A user with a verified email and their supporter record, as complete_signup leaves them."""
    user = django_user_model.objects.create_user(username=email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    supporter = Supporter.objects.create(
        user=user, email=email, email_verified=True, first_name=first_name, last_name=last_name, **fields
    )
    return supporter


@pytest.fixture
def member(django_user_model):
    return make_member(django_user_model, postcode="N1 9GU", phone="+447911123456")


@pytest.fixture
def unverified_user(django_user_model):
    user = django_user_model.objects.create_user(username="new@example.org", email="new@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email="new@example.org", verified=False, primary=True)
    return user


@pytest.fixture
def editor(django_user_model):
    """Staff who write pages (Wagtail's Editors group) and have no supporter record."""
    user = django_user_model.objects.create_user(username="editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    EmailAddress.objects.create(user=user, email="editor@example.org", verified=True, primary=True)
    return user


@pytest.fixture
def organiser(django_user_model):
    """Staff who work with supporter data in the admin, and write no pages."""
    user = django_user_model.objects.create_user(username="organiser", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="people", content_type__model="supporter"),
    )
    EmailAddress.objects.create(user=user, email="organiser@example.org", verified=True, primary=True)
    return user
