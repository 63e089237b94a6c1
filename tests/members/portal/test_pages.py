"""Members' area page types: where they may go, what editors must give, and how they render."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Collection
from wagtail_factories import DocumentFactory

from blog.factories import CaptionsDocumentFactory
from home.demo import DemoRun
from home.factories import ImageFactory
from members.portal.demo import generate
from members.portal.factories import MembersDocumentFactory
from members.portal.models import MemberArticlePage, MembersIndexPage, MemberVideoPage

pytestmark = pytest.mark.django_db


def test_page_tree_rules(home_page):
    assert MembersIndexPage.max_count == 1
    assert MembersIndexPage.can_exist_under(home_page)
    assert MembersIndexPage in home_page.specific_class.allowed_subpage_models()
    assert set(MembersIndexPage.allowed_subpage_models()) == {MemberArticlePage, MemberVideoPage}
    assert MemberArticlePage.allowed_parent_page_models() == [MembersIndexPage]
    assert MemberVideoPage.allowed_parent_page_models() == [MembersIndexPage]


def video(members_index, **fields):
    defaults = {"title": "Briefing", "slug": "briefing", "embed_url": ""}
    return MemberVideoPage(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "embed_url", "Give a YouTube or Vimeo link, or choose a video file"),
        ({"embed_url": "https://example.org/video"}, "embed_url", "Only YouTube"),
    ],
)
def test_a_video_needs_one_valid_source(members_index, fields, field, message):
    page = video(members_index, **fields)

    with pytest.raises(ValidationError) as error:
        page.clean()

    assert message in str(error.value.message_dict[field])


def test_a_video_file_outside_the_members_collection_is_refused(members_index):
    public_file = DocumentFactory(
        title="Leaked", collection=Collection.get_first_root_node(), file__filename="briefing.mp4"
    )
    page = video(members_index, video_file=public_file)

    with pytest.raises(ValidationError) as error:
        page.clean()

    assert "Members only" in str(error.value.message_dict["video_file"])


def test_a_video_file_in_the_members_collection_is_accepted(members_index):
    private_file = MembersDocumentFactory(title="Briefing", file__filename="briefing.mp4")
    captions = CaptionsDocumentFactory(collection=private_file.collection)

    poster = ImageFactory(width=64, height=36)

    video(members_index, video_file=private_file, captions=captions, poster_image=poster).clean()


def test_a_video_file_needs_a_poster_like_any_public_video(members_index):
    private_file = MembersDocumentFactory(title="Briefing", file__filename="briefing.mp4")

    with pytest.raises(ValidationError) as error:
        video(members_index, video_file=private_file).clean()

    assert error.value.message_dict["poster_image"] == ["Choose a poster image for the video file."]


def test_both_a_link_and_a_file_is_refused(members_index):
    private_file = MembersDocumentFactory(title="Briefing", file__filename="briefing.mp4")
    page = video(members_index, embed_url="https://youtu.be/aqz-KE-bpKQ", video_file=private_file)

    with pytest.raises(ValidationError):
        page.clean()


def test_a_video_page_offers_its_video_without_calling_the_provider(client, member_video, member):
    client.force_login(member.user)

    html = client.get(member_video.url).content.decode()
    played = client.get(member_video.url + "?play=1").content.decode()

    assert "<iframe" not in html
    assert "https://www.youtube.com/watch?v=aqz-KE-bpKQ" in html
    assert 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ' in played


def test_an_article_renders_its_body(client, member_article, member):
    client.force_login(member.user)

    html = client.get(member_article.url).content.decode()

    assert "<h1>Secret polling day plan</h1>" in html
    assert "Meet at Zanzibar Street at seven." in html


def test_an_editor_previews_a_members_page(rf, member_article, editor):
    request = rf.get("/admin/")
    request.user = editor

    response = member_article.make_preview_request(request)

    assert response.status_code == 200
    assert "Zanzibar" in response.content.decode()


def test_the_demo_builds_the_members_area(home_page):
    demo = DemoRun(seed=1, today=timezone.localdate())
    demo.home_page = home_page

    generate(demo)

    index = MembersIndexPage.objects.get()
    assert index.url == "/members/"
    assert MemberArticlePage.objects.child_of(index).live().count() == 3
    assert MemberVideoPage.objects.child_of(index).live().count() == 1
    linked = MemberArticlePage.objects.get(slug="how-to-knock-on-a-door-and-enjoy-it")
    assert 'linktype="document"' in str(linked.body.raw_data)
