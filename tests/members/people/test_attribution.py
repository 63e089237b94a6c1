"""Attribution: a signed first-touch cookie that leaves the whole-page cache working."""

import pytest
from django.core import signing
from django.test import Client, RequestFactory

from members.people.services import ATTRIBUTION_COOKIE, attribution_for_visit, attribution_from_request

pytestmark = pytest.mark.django_db


def test_first_page_with_utm_sets_a_private_httponly_cookie(client):
    response = client.get("/?utm_source=newsletter&utm_campaign=june")

    cookie = response.cookies[ATTRIBUTION_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 90 * 24 * 60 * 60
    assert response["Cache-Control"] == "private"
    assert "sessionid" not in response.cookies


def test_a_plain_visit_sets_nothing_and_stays_cacheable(client):
    response = client.get("/")
    assert ATTRIBUTION_COOKIE not in response.cookies
    assert "public" in response["Cache-Control"]


def test_an_internal_referrer_is_not_attribution(client):
    response = client.get("/", HTTP_REFERER="http://testserver/news/")
    assert ATTRIBUTION_COOKIE not in response.cookies


def test_the_cookie_is_set_only_once(client):
    client.get("/?utm_source=first")
    response = client.get("/?utm_source=second")
    assert ATTRIBUTION_COOKIE not in response.cookies


def test_a_cached_landing_page_still_gives_each_visitor_their_cookie():
    first = Client().get("/?utm_source=ad")
    second = Client().get("/?utm_source=ad")

    assert second["X-Page-Cache"] == "hit"
    assert ATTRIBUTION_COOKIE in first.cookies
    assert ATTRIBUTION_COOKIE in second.cookies
    assert second["Cache-Control"] == "private"
    assert Client().get("/?utm_source=ad").cookies[ATTRIBUTION_COOKIE]["max-age"]


def test_values_are_clipped_and_referrer_query_strings_dropped():
    request = RequestFactory().get(
        "/landing/", {"utm_source": "x" * 5000, "ref": "<script>"}, HTTP_REFERER="https://news.example/a?email=me@x.org"
    )
    attribution = attribution_for_visit(request)

    assert len(attribution["utm_source"]) == 200
    assert "ref" not in attribution
    assert attribution["referrer"] == "https://news.example/a"
    assert attribution["landing_path"] == "/landing/"


@pytest.mark.parametrize("value", ["garbage", signing.dumps({"utm_source": "x"}, salt="another.salt")])
def test_a_forged_cookie_is_ignored(value):
    request = RequestFactory().get("/")
    request.COOKIES[ATTRIBUTION_COOKIE] = value
    assert attribution_from_request(request) == {}
