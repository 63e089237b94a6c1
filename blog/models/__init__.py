"""News posts, videos and the snippets that describe them, one module per kind."""

from .news import BlogIndexPage, BlogPage, BlogPageTag
from .snippets import BlogAuthor, BlogCategory
from .videos import VideoIndexPage, VideoPage, VideoSource

__all__ = [
    "BlogAuthor",
    "BlogCategory",
    "BlogIndexPage",
    "BlogPage",
    "BlogPageTag",
    "VideoIndexPage",
    "VideoPage",
    "VideoSource",
]
