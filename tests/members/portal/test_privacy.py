"""Members-only content never leaks: not through search, the sitemap, feeds, caches or documents."""

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from members.portal.models import MembersIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_content(member_article, member_video):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    return member_article, member_video


@pytest.mark.parametrize("visitor", ["anonymous", "unverified_user", "member"])
def test_members_pages_are_not_in_search_sitemap_or_feed(client, request, members_content, visitor):
    if visitor != "anonymous":
        user = request.getfixturevalue(visitor)
        client.force_login(getattr(user, "user", user))

    # Only the results: a logged-in visitor's menu links to the members' area itself.
    search = client.get("/search/?q=polling").content.decode().split('id="main"')[1]
    video_search = client.get("/search/?q=briefing").content.decode().split('id="main"')[1]
    sitemap = client.get("/sitemap.xml").content.decode()
    feeds = client.get("/news/feed/").content.decode() + client.get("/news/feed/atom/").content.decode()

    for text in (search, video_search, sitemap, feeds):
        assert "/members/" not in text
        assert "Secret polling day plan" not in text
        assert "Volunteer briefing video" not in text


def test_search_finds_the_article_once_it_is_public(client, members_content, member_article):
    # Proves the search above could have found it: the restriction is what hides it.
    from django.core.management import call_command

    from members.portal.models import MemberArticlePage

    page = MemberArticlePage.objects.get(pk=member_article.pk)
    page.move(page.get_parent().get_parent(), pos="last-child")
    call_command("update_index", verbosity=0)

    assert "Secret polling day plan" in client.get("/search/?q=polling").content.decode()


def test_members_pages_are_never_page_cached_and_private(client, member_article, member):
    client.force_login(member.user)
    first = client.get(member_article.url)
    client.logout()
    after_logout = client.get(member_article.url)

    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    for directive in ("private", "no-cache", "no-store", "max-age=0"):
        assert directive in first["Cache-Control"]
    assert after_logout.status_code == 302
    assert "Zanzibar" not in after_logout.content.decode()


def test_a_members_page_moved_elsewhere_is_still_not_page_cached(client, members_index, member):
    # The page cache skips /members/ by path; a renamed members' area still gets private headers.
    page = MembersIndexPage.objects.get(pk=members_index.pk)
    page.slug = "supporters"
    page.save()
    client.force_login(member.user)

    response = client.get("/supporters/")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_the_members_area_gets_its_login_restriction_when_created(members_index):
    restrictions = PageViewRestriction.objects.filter(page=members_index)

    assert [restriction.restriction_type for restriction in restrictions] == [PageViewRestriction.LOGIN]


def test_making_the_members_area_public_in_the_admin_does_not_stick(members_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        PageViewRestriction.objects.filter(page=members_index).delete()

    assert PageViewRestriction.objects.filter(page=members_index, restriction_type="login").exists()


def test_deleting_the_members_area_leaves_no_restriction_behind(members_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        members_index.delete()

    assert not PageViewRestriction.objects.exists()


def test_a_members_document_is_served_to_a_verified_supporter(client, members_document, member):
    client.force_login(member.user)

    response = client.get(members_document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Hello, I'm calling from the campaign.\n"


def test_an_anonymous_visitor_is_sent_to_log_in_for_a_members_document(client, members_document):
    response = client.get(members_document.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/documents/")


def test_a_public_document_is_still_served_to_anyone(client, home_page):
    from wagtail_factories import DocumentFactory

    document = DocumentFactory(title="Manifesto")

    assert client.get(document.url).status_code == 200


def test_the_members_only_collection_comes_from_the_migration():
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.objects.get(name="Members only", depth=2)

    assert CollectionViewRestriction.objects.filter(collection=collection, restriction_type="login").exists()


def test_members_pages_are_marked_noindex(client, member_article, member):
    client.force_login(member.user)

    html = client.get(member_article.url).content.decode()

    assert '<meta name="robots" content="noindex, nofollow">' in html
