"""RSS and Atom feeds of the newest public news posts."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from home.models import SiteSettings

from .models import BlogIndexPage, BlogPage

FEED_LENGTH = 20


class NewsFeed(Feed):
    description = "The newest news posts."

    def get_object(self, request, *args, **kwargs):
        # The feed's own title and link come from the site and its news index; both may be missing.
        site = Site.find_for_request(request)
        campaign_name = SiteSettings.for_site(site).campaign_name if site else settings.WAGTAIL_SITE_NAME
        index_page = BlogIndexPage.objects.live().public().first()
        return {
            "title": f"{campaign_name} news",
            "link": index_page.get_url(request) if index_page else "/news/",
        }

    def title(self, feed):
        return feed["title"]

    def link(self, feed):
        return feed["link"]

    def items(self):
        return BlogPage.public_posts()[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.intro

    def item_link(self, post):
        return post.get_url()

    def item_pubdate(self, post):
        return timezone.make_aware(datetime.combine(post.date_published, time.min))

    def item_updateddate(self, post):
        # Atom requires an updated time on every entry.
        return post.last_published_at or self.item_pubdate(post)

    def item_author_name(self, post):
        return post.author.name if post.author else None

    def item_categories(self, post):
        return [category.name for category in post.categories.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
