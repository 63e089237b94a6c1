"""Every page type and every block renders, inside a frame that carries the settings and the imprint."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogIndexPage, BlogPage, VideoIndexPage, VideoPage
from home.models import CallToAction, HomePage
from home.page_cache import invalidate_all

from .conftest import IMPRINT


@pytest.fixture
def news(home_page, image):
    index = home_page.add_child(instance=BlogIndexPage(title="News", slug="news"))
    return [
        index.add_child(
            instance=BlogPage(
                title=f"Post number {number}",
                slug=f"post-{number}",
                intro=f"What happened on day {number}.",
                date_published=datetime.date(2026, 5, number),
                lead_image=image,
                lead_image_alt="Volunteers",
            )
        )
        for number in range(1, 6)
    ]


@pytest.fixture
def video(home_page, image):
    index = home_page.add_child(instance=VideoIndexPage(title="Videos", slug="videos"))
    return index.add_child(
        instance=VideoPage(
            title="Sam on buses",
            slug="sam-on-buses",
            intro="Sam explains the bus plan.",
            embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            poster_image=image,
        )
    )


@pytest.fixture
def call_to_action(home_page, standard_page):
    return CallToAction.objects.create(
        title="Give an hour on Saturday",
        text="We knock on doors at ten.",
        button_label="Volunteer",
        link_page=standard_page,
    )


@pytest.fixture
def home_with_every_block(home_page, site_settings, image, news, video, call_to_action, standard_page):
    home_page.body = [
        (
            "hero",
            {
                "headline": "A fairer city for everyone",
                "intro": "Sam is standing for mayor.",
                "image": image,
                "alt_text": "Sam talking to neighbours",
                "video_page": None,
                "video_url": "",
                "buttons": [
                    {"label": "Join us", "page": None, "url": "https://example.org/join", "style": "primary"},
                    {"label": "Read about Sam", "page": standard_page, "url": "", "style": "outline"},
                ],
            },
        ),
        ("heading", {"text": "Our plan", "size": "h2"}),
        ("paragraph", "<p>Cheaper buses, safer streets.</p>"),
        ("image", {"image": image, "alt_text": "A packed town hall", "caption": "The launch in March"}),
        ("quote", {"text": "Sam listens.", "attribution": "A neighbour"}),
        ("call_to_action", call_to_action),
        ("latest_news", {"heading": "From the campaign", "count": 3}),
        ("featured_video", {"heading": "Watch", "video": video}),
    ]
    home_page.save_revision().publish()
    return HomePage.objects.get(pk=home_page.pk)


def test_home_page_renders_every_block(client, home_with_every_block):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "A fairer city for everyone" in html
    assert 'href="https://example.org/join"' in html
    assert 'href="/about/"' in html
    assert "Read about Sam" in html
    assert 'alt="Sam talking to neighbours"' in html
    assert '<h2 class="block-heading">Our plan</h2>' in html
    assert "Cheaper buses, safer streets." in html
    assert 'alt="A packed town hall"' in html
    assert "The launch in March" in html
    assert "Sam listens." in html
    assert "A neighbour" in html
    assert "Give an hour on Saturday" in html
    assert "Volunteer" in html
    assert "Watch: Sam on buses" in html


def test_latest_news_lists_the_newest_public_posts_only(client, home_with_every_block, news):
    news[4].unpublish()

    html = client.get("/").content.decode()

    assert "Post number 4" in html
    assert "Post number 3" in html
    assert "Post number 2" in html
    assert "Post number 5" not in html
    assert "Post number 1" not in html


def test_home_page_queries_do_not_grow_with_the_news(client, home_with_every_block, news, image):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    client.get("/")  # renditions are made on the first view
    invalidate_all()
    home = HomePage.objects.get(pk=home_with_every_block.pk)
    home.body = [("latest_news", {"heading": "News", "count": 2})]
    home.save_revision().publish()
    client.get("/")
    invalidate_all()
    with_two = count_queries()

    home.body = [("latest_news", {"heading": "News", "count": 5})]
    home.save_revision().publish()
    client.get("/")
    invalidate_all()
    with_five = count_queries()

    assert with_five == with_two


def test_standard_page_renders_intro_and_body(client, standard_page, site_settings):
    standard_page.body = [("paragraph", "<p>Sam grew up on the Holloway Road.</p>")]
    standard_page.save_revision().publish()

    response = client.get("/about/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>About Sam</h1>" in html
    assert "Sam has lived in the city for forty years." in html
    assert "Sam grew up on the Holloway Road." in html
    assert '<meta name="description" content="Sam has lived in the city for forty years.">' in html


def test_frame_shows_settings_and_imprint_on_the_home_page(client, home_page, site_settings):
    html = client.get("/").content.decode()

    assert IMPRINT in html
    assert "Sam for Mayor" in html
    assert 'href="https://donate.example.org/sam"' in html
    assert 'href="tel:02079460000"' in html
    assert "1 High Street<br>London N1 1AA" in html
    assert 'href="https://www.facebook.com/samformayor"' in html
    assert "Privacy notice" in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert '<html lang="en-GB">' in html


def test_imprint_without_on_behalf_of_names_the_promoter_only(client, site_settings):
    site_settings.imprint_on_behalf_of = ""
    site_settings.save()

    html = client.get("/").content.decode()

    assert "Promoted by Jo Bloggs at 1 High Street, London N1 1AA" in html


def test_imprint_is_on_the_not_found_page(client, site_settings):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert IMPRINT in response.content.decode()


def test_imprint_is_on_the_search_page(client, site_settings):
    response = client.get("/search/", {"q": "buses"})

    assert response.status_code == 200
    assert IMPRINT in response.content.decode()


def test_share_tags_use_the_social_image_as_an_absolute_1200x630_rendition(client, home_page, image, site_settings):
    home_page.social_image = image
    home_page.search_description = "Sam for a fairer city."
    home_page.save_revision().publish()

    html = client.get("/").content.decode()

    assert '<meta property="og:image" content="http://testserver/media/images/' in html
    assert ".fill-1200x630" in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:description" content="Sam for a fairer city.">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<link rel="canonical" href="http://localhost/">' in html
    assert 'href="/news/feed/"' in html
    assert 'href="/news/feed/atom/"' in html


def test_server_error_page_renders_without_a_database(client):
    from home.views import server_error

    response = server_error(None)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "/static/css/site.css" in response.content.decode()


def test_the_menu_offers_joining_to_visitors_and_the_members_area_to_supporters(client, home_page, django_user_model):
    content = client.get("/").content.decode()
    menu = content.split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/accounts/signup/"' in menu
    assert 'href="/accounts/login/"' in menu
    assert "/members/" not in menu

    user = django_user_model.objects.create_user(username="ada", email="ada@example.org", password="a long password 1")
    client.force_login(user)
    menu = client.get("/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/members/"' in menu
    assert 'href="/accounts/logout/"' in menu
    assert "/accounts/signup/" not in menu
