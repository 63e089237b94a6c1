"""A supporter's whole journey in a real browser: join, confirm the email, log in, use the members'
area, change preferences, download their data and delete their account; pages scanned with axe-core."""

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from members.people.models import Supporter
from members.portal.factories import MembersIndexPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = "a long enough passphrase 42"
EMAIL = "journey@example.org"


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.fixture
def members_site(migrated_content, home_page, live_server):
    MembersIndexPageFactory(parent=home_page, title="Members' area", slug="members")
    mail.outbox.clear()
    return live_server


def confirmation_link(message):
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_supporter_joins_uses_the_members_area_and_leaves(members_site, desktop_page):
    page = desktop_page
    scanned = {}

    page.goto(members_site.url + "/accounts/signup/")
    page.fill("input[name=first_name]", "Journey")
    page.fill("input[name=last_name]", "Tester")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=postcode]", "e8 1dy")
    page.check("input[name=consent_email]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert len(mail.outbox) == 1
    page.goto(confirmation_link(mail.outbox[0]))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(members_site.url + "/members/")
    if "/accounts/login/" in page.url:
        page.fill("input[name=login]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/members/")
    assert page.locator("main h1").inner_text() == "Members' area"
    assert "Your points" in page.locator("main").inner_text()
    assert "/join/?ref=" in page.locator("#recruiter-link").input_value()
    scanned["dashboard"] = blocking_violations(page)

    page.get_by_role("navigation", name="Members' area").get_by_role("link", name="Profile and preferences").click()
    page.wait_for_url("**/members/profile/")
    page.fill("input[name=phone]", "07723 456789")
    page.get_by_label("Leafleting").check()
    page.get_by_label("Weekends").check()
    page.get_by_label(re.compile(r"^Yes, text me")).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/members/profile/")
    assert "Your profile and preferences are saved." in page.locator("main").inner_text()
    scanned["profile"] = blocking_violations(page)
    supporter = Supporter.objects.get(email=EMAIL)
    assert supporter.phone == "+447723456789"
    assert supporter.preferred_actions == ["leafleting"]
    assert supporter.area == "Hackney"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download everything we hold about you").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["supporter"]["email"] == EMAIL
    assert {(row["channel"], row["granted"]) for row in data["consents"]} == {("email", True), ("sms", True)}

    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_url("**/members/delete/")
    page.get_by_label("Type your email address to confirm").fill(EMAIL)
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/members/account-deleted/")
    assert page.locator("main h1").inner_text() == "Your account is deleted"

    supporter.refresh_from_db()
    assert supporter.erased_at is not None
    assert supporter.email == ""
    page.goto(members_site.url + "/members/")
    assert "/accounts/login/" in page.url

    problems = {name: found for name, found in scanned.items() if found}
    assert problems == {}
