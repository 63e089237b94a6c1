"""Recognising YouTube and Vimeo links without asking either of them."""

import pytest

from blog.video_links import InvalidVideoLink, VideoLink, parse_video_link


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", VideoLink("YouTube", "dQw4w9WgXcQ")),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", VideoLink("YouTube", "dQw4w9WgXcQ")),
        ("http://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", VideoLink("YouTube", "dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", VideoLink("YouTube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", VideoLink("YouTube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", VideoLink("YouTube", "dQw4w9WgXcQ")),
        ("  https://WWW.YouTube.com/live/dQw4w9WgXcQ  ", VideoLink("YouTube", "dQw4w9WgXcQ")),
        ("https://vimeo.com/76979871", VideoLink("Vimeo", "76979871")),
        ("https://vimeo.com/channels/staffpicks/76979871", VideoLink("Vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", VideoLink("Vimeo", "76979871")),
    ],
)
def test_recognised_links(url, expected):
    assert parse_video_link(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://www.youtube.com/channel/UC123",
        "https://youtu.be/",
        "https://vimeo.com/about",
        "https://player.vimeo.com/video/notanumber",
        "",
        "not a url",
    ],
)
def test_other_links_are_refused_with_a_message(url):
    with pytest.raises(InvalidVideoLink) as error:
        parse_video_link(url)

    assert str(error.value)


def test_player_and_watch_urls_are_built_from_the_id():
    youtube = VideoLink("YouTube", "dQw4w9WgXcQ")
    vimeo = VideoLink("Vimeo", "76979871")

    assert youtube.player_url.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?")
    assert youtube.watch_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert vimeo.player_url.startswith("https://player.vimeo.com/video/76979871?")
    assert vimeo.watch_url == "https://vimeo.com/76979871"
