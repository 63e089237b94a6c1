"""Home page, standard pages and site settings."""

from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import BaseStreamBlock


class HomePage(Page):
    body = StreamField(BaseStreamBlock(), blank=True)
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
