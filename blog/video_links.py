"""Recognise YouTube and Vimeo links and build their player and watch URLs without a network call."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
YOUTUBE_SHORT_HOSTS = {"youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
YOUTUBE_PATH_PREFIXES = ("embed", "shorts", "live", "v")


class InvalidVideoLink(ValueError):
    """The link is not a YouTube or Vimeo video; the message is shown to editors."""


@dataclass(frozen=True)
class VideoLink:
    provider: str
    video_id: str

    @property
    def watch_url(self):
        if self.provider == "YouTube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def player_url(self):
        # youtube-nocookie and Vimeo's dnt keep the player from tracking until it is played.
        if self.provider == "YouTube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1&rel=0"
        return f"https://player.vimeo.com/video/{self.video_id}?autoplay=1&dnt=1"


def parse_video_link(url):
    """Return the VideoLink for a YouTube or Vimeo URL, or raise InvalidVideoLink."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        raise InvalidVideoLink("Enter a full web address starting with https://.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in YOUTUBE_HOSTS:
        if segments == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) == 2 and segments[0] in YOUTUBE_PATH_PREFIXES:
            candidate = segments[1]
        else:
            candidate = ""
        return _checked(VideoLink("YouTube", candidate), YOUTUBE_ID)
    if host in YOUTUBE_SHORT_HOSTS:
        return _checked(VideoLink("YouTube", segments[0] if len(segments) == 1 else ""), YOUTUBE_ID)
    if host in VIMEO_HOSTS:
        if host == "player.vimeo.com":
            candidate = segments[1] if len(segments) == 2 and segments[0] == "video" else ""
        else:
            candidate = segments[-1] if segments else ""
        return _checked(VideoLink("Vimeo", candidate), VIMEO_ID)
    raise InvalidVideoLink("Only YouTube (youtube.com, youtu.be) and Vimeo (vimeo.com) links can be embedded.")


def _checked(link, id_pattern):
    if not id_pattern.match(link.video_id):
        raise InvalidVideoLink(f"This does not look like a link to one {link.provider} video.")
    return link
