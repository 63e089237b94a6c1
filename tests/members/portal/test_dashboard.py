"""The supporter dashboard at the top of /members/: points, activity, recruiter link, leaderboard, panels."""

import pytest
from wagtail import hooks

from members.people.models import ActivityKind, Channel, ConsentSource, PointsRule, Supporter
from members.people.services import grant_consent, record_activity

from .conftest import make_member

pytestmark = pytest.mark.django_db


def dashboard(client, supporter):
    client.force_login(supporter.user)
    response = client.get("/members/")
    assert response.status_code == 200
    return response.content.decode()


def test_shows_my_points_and_my_last_ten_activities(client, members_index, member):
    PointsRule.objects.update_or_create(kind=ActivityKind.ATTENDED, defaults={"points": 10})
    for number in range(12):
        record_activity(member, ActivityKind.ATTENDED, summary=f"Leafleting at station {number:02d}")

    html = dashboard(client, member)

    assert "<strong>120</strong> points" in html
    assert "Leafleting at station 11" in html
    assert "Leafleting at station 02" in html
    assert "Leafleting at station 01" not in html
    assert html.count("(+10)") == 10


def test_activity_without_a_summary_reads_as_its_kind(client, members_index, member):
    record_activity(member, ActivityKind.DELIVERED_LEAFLETS, quantity=200)

    assert "Delivered leaflets" in dashboard(client, member)


def test_shows_the_published_points_rules(client, members_index, member):
    PointsRule.objects.update_or_create(
        kind=ActivityKind.HOSTED, defaults={"points": 77, "description": "Hosting a meeting at home"}
    )

    html = dashboard(client, member)

    assert "How points are earned" in html
    assert "Hosting a meeting at home" in html
    assert ">77<" in html


def test_shows_my_recruiter_link_and_how_many_i_brought_in(client, members_index, member, django_user_model):
    for number in range(3):
        Supporter.objects.create(email=f"friend{number}@example.org", recruiter=member)
    Supporter.objects.create(email="stranger@example.org")

    html = dashboard(client, member)

    link = f"http://testserver/join/?ref={member.recruiter_code}"
    assert f'value="{link}" readonly' in html
    assert f'<a href="{link}">{link}</a>' in html
    assert "You have brought in <strong>3</strong> supporters" in html


def test_the_recruiter_link_works(client, members_index, member):
    response = client.get(f"/join/?ref={member.recruiter_code}")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/"


def test_leaderboard_lists_only_those_who_opted_in_by_first_name_and_initial(
    client, members_index, member, django_user_model
):
    make_member(django_user_model, email="top@example.org", first_name="Grace", last_name="Hopper")
    Supporter.objects.filter(email="top@example.org").update(points_total=500, show_on_leaderboard=True)
    make_member(django_user_model, email="shy@example.org", first_name="Hidden", last_name="Person")
    Supporter.objects.filter(email="shy@example.org").update(points_total=900, show_on_leaderboard=False)
    Supporter.objects.filter(pk=member.pk).update(points_total=40, show_on_leaderboard=True)

    html = dashboard(client, member)
    leaderboard = html.split('id="leaderboard-title"')[1].split("</section>")[0]

    assert "Grace H.: 500 points" in leaderboard
    assert "Ada L.: 40 points <strong>(you)</strong>" in leaderboard
    assert leaderboard.index("Grace H.") < leaderboard.index("Ada L.")
    assert "Hidden" not in leaderboard
    assert "Hopper" not in leaderboard
    assert "Lovelace" not in leaderboard


def test_an_erased_supporter_never_appears_on_the_leaderboard(client, members_index, member):
    Supporter.objects.create(first_name="Gone", show_on_leaderboard=True, points_total=999, erased_at=member.created)

    assert "Gone" not in dashboard(client, member)


def test_the_built_in_consent_panel_shows_my_current_consent(client, members_index, member):
    grant_consent(member, Channel.SMS, source=ConsentSource.FORM, wording="Text me")

    html = dashboard(client, member)
    panel = html.split("Your consent settings")[1].split("</section>")[0]

    assert "Text message: <strong>yes, you agreed</strong>" in panel
    assert "Email: <strong>no</strong>" in panel


def test_another_app_adds_a_panel_through_the_hook(client, members_index, member, tmp_path, settings):
    (tmp_path / "shifts_panel.html").write_text("<p>Shifts for {{ supporter.first_name }}: {{ count }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    def upcoming_shifts(request, supporter):
        return {"title": "Your upcoming shifts", "template": "shifts_panel.html", "context": {"count": 2}, "order": 1}

    def nothing_to_show(request, supporter):
        return None

    with (
        hooks.register_temporarily("member_dashboard_panels", upcoming_shifts),
        hooks.register_temporarily("member_dashboard_panels", nothing_to_show),
    ):
        html = dashboard(client, member)

    assert "Your upcoming shifts" in html
    assert "<p>Shifts for Ada: 2</p>" in html
    assert html.index("Your upcoming shifts") < html.index("Your consent settings")
    assert "Your upcoming shifts" not in dashboard(client, member)


def test_lists_the_members_pages(client, member_article, member_video, member):
    html = dashboard(client, member)

    assert f'href="{member_article.url}"' in html
    assert "Secret polling day plan" in html
    assert "Volunteer briefing video" in html


def test_names_are_escaped_on_the_dashboard(client, members_index, member, django_user_model):
    make_member(django_user_model, email="x@example.org", first_name="<script>alert(1)</script>", last_name="X")
    Supporter.objects.filter(email="x@example.org").update(show_on_leaderboard=True)

    html = dashboard(client, member)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; X." in html


def test_offers_the_offline_path(client, members_index, member, contact_settings):
    html = dashboard(client, member)

    assert "Prefer to talk?" in html
    assert "Call us on" in html
    assert 'href="tel:02079460000"' in html
    assert "12 Example Street" in html


def test_an_editor_sees_the_page_without_supporter_data(client, member_article, editor):
    client.force_login(editor)

    html = client.get("/members/").content.decode()

    assert "no supporter record for your account" in html
    assert "Secret polling day plan" in html
    assert "/join/?ref=" not in html
