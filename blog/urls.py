"""URLs under /news/ that are not pages: the feeds. Every other /news/... path falls through to Wagtail."""

from django.urls import path

from .feeds import NewsAtomFeed, NewsFeed

app_name = "blog"
urlpatterns = [
    path("feed/", NewsFeed(), name="feed"),
    path("feed/atom/", NewsAtomFeed(), name="atom_feed"),
]
