"""Profile and preferences: contact details, what, where and when, languages, leaderboard, consent."""

import pytest

from members.people.models import ConsentRecord, ConsentSource, Supporter
from members.people.services import current_consent
from members.portal.services import PROFILE_CONSENT_WORDING

from .conftest import make_member

pytestmark = pytest.mark.django_db

URL = "/members/profile/"


def profile_data(**overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone": "07723 456789",
        "postcode": "e8 1dy",
        "preferred_actions": ["leafleting", "phone_banking"],
        "preferred_areas": ["Hackney", "Islington"],
        "availability": ["weekends"],
        "languages": "Polish, Bengali",
        "show_on_leaderboard": "on",
        "consent_email": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def logged_in(client, member):
    client.force_login(member.user)
    return client


def saved(member):
    return Supporter.objects.get(pk=member.pk)


def test_the_form_shows_my_current_details_and_the_offline_path(logged_in, member, contact_settings):
    html = logged_in.get(URL).content.decode()

    assert 'value="Ada"' in html
    assert 'value="+447911123456"' in html
    assert 'value="N1 9GU"' in html
    assert '<label class="form-label" for="id_phone">Mobile number' in html
    assert "<legend" in html
    assert "Prefer to talk?" in html
    assert "Call us on" in html


def test_saving_stores_normalised_details_and_preferences(logged_in, member):
    response = logged_in.post(URL, profile_data())

    assert response.status_code == 302
    assert response["Location"] == URL
    member = saved(member)
    assert member.phone == "+447723456789"
    assert member.postcode == "E8 1DY"
    assert member.area == "Hackney"
    assert member.preferred_actions == ["leafleting", "phone_banking"]
    assert member.preferred_areas == ["Hackney", "Islington"]
    assert member.availability == ["weekends"]
    assert member.languages == ["Polish", "Bengali"]
    assert member.show_on_leaderboard is True
    assert "Your profile and preferences are saved." in logged_in.get(URL).content.decode()


def test_a_postcode_outside_london_keeps_its_district_as_the_area(logged_in, member):
    logged_in.post(URL, profile_data(postcode="m1 1ae"))

    assert saved(member).area == "M1"


def test_ticking_a_consent_box_writes_one_ledger_row_with_the_wording(logged_in, member):
    logged_in.post(URL, profile_data(consent_email="on", consent_sms="on"))

    rows = ConsentRecord.objects.filter(supporter=member).order_by("channel")
    assert [(row.channel, row.granted, row.source) for row in rows] == [
        ("email", True, ConsentSource.FORM),
        ("sms", True, ConsentSource.FORM),
    ]
    assert rows.get(channel="sms").wording == PROFILE_CONSENT_WORDING["sms"]
    assert rows.get(channel="email").recorded_by == member.user


def test_saving_again_unchanged_writes_no_more_rows(logged_in, member):
    logged_in.post(URL, profile_data(consent_email="on"))
    logged_in.post(URL, profile_data(consent_email="on"))

    assert ConsentRecord.objects.filter(supporter=member).count() == 1


def test_unticking_withdraws_consent(logged_in, member):
    logged_in.post(URL, profile_data(consent_email="on", consent_phone="on"))
    logged_in.post(URL, profile_data(consent_email=None, consent_phone="on"))

    assert current_consent(saved(member)) == {"email": False, "sms": False, "phone": True}
    latest = ConsentRecord.objects.filter(supporter=member, channel="email").first()
    assert latest.granted is False
    assert latest.wording == PROFILE_CONSENT_WORDING["email"]
    assert ConsentRecord.objects.filter(supporter=member).count() == 3


def test_the_form_shows_current_consent_as_ticked(logged_in, member):
    logged_in.post(URL, profile_data(consent_sms="on", consent_email=None))

    html = logged_in.get(URL).content.decode()

    assert 'name="consent_sms" class="form-check-input" aria-describedby' not in html
    assert 'type="checkbox" name="consent_sms" class="form-check-input" id="id_consent_sms" checked' in html
    assert 'type="checkbox" name="consent_email" class="form-check-input" id="id_consent_email">' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Enter a valid phone number"),
        ("phone", "not a phone", "Enter a valid phone number"),
        ("postcode", "SW1A", "Enter a UK postcode"),
        ("postcode", "ZZZZZZ", "Enter a UK postcode"),
        ("first_name", "x" * 10_000, "Ensure this value has at most 150 characters"),
        ("last_name", "x" * 10_000, "Ensure this value has at most 150 characters"),
        ("phone", "7" * 10_000, "Ensure this value has at most 32 characters"),
        ("postcode", "N" * 10_000, "Ensure this value has at most 16 characters"),
        ("languages", "x" * 10_000, "Ensure this value has at most 300 characters"),
        ("languages", "a,b,c,d,e,f,g,h,i,j,k", "List at most 10 languages"),
        ("languages", "Polish, " + "x" * 65, "Each language can be at most 64 characters long"),
        ("first_name", "", "This field is required"),
        ("preferred_actions", ["flying"], "Select a valid choice"),
        ("availability", ["midnight"], "Select a valid choice"),
        ("preferred_areas", ["<b>Atlantis</b>"], "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_linked_to_the_field_and_saves_nothing(logged_in, member, field, value, message):
    before = Supporter.objects.filter(pk=member.pk).values().get()

    response = logged_in.post(URL, profile_data(**{field: value}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert f'<a href="#id_{field}' in html
    assert f'id="id_{field}_error"' in html
    assert Supporter.objects.filter(pk=member.pk).values().get() == before
    assert not ConsentRecord.objects.filter(supporter=member).exists()


def test_texts_or_calls_need_a_phone_number(logged_in, member):
    response = logged_in.post(URL, profile_data(phone="", consent_sms="on"))

    assert "Give a phone number if you would like texts or calls." in response.content.decode()
    assert not ConsentRecord.objects.filter(supporter=member).exists()
    assert saved(member).phone == "+447911123456"


def test_a_phone_number_on_another_record_is_refused_and_nothing_is_saved(logged_in, member, django_user_model):
    make_member(django_user_model, email="other@example.org", phone="+447723456780")

    response = logged_in.post(URL, profile_data(phone="07723 456780", first_name="Changed"))

    assert "This phone number is on another supporter" in response.content.decode()
    assert saved(member).first_name == "Ada"
    assert saved(member).phone == "+447911123456"
    assert not ConsentRecord.objects.filter(supporter=member).exists()


def test_script_in_a_name_is_stored_as_text_and_shown_escaped(logged_in, member):
    logged_in.post(URL, profile_data(first_name="<script>alert('x')</script>"))

    html = logged_in.get(URL).content.decode()

    assert saved(member).first_name == "<script>alert('x')</script>"
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_script_in_an_invalid_field_is_escaped_in_the_error_page(logged_in, member):
    response = logged_in.post(URL, profile_data(phone="<script>alert(1)</script>"))

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_clearing_the_postcode_clears_the_area(logged_in, member):
    logged_in.post(URL, profile_data(postcode=""))

    member = saved(member)
    assert member.postcode == ""
    assert member.area == ""


def test_profile_form_needs_csrf(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member.user)

    response = client.post(URL, profile_data(first_name="Forged"))

    assert response.status_code == 403
    assert saved(member).first_name == "Ada"
