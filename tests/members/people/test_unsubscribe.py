"""One-click unsubscribe: GET only asks, POST (or RFC 8058 one-click) withdraws, bad links get a 400."""

import pytest
from django.core import signing

from members.people.models import ConsentRecord, ConsentSource
from members.people.services import UNSUBSCRIBE_SALT, current_consent, grant_consent, make_unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def emailable(supporter):
    grant_consent(supporter, "email", source="form", wording="Email me")
    return supporter


def test_get_shows_a_button_and_changes_nothing(client, emailable):
    response = client.get(f"/unsubscribe/{make_unsubscribe_token(emailable, 'email')}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post">' in html
    assert "Unsubscribe from emails" in html
    assert "no-cache" in response["Cache-Control"]
    assert current_consent(emailable)["email"] is True


def test_post_withdraws_consent_without_logging_in(client, emailable):
    response = client.post(f"/unsubscribe/{make_unsubscribe_token(emailable, 'email')}/")

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert current_consent(emailable)["email"] is False
    latest = ConsentRecord.objects.filter(supporter=emailable).first()
    assert (latest.granted, latest.source) == (False, ConsentSource.UNSUBSCRIBE_LINK)


def test_mail_clients_one_click_post_works_without_a_csrf_token(emailable):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/unsubscribe/{make_unsubscribe_token(emailable, 'email')}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert current_consent(emailable)["email"] is False


def test_unsubscribing_twice_adds_no_second_row(client, emailable):
    url = f"/unsubscribe/{make_unsubscribe_token(emailable, 'email')}/"
    client.post(url)
    client.post(url)

    assert ConsentRecord.objects.filter(supporter=emailable, granted=False).count() == 1


def test_a_link_for_texts_leaves_email_alone(client, emailable):
    grant_consent(emailable, "sms", source="form", wording="Text me")
    client.post(f"/unsubscribe/{make_unsubscribe_token(emailable, 'sms')}/")

    assert current_consent(emailable) == {"email": True, "sms": False, "phone": False}


def tampered(token):
    return token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda s: "not-a-token", id="garbage"),
        pytest.param(lambda s: tampered(make_unsubscribe_token(s, "email")), id="tampered"),
        pytest.param(lambda s: signing.dumps({"s": s.pk, "c": "email"}, salt="another.purpose"), id="wrong-salt"),
        pytest.param(lambda s: signing.dumps({"s": s.pk, "c": "fax"}, salt=UNSUBSCRIBE_SALT), id="bad-channel"),
        pytest.param(lambda s: signing.dumps({"s": 999_999, "c": "email"}, salt=UNSUBSCRIBE_SALT), id="no-such-person"),
        pytest.param(lambda s: signing.dumps(["list"], salt=UNSUBSCRIBE_SALT), id="wrong-shape"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_links_get_a_clear_400_and_change_nothing(client, emailable, make_token, method):
    response = getattr(client, method)(f"/unsubscribe/{make_token(emailable)}/")

    assert response.status_code == 400
    assert "This unsubscribe link is not valid or has expired" in response.content.decode()
    assert current_consent(emailable)["email"] is True


def test_expired_links_are_refused(client, emailable, settings, monkeypatch):
    import members.people.services as services

    token = make_unsubscribe_token(emailable, "email")
    monkeypatch.setattr(services, "UNSUBSCRIBE_MAX_AGE", -1)

    response = client.post(f"/unsubscribe/{token}/")

    assert response.status_code == 400
    assert current_consent(emailable)["email"] is True


def test_other_methods_are_refused(client, emailable):
    response = client.put(f"/unsubscribe/{make_unsubscribe_token(emailable, 'email')}/")
    assert response.status_code == 405
