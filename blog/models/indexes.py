"""What the news and video index pages share: an intro, one of each under the home page, a child routed in one query."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from home.models import SocialMetaMixin

CARD_IMAGE_SPEC = "fill-480x270"


class IndexPage(SocialMetaMixin, Page):  # noqa: DJ008 (Page supplies __str__)
    """A page listing its children, all of the one page type in its subpage_types."""

    intro = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["home.HomePage"]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        # A child in one query, where Wagtail's route takes two (the page, then its type).
        if path_components:
            (child_model,) = self.allowed_subpage_models()
            child = child_model.objects.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self  # as Wagtail's route does: get_parent() costs nothing
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
