"""seed_demo: the demo site it builds, its guards, the admin account, and every seeded page rendering."""

import io
import os
import stat
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils.html import escape
from taggit.models import Tag
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.models import BlogCategory, BlogPage, VideoPage
from home.blocks import BaseStreamBlock
from home.models import HomePage, SiteSettings, StandardPage

IMPRINT = "Promoted by Sam Okafor on behalf of Jordan Reyes, both at 12 Example Street, London N1 9GU"


@pytest.fixture(scope="module")
def shared_directory(tmp_path_factory):
    return tmp_path_factory.mktemp("seeded")


@pytest.fixture(scope="module")
def seeded_site(django_db_setup, django_db_blocker, shared_directory):
    """One seeded site for the whole module (seeding takes seconds); each test's changes roll back.

    Returns the admin password file. Tests that need an empty site call remove_site() first."""
    password_file = shared_directory / "demo-admin-password"
    media_root = shared_directory / "media"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        call_command("seed_demo", password_file=password_file, stdout=io.StringIO())
        yield password_file
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, shared_directory):
    """Replaces tests/home's per-test media directory: the shared site's pictures live in one place."""
    settings.MEDIA_ROOT = shared_directory / "media"


@pytest.fixture
def password_file(seeded_site):
    return seeded_site


@pytest.fixture
def seed(db, seeded_site, tmp_path):
    """Run seed_demo again, writing any new password under tmp_path; returns the command's output."""

    def run(**options):
        stdout = io.StringIO()
        options.setdefault("password_file", tmp_path / "new-password")
        call_command("seed_demo", stdout=stdout, **options)
        return stdout.getvalue()

    return run


def page_titles():
    return [page.title for page in Page.objects.filter(depth__gt=1).order_by("path")]


def remove_site():
    """Back to an empty site, so seed_demo can run again in the same test."""
    HomePage.objects.get().delete()


def test_seed_demo_builds_the_campaign_site(db, seeded_site):
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    assert [page.slug for page in Page.objects.filter(depth=2)] == ["home"], "Wagtail's welcome page is gone"
    children = sorted(page.slug for page in home.get_children())
    assert children == ["about", "donate", "members", "news", "privacy", "videos"]
    assert StandardPage.objects.live().count() == 3

    assert {block.block_type for block in home.body} == set(BaseStreamBlock().child_blocks), "every block is used"
    hero = next(block.value for block in home.body if block.block_type == "hero")
    assert [button["label"] for button in hero["buttons"]] == ["Join the campaign", "Volunteer", "Donate"]
    assert hero["image"]
    assert hero["alt_text"]

    posts = BlogPage.objects.live()
    assert posts.count() == 30
    assert all(post.author and post.lead_image and post.lead_image_alt and post.tags.exists() for post in posts)
    assert len({post.title for post in posts}) == 30
    assert set(BlogCategory.objects.values_list("name", flat=True)) == {"Featured", "News", "Comment", "Press release"}
    for category in BlogCategory.objects.all():
        assert category.posts.exists(), f"no posts in {category}"
    assert Tag.objects.filter(name="buses").exists()

    videos = VideoPage.objects.live()
    assert videos.count() == 4
    assert videos.filter(embed_url__contains="youtu").count() == 3
    self_hosted = videos.get(embed_url="")
    assert self_hosted.video_file
    assert self_hosted.poster_image
    assert self_hosted.captions
    assert all(video.poster_image for video in videos)

    assert all(image.description for image in get_image_model().objects.all()), "every image has alt text"
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.imprint == IMPRINT
    assert site_settings.campaign_name == "Jordan Reyes for Mayor"
    assert site_settings.logo
    assert site_settings.social_links
    assert len(site_settings.footer_links) == 3


def test_seed_demo_fills_the_search_index(db, seeded_site, client):
    response = client.get("/search/", {"q": "library"})

    assert "Libraries open until 8pm, six days a week" in response.content.decode()


def test_same_seed_same_content_other_seed_other_content(seed):
    first = page_titles()
    remove_site()
    seed(seed=2026)
    again = page_titles()
    remove_site()
    seed(seed=7)
    other = page_titles()

    assert first == again
    assert other != first


def test_if_empty_leaves_a_seeded_site_alone(seed):
    counts = (Page.objects.count(), get_image_model().objects.count(), get_user_model().objects.count())

    output = seed(if_empty=True)

    assert "already has content" in output
    assert (Page.objects.count(), get_image_model().objects.count(), get_user_model().objects.count()) == counts


def test_seeding_a_site_with_content_again_is_refused(seed):
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="already has content"):
        seed()

    assert Page.objects.count() == pages


def test_refuses_under_production_settings(tmp_path):
    password_file = tmp_path / "password"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "production-looking-secret",
        "ALLOWED_HOSTS": "campaign.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--password-file", str(password_file)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "will not run under production settings" in result.stderr
    assert not password_file.exists()


def test_first_seed_creates_an_admin_with_a_random_password(db, password_file, client):
    password = password_file.read_text().strip()

    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert len(password) >= 16
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.email == "admin@example.org"
    assert client.login(username="admin", password=password)
    assert client.get("/admin/").status_code == 200


def test_each_new_admin_gets_a_new_password(seed, password_file, tmp_path):
    get_user_model().objects.filter(username="admin").delete()
    remove_site()

    output = seed(password_file=tmp_path / "second")

    assert str(tmp_path / "second") in output
    assert (tmp_path / "second").read_text() != password_file.read_text()


def test_an_existing_admin_keeps_its_password(seed, tmp_path, django_user_model):
    django_user_model.objects.filter(username="admin").delete()
    django_user_model.objects.create_superuser("admin", "admin@example.org", "chosen by a person")
    remove_site()

    seed(password_file=tmp_path / "unused")

    assert not (tmp_path / "unused").exists()
    assert django_user_model.objects.get(username="admin").check_password("chosen by a person")


def test_demo_admin_account_prints_the_login(db, password_file):
    stdout = io.StringIO()

    call_command("demo_admin_account", password_file=password_file, stdout=stdout)

    assert stdout.getvalue() == f"  Login:  admin / {password_file.read_text().strip()}\n"


def test_demo_admin_account_without_a_password_file_says_how_to_make_one(db, seeded_site, tmp_path):
    stdout = io.StringIO()

    call_command("demo_admin_account", password_file=tmp_path / "missing", stdout=stdout)

    assert "createsuperuser" in stdout.getvalue()
    assert "admin /" not in stdout.getvalue()


def test_demo_admin_account_after_a_password_change_says_how_to_make_one(db, password_file):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed in the admin")
    admin.save()
    stdout = io.StringIO()

    call_command("demo_admin_account", password_file=password_file, stdout=stdout)

    assert "createsuperuser" in stdout.getvalue()
    assert password_file.read_text().strip() not in stdout.getvalue()


def test_every_seeded_page_renders_for_an_anonymous_visitor(db, seeded_site, client):
    pages = Page.objects.live().public().filter(depth__gt=1)
    assert pages.count() == 1 + 3 + 1 + 30 + 1 + 4

    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert escape(page.title) in response.content.decode(), page.url
    members_pages = Page.objects.live().not_public()
    assert members_pages.count() == 5
    for page in members_pages:
        response = client.get(page.url)
        assert response.status_code == 302, page.url
        assert response["Location"].startswith("/accounts/login/"), page.url
    for url in ["/news/?category=press-release", "/news/?tag=buses", "/search/?q=buses"]:
        assert client.get(url).status_code == 200, url

    assert not Embed.objects.exists(), "no video provider was asked for an embed"
