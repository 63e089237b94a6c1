"""Videos at /videos/: YouTube or Vimeo links shown without calling the provider, and self-hosted files
with poster, captions and a download link."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from blog.factories import CaptionsDocumentFactory, VideoDocumentFactory, VideoPageFactory
from blog.models import VideoPage
from home.factories import ImageFactory


def main_of(response):
    return re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)


def test_index_lists_live_public_videos(client, video_index):
    shown = VideoPageFactory(parent=video_index, title="Launch speech")
    VideoPageFactory(parent=video_index, title="Unfinished cut", live=False)
    hidden = VideoPageFactory(parent=video_index, title="Members briefing")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/videos/")

    assert response.status_code == 200
    assert [video.title for video in response.context["videos"]] == [shown.title]
    content = main_of(response)
    assert f'<a href="{shown.url}">Launch speech</a>' in content
    assert "Unfinished cut" not in content
    assert "Members briefing" not in content


def test_index_without_videos_says_so(client, video_index):
    assert "No videos yet." in client.get("/videos/").content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "9" * 5000])
def test_index_bad_page_numbers_never_fail(client, video_index, page):
    VideoPageFactory(parent=video_index)

    response = client.get(f"/videos/?page={page}")

    assert response.status_code == 200
    assert response.context["videos"].number == 1


def test_embed_shows_poster_and_plain_links_without_loading_the_provider(client, video_index):
    video = VideoPageFactory(
        parent=video_index,
        title="Launch speech",
        embed_url="https://youtu.be/dQw4w9WgXcQ",
        poster_image=ImageFactory(width=640, height=360),
        transcript="<p>Thank you all for coming.</p>",
    )

    response = client.get(video.url)

    assert response.status_code == 200
    content = main_of(response)
    assert "<iframe" not in content
    assert 'href="?play=1#video"' in content
    assert "fill-1280x720" in content
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch' in content
    assert "on YouTube</a>" in content
    assert '<h2 id="transcript">Transcript</h2>' in content
    assert "Thank you all for coming." in content


def test_play_here_loads_the_privacy_enhanced_player(client, video_index):
    video = VideoPageFactory(parent=video_index, title="Launch speech", embed_url="https://vimeo.com/76979871")

    content = main_of(client.get(f"{video.url}?play=1"))

    assert '<iframe src="https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1"' in content
    assert 'title="Launch speech: Vimeo video player"' in content
    assert 'href="https://vimeo.com/76979871">Watch' in content


def test_embed_from_a_host_we_cannot_reach_still_renders(client, video_index):
    """No network in tests: a real oEmbed fetch here would fail. The page builds everything itself."""
    video = VideoPageFactory(
        parent=video_index,
        embed_url="https://www.youtube.com/watch?v=AAAAAAAAAAA",
        poster_image=ImageFactory(width=640, height=360),
    )

    response = client.get(video.url)

    assert response.status_code == 200
    content = main_of(response)
    assert "fill-1280x720" in content
    assert 'href="https://www.youtube.com/watch?v=AAAAAAAAAAA"' in content


def test_a_stored_link_that_no_longer_parses_shows_a_message_not_an_error(client, video_index):
    video = VideoPageFactory(parent=video_index)
    VideoPage.objects.filter(pk=video.pk).update(embed_url="https://example.com/clip")

    response = client.get(video.url)

    assert response.status_code == 200
    assert "This video cannot be shown at the moment." in response.content.decode()


def test_self_hosted_video_with_poster_captions_and_download(client, video_index):
    video = VideoPageFactory(parent=video_index, title="Day of action", self_hosted=True)

    response = client.get(video.url)

    assert response.status_code == 200
    content = main_of(response)
    file_url, captions_url = video.video_file.url, video.captions.url
    assert re.search(r'<video class="[^"]*" controls preload="none" poster="[^"]+fill-1280x720[^"]*">', content)
    assert f'<source src="{file_url}" type="video/mp4">' in content
    assert f'<track kind="captions" srclang="en" label="English" default src="{captions_url}">' in content
    assert f'<a href="{file_url}" download>Download the video' in content
    assert captions_url.endswith(".vtt")
    assert "<iframe" not in content


def build_video(**fields):
    return VideoPageFactory.build(title="A video", slug="a-video", **fields)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"embed_url": "https://evil.example.com/watch?v=dQw4w9WgXcQ"}, "embed_url", "Only YouTube"),
        ({"embed_url": "https://www.youtube.com/channel/UC1"}, "embed_url", "one YouTube video"),
        ({"embed_url": ""}, "embed_url", "Give a YouTube or Vimeo link, or choose a video file."),
    ],
)
def test_clean_refuses_bad_embeds(db, fields, field, message):
    with pytest.raises(ValidationError) as error:
        build_video(**fields).clean()

    assert message in error.value.message_dict[field][0]


def test_clean_refuses_both_a_link_and_a_file(db):
    video = build_video(video_file=VideoDocumentFactory(), poster_image=ImageFactory(width=64, height=36))

    with pytest.raises(ValidationError) as error:
        video.clean()

    assert error.value.message_dict["video_file"] == ["Give a YouTube or Vimeo link or a video file, not both."]


def test_clean_wants_mp4_or_webm_with_a_poster_and_vtt_captions(db):
    wrong_file = VideoDocumentFactory(file__filename="speech.pdf")
    wrong_captions = CaptionsDocumentFactory(file__filename="captions.srt")
    video = build_video(embed_url="", video_file=wrong_file, captions=wrong_captions, poster_image=None)

    with pytest.raises(ValidationError) as error:
        video.clean()

    assert error.value.message_dict == {
        "video_file": ["Choose an MP4 or WebM file."],
        "poster_image": ["Choose a poster image for the video file."],
        "captions": ["Choose a WebVTT (.vtt) captions file."],
    }


def test_captions_belong_to_a_video_file(db):
    with pytest.raises(ValidationError) as error:
        build_video(captions=CaptionsDocumentFactory()).clean()

    assert "YouTube and Vimeo carry their own" in error.value.message_dict["captions"][0]


def test_good_videos_pass_clean(db):
    build_video(embed_url="https://vimeo.com/76979871").clean()
    build_video(
        embed_url="",
        video_file=VideoDocumentFactory(file__filename="speech.webm"),
        captions=CaptionsDocumentFactory(),
        poster_image=ImageFactory(width=64, height=36),
    ).clean()


def test_admin_form_shows_a_clear_error_for_a_bad_host(client, django_user_model, video_index):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "a long password")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("blog", "videopage", video_index.pk))
    data = nested_form_data(
        {
            "title": "Launch speech",
            "slug": "launch-speech",
            "intro": "The candidate launches the campaign.",
            "date_published": "2025-05-01",
            "embed_url": "https://evil.example.com/watch?v=dQw4w9WgXcQ",
            "description": rich_text(""),
            "transcript": rich_text(""),
            "comments": inline_formset([]),
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Only YouTube (youtube.com, youtu.be) and Vimeo (vimeo.com) links can be embedded." in (
        response.content.decode()
    )
    assert not VideoPage.objects.filter(slug="launch-speech").exists()

    data["embed_url"] = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    response = client.post(url, data)

    assert response.status_code == 302
    assert VideoPage.objects.get(slug="launch-speech").video_link.video_id == "dQw4w9WgXcQ"


def test_index_queries_do_not_grow_with_videos(client, video_index):
    def count_queries():
        cache.clear()
        client.get("/videos/")  # makes the posters' renditions
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/videos/").status_code == 200
        return len(queries)

    VideoPageFactory(parent=video_index, poster_image=ImageFactory(width=64, height=36))
    one = count_queries()
    for _ in range(5):
        VideoPageFactory(parent=video_index, poster_image=ImageFactory(width=64, height=36))

    assert count_queries() == one


def test_a_listing_served_from_its_cached_fragment_runs_no_listing_query(client, video_index, settings):
    for _ in range(13):
        VideoPageFactory(parent=video_index)
    # A session cookie that matches no session: the whole-page cache skips the visitor, the fragments do not.
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    first = client.get("/videos/?page=2").content.decode()

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/videos/?page=2").content.decode()

    assert again == first
    assert "<title>Videos (page 2)" in again
    listing_queries = [sql for sql in (query["sql"] for query in queries) if "blog_videopage" in sql or "COUNT(" in sql]
    assert listing_queries == []


@pytest.mark.parametrize("path", ["no-such-video/", "unfinished-cut/", "launch-speech/extra/"])
def test_only_live_videos_are_routed(client, video_index, path):
    VideoPageFactory(parent=video_index, slug="launch-speech")
    VideoPageFactory(parent=video_index, slug="unfinished-cut", live=False)

    assert client.get("/videos/launch-speech/").status_code == 200
    assert client.get(f"/videos/{path}").status_code == 404
