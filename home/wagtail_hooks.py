"""Admin for the site's snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CallToAction


class CallToActionViewSet(SnippetViewSet):
    model = CallToAction
    icon = "bullhorn"
    menu_label = "Calls to action"
    list_display = ["title", "button_label"]
    search_fields = ["title", "text"]


register_snippet(CallToActionViewSet)
