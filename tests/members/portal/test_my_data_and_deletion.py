"""My data (everything held about me, as JSON) and deleting my account (erased, opted out, logged out)."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from members.people.models import Activity, ActivityKind, Channel, ConsentRecord, ConsentSource, Supporter
from members.people.services import current_consent, grant_consent, record_activity
from members.people.signals import supporter_erased

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def history(member):
    grant_consent(member, Channel.EMAIL, source=ConsentSource.FORM, wording="Email me, please")
    record_activity(member, ActivityKind.ATTENDED, summary="Leafleting at King's Cross")
    member.tags.add("drivers")
    member.first_source = {"utm_source": "newsletter", "source": "signup"}
    member.save()
    Supporter.objects.create(email="friend@example.org", recruiter=member)
    return member


def test_my_data_downloads_everything_held_about_me(logged_in, history):
    response = logged_in.get("/members/my-data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["supporter"]["email"] == "ada@example.org"
    assert data["supporter"]["phone"] == "+447911123456"
    assert data["supporter"]["postcode"] == "N1 9GU"
    assert data["supporter"]["area"] == "Islington"
    assert data["supporter"]["recruiter_code"] == history.recruiter_code
    assert data["consents"] == [
        {
            "channel": "email",
            "granted": True,
            "at": data["consents"][0]["at"],
            "source": "form",
            "wording": "Email me, please",
        }
    ]
    assert [(item["kind"], item["description"]) for item in data["activities"]] == [
        ("attended", "Leafleting at King's Cross")
    ]
    assert data["tags"] == ["drivers"]
    assert data["recruits_count"] == 1
    assert data["first_source"] == {"utm_source": "newsletter", "source": "signup"}
    assert data["account"]["emails"] == [{"email": "ada@example.org", "verified": True, "primary": True}]


def test_my_data_holds_only_my_data(logged_in, history):
    other = Supporter.objects.create(email="someone@example.org", first_name="Someone")
    record_activity(other, ActivityKind.DONATED, summary="Someone else's gift")

    body = logged_in.get("/members/my-data/").content.decode()

    assert "someone@example.org" not in body
    assert "Someone else's gift" not in body
    assert "friend@example.org" not in body


def test_my_data_answers_get_only(logged_in):
    assert logged_in.post("/members/my-data/").status_code == 405


def test_delete_asks_for_confirmation_first(logged_in, member):
    response = logged_in.get("/members/delete/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Type your email address to confirm" in html
    assert Supporter.objects.get(pk=member.pk).erased_at is None


@pytest.mark.parametrize("typed", ["", "someone@example.org", "x" * 10_000, "<script>alert(1)</script>"])
def test_delete_with_the_wrong_confirmation_changes_nothing(logged_in, member, typed):
    response = logged_in.post("/members/delete/", {"email": typed})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_email">' in html
    assert "<script>alert(1)</script>" not in html
    assert Supporter.objects.get(pk=member.pk).erased_at is None
    assert get_user_model().objects.filter(pk=member.user.pk).exists()


def test_delete_erases_opts_out_logs_out_and_blocks_login(
    client, logged_in, history, members_index, django_capture_on_commit_callbacks
):
    user_pk = history.user.pk
    erased = []

    def listener(sender, supporter, **kwargs):
        erased.append(supporter.pk)

    supporter_erased.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = logged_in.post("/members/delete/", {"email": "ADA@example.org"})
    finally:
        supporter_erased.disconnect(listener)

    assert response.status_code == 302
    assert response["Location"] == "/members/account-deleted/"
    assert "Your account is deleted" in client.get("/members/account-deleted/").content.decode()
    supporter = Supporter.objects.get(pk=history.pk)
    assert supporter.erased_at is not None
    assert (supporter.first_name, supporter.last_name, supporter.email, supporter.phone, supporter.postcode) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert list(supporter.tags.names()) == []
    assert current_consent(supporter) == {"email": False, "sms": False, "phone": False}
    withdrawals = ConsentRecord.objects.filter(supporter=supporter, granted=False)
    assert {row.channel for row in withdrawals} == {"email", "sms", "phone"}
    assert {row.source for row in withdrawals} == {ConsentSource.ACCOUNT_DELETION}
    activity = Activity.objects.get(supporter=supporter)
    assert (activity.kind, activity.summary) == (ActivityKind.ATTENDED, "")
    assert erased == [history.pk]
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not EmailAddress.objects.filter(email__iexact="ada@example.org").exists()
    assert client.get("/members/").status_code == 302
    login = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert login.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_staff_account_is_not_deleted_from_the_members_area(client, member):
    user = member.user
    user.is_staff = True
    user.save()
    client.force_login(user)

    response = client.post("/members/delete/", {"email": "ada@example.org"})

    assert "Staff accounts are closed by an administrator" in response.content.decode()
    assert Supporter.objects.get(pk=member.pk).erased_at is None
    assert get_user_model().objects.filter(pk=user.pk).exists()
