"""Sign-up through allauth end to end: form errors, consent, verification, joining existing records."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from members.people.models import Activity, ActivityKind, ConsentRecord, ConsentSource, PendingSignup, Supporter
from members.people.services import CONSENT_WORDING, record_activity

from .conftest import PASSWORD, confirmation_path, sign_up, verify_latest_email

pytestmark = pytest.mark.django_db


def input_tag(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def test_signup_page_has_both_consent_boxes_unticked_with_their_wording(client):
    html = client.get("/accounts/signup/").content.decode()

    for name in ("consent_email", "consent_sms"):
        tag = input_tag(html, name)
        assert 'type="checkbox"' in tag
        assert "checked" not in tag
    assert CONSENT_WORDING["email"] in html
    assert CONSENT_WORDING["sms"] in html
    assert '<label for="id_first_name"' in html or 'for="id_first_name"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": "ada@@example..org"}, "email", "Enter a valid email address."),
        ({"mobile": "12345"}, "mobile", "Enter a valid phone number"),
        ({"mobile": "call me maybe"}, "mobile", "Enter a valid phone number"),
        ({"mobile": "9" * 10_000}, "mobile", "Ensure this value has at most 32 characters"),
        ({"first_name": "A" * 10_000}, "first_name", "Ensure this value has at most 150 characters"),
        ({"last_name": "B" * 10_000}, "last_name", "Ensure this value has at most 150 characters"),
        ({"postcode": "not a postcode"}, "postcode", "Enter a UK postcode"),
        ({"postcode": ""}, "postcode", "This field is required."),
        ({"consent_sms": "on"}, "mobile", "Give a mobile number if you would like text messages."),
        ({"password2": "something else entirely"}, "password2", "You must type the same password each time."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(client, overrides, field, message):
    response = sign_up(client, **overrides)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not get_user_model().objects.exists()
    assert not Supporter.objects.exists()
    assert not mail.outbox


def test_html_in_a_name_is_shown_escaped_and_stored_literally(client):
    script = "<script>alert(1)</script>"
    response = sign_up(client, first_name=script, password2="mismatch to re-show the form")

    html = response.content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    sign_up(client, first_name=script)
    verify_latest_email(client)
    assert Supporter.objects.get().first_name == script


def test_signup_sends_a_verification_email_and_makes_no_supporter_until_verified(client):
    response = sign_up(client, consent_email="on")

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert not Supporter.objects.exists()
    assert PendingSignup.objects.get().details["consents"] == {"email": CONSENT_WORDING["email"]}


def test_unverified_user_cannot_log_in(client):
    sign_up(client)
    client.logout()

    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_verified_signup_creates_the_supporter_with_consent_wording_and_activity(client):
    sign_up(client, consent_email="on", consent_sms="on", mobile="07400 123456")
    verify_latest_email(client)

    supporter = Supporter.objects.get()
    user = get_user_model().objects.get()
    assert supporter.user == user
    assert supporter.email == "ada@example.org"
    assert supporter.email_verified
    assert (supporter.first_name, supporter.last_name) == ("Ada", "Lovelace")
    assert supporter.postcode == "NW1 2DB"
    assert supporter.area == "Camden"
    assert supporter.phone == "+447400123456"
    consents = {record.channel: record for record in ConsentRecord.objects.all()}
    assert set(consents) == {"email", "sms"}
    assert consents["email"].wording == CONSENT_WORDING["email"]
    assert consents["sms"].wording == CONSENT_WORDING["sms"]
    assert all(record.granted and record.source == ConsentSource.FORM for record in consents.values())
    assert list(supporter.activities.values_list("kind", flat=True)) == [ActivityKind.SIGNED_UP]
    assert supporter.points_total == 5
    assert not PendingSignup.objects.exists()


def test_unticked_boxes_record_no_consent(client):
    sign_up(client)
    verify_latest_email(client)

    assert not ConsentRecord.objects.exists()


def test_verified_user_can_log_in(client):
    sign_up(client)
    verify_latest_email(client)
    client.logout()

    response = client.post("/accounts/login/", {"login": "ADA@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get().pk)


def test_unverified_claim_to_an_imported_supporters_email_takes_nothing_over(client):
    imported = Supporter.objects.create(email="Ada@Example.org", first_name="Imported", postcode="E1 6AN")
    record_activity(imported, ActivityKind.DONATED, summary="£20")

    sign_up(client, email="ada@example.org", first_name="Mallory")

    imported.refresh_from_db()
    assert imported.user is None
    assert imported.first_name == "Imported"
    assert Supporter.objects.count() == 1
    # Whoever typed the address cannot get in to see that history.
    client.logout()
    client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_verified_signup_joins_the_imported_supporter_without_duplicating(client):
    imported = Supporter.objects.create(email="Ada@Example.org", first_name="Imported", phone="+447911999999")
    record_activity(imported, ActivityKind.DONATED, summary="£20")

    sign_up(client, email="ada@example.org")
    verify_latest_email(client)

    assert Supporter.objects.count() == 1
    imported.refresh_from_db()
    assert imported.user == get_user_model().objects.get()
    assert imported.email_verified
    assert imported.first_name == "Ada"
    assert imported.phone == "+447911999999"
    assert set(imported.activities.values_list("kind", flat=True)) == {ActivityKind.DONATED, ActivityKind.SIGNED_UP}


def test_signup_with_a_phone_held_by_someone_else_keeps_their_number(client, supporter):
    sign_up(client, mobile="07911 123456")
    verify_latest_email(client)

    ada = Supporter.objects.get(email="ada@example.org")
    assert ada.phone == ""
    supporter.refresh_from_db()
    assert supporter.phone == "+447911123456"


def test_recruiter_link_credits_the_recruiter(client, supporter):
    response = client.get(f"/join/?ref={supporter.recruiter_code}")
    assert response.status_code == 302
    assert response.url == "/accounts/signup/"

    sign_up(client)
    verify_latest_email(client)

    recruit = Supporter.objects.get(email="ada@example.org")
    assert recruit.recruiter == supporter
    assert recruit.first_source["ref"] == supporter.recruiter_code
    supporter.refresh_from_db()
    recruited = Activity.objects.get(supporter=supporter, kind=ActivityKind.RECRUITED)
    assert recruited.about == recruit
    assert supporter.points_total == 15
    assert list(supporter.recruits.all()) == [recruit]


@pytest.mark.parametrize("code", ["nobody-has-this", "<script>", ""])
def test_unknown_recruiter_code_still_leads_to_signup_without_credit(client, supporter, code):
    response = client.get("/join/", {"ref": code})
    assert response.status_code == 302
    assert response.url == "/accounts/signup/"

    sign_up(client)
    verify_latest_email(client)

    assert Supporter.objects.get(email="ada@example.org").recruiter is None
    assert not Activity.objects.filter(kind=ActivityKind.RECRUITED).exists()


def test_attribution_from_the_first_page_is_stored_on_signup(client, home_page):
    response = client.get(
        "/?utm_source=facebook&utm_medium=paid&utm_campaign=spring",
        HTTP_REFERER="https://l.facebook.com/x?fbclid=secret",
    )
    assert response.status_code == 200
    assert "muster_source" in response.cookies

    client.get("/?utm_source=later-email")
    sign_up(client)
    verify_latest_email(client)

    source = Supporter.objects.get().first_source
    assert source["utm_source"] == "facebook"
    assert source["utm_medium"] == "paid"
    assert source["utm_campaign"] == "spring"
    assert source["referrer"] == "https://l.facebook.com/x"
    assert source["landing_path"] == "/"
    assert "first_seen" in source


def test_signing_up_twice_with_one_email_gives_the_same_answer_and_one_account(client):
    first = sign_up(client)
    client.logout()
    second = sign_up(client, first_name="Someone", last_name="Else")

    assert (first.status_code, first.url) == (second.status_code, second.url)
    assert get_user_model().objects.count() == 1


def test_someone_elses_signup_choices_are_not_applied_when_the_owner_resets_the_password(client):
    sign_up(
        client,
        email="ada@example.org",
        first_name="Mallory",
        consent_email="on",
        consent_sms="on",
        mobile="07400 123456",
    )
    client.logout()
    confirmation = confirmation_path(mail.outbox[0])

    client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    reset_path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form_path = client.get(reset_path).url
    client.post(form_path, {"password1": "the real owner's passphrase", "password2": "the real owner's passphrase"})
    client.post(confirmation)

    supporter = Supporter.objects.get()
    assert supporter.email_verified
    assert supporter.first_name == ""
    assert supporter.phone == ""
    assert not ConsentRecord.objects.exists()
