"""A visitor reads the site in a real browser, on a desktop and on a phone, and every
page they pass through is scanned for accessibility problems."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def seeded_site(live_server, migrated_content):
    call_command("seed_demo", verbosity=0)
    return live_server


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def open_main_nav_if_collapsed(page):
    toggle = page.locator("[data-nav-toggle], .navbar-toggler, summary.nav-toggle").first
    if toggle.count() and toggle.is_visible():
        toggle.click()


@pytest.mark.parametrize("viewport", ["desktop_page", "mobile_page"])
def test_visitor_goes_home_news_post_search_video(seeded_site, viewport, request):
    page = request.getfixturevalue(viewport)
    scanned = {}

    page.goto(seeded_site.url + "/")
    assert page.locator("main h1").first.is_visible()
    assert "Promoted by" in page.locator("footer").inner_text()
    scanned["home"] = blocking_violations(page)

    open_main_nav_if_collapsed(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="News", exact=True).click()
    page.wait_for_url("**/news/")
    assert page.locator("main article").count() >= 1
    scanned["news"] = blocking_violations(page)

    first_post = page.locator("main article h2 a, main article h3 a").first
    post_title = first_post.inner_text().strip()
    first_post.click()
    assert page.locator("main h1").inner_text().strip() == post_title
    scanned["post"] = blocking_violations(page)

    search_word = post_title.split()[0]
    open_main_nav_if_collapsed(page)
    search_box = page.get_by_role("searchbox").first
    search_box.fill(search_word)
    search_box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert post_title in page.locator("main").inner_text()
    scanned["search"] = blocking_violations(page)

    page.goto(seeded_site.url + "/videos/")
    page.locator("main article a").first.click()
    video_area = page.locator("main")
    assert video_area.locator("video, iframe, a[href*='youtu'], a[href*='vimeo']").count() >= 1
    scanned["video"] = blocking_violations(page)

    problems = {name: found for name, found in scanned.items() if found}
    assert problems == {}
