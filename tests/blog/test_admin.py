"""Editors manage news categories and authors under News in the Wagtail admin."""

import pytest
from django.urls import reverse

from blog.factories import BlogAuthorFactory, BlogCategoryFactory
from blog.models import BlogCategory


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "a long password"))
    return client


def test_categories_are_listed_and_searchable(editor_client):
    for name in ("Featured", "News", "Comment", "Press release"):
        BlogCategoryFactory(name=name)

    everything = editor_client.get(reverse("wagtailsnippets_blog_blogcategory:list"))
    searched = editor_client.get(reverse("wagtailsnippets_blog_blogcategory:list"), {"q": "press"})

    assert everything.status_code == 200
    for name in ("Featured", "News", "Comment", "Press release"):
        assert name in everything.content.decode()
    assert "press-release" in searched.content.decode()
    assert "Featured" not in searched.content.decode()


def test_authors_are_listed_with_their_role(editor_client):
    BlogAuthorFactory(name="Amira Khan", role="Candidate")

    response = editor_client.get(reverse("wagtailsnippets_blog_blogauthor:list"))

    assert response.status_code == 200
    assert "Amira Khan" in response.content.decode()
    assert "Candidate" in response.content.decode()


def test_news_menu_groups_categories_and_authors(editor_client):
    content = editor_client.get(reverse("wagtailadmin_home")).content.decode()

    news_menu = content.split('"name": "news", "label": "News"')[1].split("]]}")[0]
    assert reverse("wagtailsnippets_blog_blogcategory:list") in news_menu
    assert reverse("wagtailsnippets_blog_blogauthor:list") in news_menu


def test_new_category_gets_its_slug_from_the_name(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_blog_blogcategory:add"), {"name": "Press release", "slug": ""}
    )

    assert response.status_code == 302
    assert BlogCategory.objects.get(name="Press release").slug == "press-release"


def test_clashing_slug_is_a_form_error_not_a_crash(editor_client):
    BlogCategoryFactory(name="News")

    response = editor_client.post(reverse("wagtailsnippets_blog_blogcategory:add"), {"name": "News!", "slug": ""})

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert BlogCategory.objects.count() == 1


def test_name_without_letters_needs_a_slug(editor_client):
    response = editor_client.post(reverse("wagtailsnippets_blog_blogcategory:add"), {"name": "!!!", "slug": ""})

    assert response.status_code == 200
    assert "Enter a slug" in response.content.decode()
    assert not BlogCategory.objects.exists()
