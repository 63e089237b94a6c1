"""Admin for news categories and authors, grouped under News."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import BlogAuthor, BlogCategory


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "tag"
    menu_label = "Categories"
    list_display = ["name", "slug"]
    # A database search on these fields: the snippets are not in Wagtail's search index.
    search_fields = ["name"]
    ordering = ["name"]


class BlogAuthorViewSet(SnippetViewSet):
    model = BlogAuthor
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    ordering = ["name"]


class NewsViewSetGroup(SnippetViewSetGroup):
    menu_label = "News"
    menu_icon = "doc-full"
    menu_order = 300
    items = (BlogCategoryViewSet, BlogAuthorViewSet)


register_snippet(NewsViewSetGroup)
