"""Who may open what in the members' area: every members' URL for each kind of visitor."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the site's login page that comes back here

VISITORS = ["anonymous", "unverified_user", "member", "editor", "organiser"]
# URL -> expected answer for each visitor, in VISITORS order. Editors may view the pages they
# write (and the documents they manage) but have no profile; organisers see supporter data in
# the admin, not members' content.
MATRIX = {
    "index": [LOGIN, 403, 200, 200, 403],
    "article": [LOGIN, 403, 200, 200, 403],
    "video": [LOGIN, 403, 200, 200, 403],
    "profile": [LOGIN, 403, 200, 403, 403],
    "my_data": [LOGIN, 403, 200, 403, 403],
    "delete": [LOGIN, 403, 200, 403, 403],
    "document": [LOGIN, 403, 200, 200, 403],
}


@pytest.fixture
def members_urls(members_index, member_article, member_video, members_document):
    return {
        "index": members_index.url,
        "article": member_article.url,
        "video": member_video.url,
        "profile": "/members/profile/",
        "my_data": "/members/my-data/",
        "delete": "/members/delete/",
        "document": members_document.url,
    }


def log_in_as(client, request, visitor):
    if visitor == "anonymous":
        return
    user = request.getfixturevalue(visitor)
    client.force_login(getattr(user, "user", user))


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("target", MATRIX)
def test_access_matrix(client, request, members_urls, visitor, target):
    log_in_as(client, request, visitor)
    url = members_urls[target]

    response = client.get(url)

    expected = MATRIX[target][VISITORS.index(visitor)]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={quote(url)}"
    else:
        assert response.status_code == expected
    if target != "document" or expected != 200:
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_the_members_area_is_at_slash_members(members_index):
    assert members_index.url == "/members/"


def test_an_unverified_user_is_told_to_confirm_their_email(client, members_index, unverified_user):
    client.force_login(unverified_user)

    response = client.get("/members/")

    html = response.content.decode()
    assert response.status_code == 403
    assert "confirm your email address" in html
    assert 'href="/accounts/email/"' in html


def test_a_user_without_a_supporter_record_is_told_why(client, members_index, organiser):
    client.force_login(organiser)

    response = client.get("/members/profile/")

    assert response.status_code == 403
    assert "not linked to a supporter record" in response.content.decode()


def test_members_content_is_not_in_the_refusal(client, member_article, unverified_user, organiser):
    for user in (unverified_user, organiser):
        client.force_login(user)
        html = client.get(member_article.url).content.decode()
        assert "Zanzibar" not in html
        assert "Secret polling day plan" not in html


def test_an_erased_supporter_cannot_enter(client, members_index, member):
    user = member.user
    member.erased_at = member.created
    member.save()

    client.force_login(user)

    assert client.get("/members/").status_code == 403


def test_login_comes_back_to_the_members_area(client, members_index, member):
    response = client.post(
        "/accounts/login/?next=/members/", {"login": "ada@example.org", "password": "a long enough passphrase 42"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/members/"
    assert client.get("/members/").status_code == 200
