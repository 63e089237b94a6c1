"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path():
    candidate = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if os.path.exists(candidate):
        return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    if _chromium_path():
        return
    reason = "Chromium not found (install Debian's chromium or set CHROMIUM=/path/to/chromium)"
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError(f"REQUIRE_BROWSER is set but {reason}")
    print(f"\nSkipping browser tests: {reason}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def desktop_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def mobile_page(chromium):
    context = chromium.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()




PROJECT_APPS = ("home", "blog", "people", "portal")


@pytest.fixture
def migrated_content(transactional_db):
    """Browser tests need a transactional database, whose flush after each test also
    empties the rows migrations created. Put back Wagtail's locale and root page, and
    re-run our own apps' data migrations (points rules, staff groups, collections)."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython
    from wagtail.models import Collection, Locale, Page

    if Page.get_first_root_node() is not None:
        return
    locale, _ = Locale.objects.get_or_create(language_code="en-gb")
    Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    loader = MigrationLoader(connection)
    for (app_label, _name), migration in sorted(loader.disk_migrations.items()):
        if app_label not in PROJECT_APPS:
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                with connection.schema_editor() as schema_editor:
                    operation.code(apps, schema_editor)
