"""A logged-in supporter's share links carry their recruiter code, and nobody else's
pages (cached or not) ever show it."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from blog.factories import BlogPageFactory, VideoPageFactory
from members.people.models import Supporter
from members.people.services import ATTRIBUTION_COOKIE, attribution_from_request

FACEBOOK_LINK = re.compile(r'href="(https://www\.facebook\.com/sharer/sharer\.php\?u=[^"]+)"')


def shared_address(client, url):
    """The page address inside the Facebook share link on the page at `url`."""
    content = client.get(url).content.decode()
    href = html.unescape(FACEBOOK_LINK.search(content).group(1))
    return parse_qs(urlsplit(href).query)["u"][0]


def supporter_client(email):
    user = get_user_model().objects.create_user(username=email, email=email, password="a long password 1")
    supporter = Supporter.objects.create(email=email, user=user, email_verified=True)
    client = Client()
    client.force_login(user)
    return client, supporter


@pytest.fixture
def post(news_index):
    return BlogPageFactory(parent=news_index, slug="bus-fares")


def test_anonymous_share_links_carry_no_recruiter_code(client, post):
    assert shared_address(client, post.url) == "http://localhost/news/bus-fares/"


def test_a_supporters_share_links_carry_their_own_code(post):
    client, supporter = supporter_client("ada@example.org")
    assert shared_address(client, post.url) == f"http://localhost/news/bus-fares/?ref={supporter.recruiter_code}"


def test_a_code_never_reaches_another_visitor_through_any_cache(post):
    ada_client, ada = supporter_client("ada@example.org")
    ben_client, ben = supporter_client("ben@example.org")
    assert ada.recruiter_code in shared_address(ada_client, post.url)

    assert ben.recruiter_code in shared_address(ben_client, post.url)
    assert ada.recruiter_code not in shared_address(ben_client, post.url)
    anonymous = Client()
    assert shared_address(anonymous, post.url) == "http://localhost/news/bus-fares/"
    assert shared_address(anonymous, post.url) == "http://localhost/news/bus-fares/"  # from the page cache


def test_a_shared_link_someone_else_followed_is_not_passed_on(post):
    """Opening a post through Ada's link and sharing it again credits the new sharer, not Ada."""
    ben_client, ben = supporter_client("ben@example.org")
    assert shared_address(ben_client, post.url + "?ref=ADACODE1") == (
        f"http://localhost/news/bus-fares/?ref={ben.recruiter_code}"
    )


def test_video_share_links_carry_the_code_too(video_index):
    video = VideoPageFactory(parent=video_index, slug="town-hall")
    client, supporter = supporter_client("ada@example.org")
    assert shared_address(client, video.url) == f"http://localhost/videos/town-hall/?ref={supporter.recruiter_code}"


def test_following_a_shared_link_keeps_the_code_for_the_sign_up(client, rf, post):
    sharer = Supporter.objects.create(email="ada@example.org")
    response = client.get(f"{post.url}?ref={sharer.recruiter_code}")
    assert response.status_code == 200
    request = rf.get("/accounts/signup/")
    request.COOKIES[ATTRIBUTION_COOKIE] = response.cookies[ATTRIBUTION_COOKIE].value
    assert attribution_from_request(request)["ref"] == sharer.recruiter_code
