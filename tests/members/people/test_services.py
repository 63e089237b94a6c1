"""The people services: normalising, matching, consent, contact rules, activity, sending, erasure."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError

from members.people.gateways import LocalSMSGateway, SMSGatewayError
from members.people.models import Activity, ActivityKind, ConsentRecord, PointsRule, Supporter
from members.people.segments import filter_supporters
from members.people.services import (
    Message,
    PeopleError,
    area_for_postcode,
    current_consent,
    erase_supporter,
    find_or_create_supporter,
    grant_consent,
    may_contact,
    normalise_phone,
    normalise_postcode,
    reason_not_to_contact,
    record_activity,
    send,
    withdraw_consent,
)
from members.people.signals import supporter_erased

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
# Wednesday 10 June 2026, and Sunday 14 June 2026 (British Summer Time).
WEDNESDAY = datetime.date(2026, 6, 10)
SUNDAY = datetime.date(2026, 6, 14)


def uk_time(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=UK)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("07911 123456", "+447911123456"), ("+44 (0)7911-123456", "+447911123456"), ("0044 7911 123456", "+447911123456")],
)
def test_phone_numbers_become_e164(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "not a number", "0" * 10_000, "+1 555 0100"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(PeopleError, match="Enter a valid phone number"):
        normalise_phone(raw)


@pytest.mark.parametrize(
    ("raw", "postcode", "area"),
    [
        ("n19gu", "N1 9GU", "Islington"),
        ("  sw1a   1aa ", "SW1A 1AA", "Westminster"),
        ("EC1A 1BB", "EC1A 1BB", "Islington"),
        ("m1 1ae", "M1 1AE", "M1"),
        ("", "", ""),
    ],
)
def test_postcodes_are_normalised_and_give_an_area(raw, postcode, area):
    assert normalise_postcode(raw) == postcode
    assert area_for_postcode(postcode) == area


@pytest.mark.parametrize("raw", ["N1", "12345", "<b>N1 9GU</b>", "N1 9GU N1 9GU"])
def test_bad_postcodes_are_refused(raw):
    with pytest.raises(PeopleError, match="Enter a UK postcode"):
        normalise_postcode(raw)


def test_matching_by_email_ignores_case(supporter):
    found, created = find_or_create_supporter(email="GRACE@Example.ORG")
    assert (found, created) == (supporter, False)


def test_matching_by_phone_uses_e164(supporter):
    found, created = find_or_create_supporter(phone="07911 123456")
    assert (found, created) == (supporter, False)


def test_email_match_wins_over_a_phone_match(supporter):
    other = Supporter.objects.create(email="other@example.org", phone="+447400123456")
    found, _ = find_or_create_supporter(email="grace@example.org", phone="07400 123456")
    assert found == supporter != other


def test_a_new_person_is_created_once_with_normalised_details():
    first, created = find_or_create_supporter(
        email="New@Example.org",
        phone="07400 123456",
        defaults={"first_name": "New", "postcode": "se1 7pb"},
        source="import",
    )
    again, created_again = find_or_create_supporter(email="new@example.org")

    assert created
    assert not created_again
    assert again == first
    assert first.email == "New@Example.org"
    assert first.phone == "+447400123456"
    assert (first.postcode, first.area) == ("SE1 7PB", "Southwark")
    assert first.first_source == {"source": "import"}
    assert Supporter.objects.count() == 1


def test_finding_needs_an_email_or_phone():
    with pytest.raises(PeopleError, match="email address or a phone number"):
        find_or_create_supporter(defaults={"first_name": "Nobody"})


def test_the_database_refuses_a_second_supporter_with_the_same_email_in_another_case(supporter):
    with pytest.raises(IntegrityError):
        Supporter.objects.create(email="GRACE@EXAMPLE.ORG")


def test_many_supporters_may_have_no_email_or_phone():
    Supporter.objects.create(first_name="A")
    Supporter.objects.create(first_name="B")
    assert Supporter.objects.count() == 2


def test_recruiter_codes_are_unique_and_url_safe():
    codes = {Supporter.objects.create(first_name=str(n)).recruiter_code for n in range(20)}
    assert len(codes) == 20
    assert all(code.replace("-", "").replace("_", "").isalnum() for code in codes)


def test_consent_ledger_latest_row_wins(supporter):
    assert current_consent(supporter) == {"email": False, "sms": False, "phone": False}

    grant_consent(supporter, "email", source="form", wording="Email me", at=uk_time(WEDNESDAY, 9))
    withdraw_consent(supporter, "email", source="unsubscribe_link", at=uk_time(WEDNESDAY, 12))
    grant_consent(supporter, "sms", source="text_keyword", wording="JOIN", at=uk_time(WEDNESDAY, 10))

    assert current_consent(supporter) == {"email": False, "sms": True, "phone": False}
    assert ConsentRecord.objects.filter(supporter=supporter).count() == 3
    # The segment filter reads the same ledger in SQL and must agree.
    assert list(filter_supporters(Supporter.objects.all(), {"consents": ["sms"]})) == [supporter]
    assert not filter_supporters(Supporter.objects.all(), {"consents": ["email"]}).exists()


def test_an_older_grant_recorded_later_does_not_override_a_newer_withdrawal(supporter):
    withdraw_consent(supporter, "email", source="mailchimp_webhook", at=uk_time(WEDNESDAY, 12))
    grant_consent(supporter, "email", source="import", wording="Imported", at=uk_time(WEDNESDAY, 8))

    assert current_consent(supporter)["email"] is False
    assert not filter_supporters(Supporter.objects.all(), {"consents": ["email"]}).exists()


@pytest.mark.parametrize("channel", ["fax", ""])
def test_unknown_channels_are_refused(supporter, channel):
    with pytest.raises(PeopleError, match="Unknown channel"):
        grant_consent(supporter, channel, source="form", wording="x")


def test_unknown_consent_sources_are_refused(supporter):
    with pytest.raises(PeopleError, match="Unknown consent source"):
        grant_consent(supporter, "email", source="guesswork", wording="x")
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize(
    ("when", "allowed"),
    [
        (uk_time(WEDNESDAY, 8, 59), False),
        (uk_time(WEDNESDAY, 9, 0), True),
        (uk_time(WEDNESDAY, 20, 59), True),
        (uk_time(WEDNESDAY, 21, 0), False),
        (uk_time(WEDNESDAY, 2, 0), False),
        (uk_time(SUNDAY, 9, 30), False),
        (uk_time(SUNDAY, 10, 0), True),
        (uk_time(SUNDAY, 21, 30), False),
    ],
)
def test_texts_and_calls_respect_quiet_hours_in_uk_time(supporter, when, allowed):
    grant_consent(supporter, "sms", source="form", wording="x")
    grant_consent(supporter, "phone", source="staff", wording="x")

    assert may_contact(supporter, "sms", at=when) is allowed
    assert may_contact(supporter, "phone", at=when) is allowed


def test_quiet_hours_follow_the_uk_clock_not_utc(supporter):
    grant_consent(supporter, "sms", source="form", wording="x")
    # 08:30 UTC in June is 09:30 in London.
    assert may_contact(supporter, "sms", at=datetime.datetime(2026, 6, 10, 8, 30, tzinfo=datetime.UTC))


def test_email_has_no_quiet_hours(supporter):
    grant_consent(supporter, "email", source="form", wording="x")
    assert may_contact(supporter, "email", at=uk_time(SUNDAY, 3))


def test_no_consent_no_contact(supporter):
    assert not may_contact(supporter, "email")
    assert "no current consent" in reason_not_to_contact(supporter, "email")


def test_no_address_no_contact(supporter):
    grant_consent(supporter, "email", source="form", wording="x")
    supporter.email = ""
    assert not may_contact(supporter, "email")


def test_erased_supporters_are_never_contacted(supporter):
    grant_consent(supporter, "email", source="form", wording="x")
    erase_supporter(supporter)

    assert not may_contact(supporter, "email", at=uk_time(WEDNESDAY, 12))
    assert reason_not_to_contact(supporter, "email") == "This supporter's data has been erased."


def test_record_activity_gives_the_published_points_and_keeps_the_total(supporter):
    PointsRule.objects.filter(kind=ActivityKind.ATTENDED).update(points=12)
    at = uk_time(WEDNESDAY, 7)

    first = record_activity(supporter, ActivityKind.ATTENDED, at=at)
    record_activity(supporter, ActivityKind.DELIVERED_LEAFLETS, quantity=500, area="Camden", summary="King's Cross")

    assert (first.points, first.area) == (12, "Islington")
    leaflets = Activity.objects.get(kind=ActivityKind.DELIVERED_LEAFLETS)
    assert (leaflets.quantity, leaflets.area, leaflets.summary) == (500, "Camden", "King's Cross")
    supporter.refresh_from_db()
    assert supporter.points_total == 12 + 10
    assert supporter.last_active_at > at


def test_record_activity_links_what_it_was_about(supporter):
    other = Supporter.objects.create(first_name="Recruit")
    activity = record_activity(supporter, ActivityKind.RECRUITED, about=other)
    assert Activity.objects.get(pk=activity.pk).about == other


def test_an_older_activity_does_not_move_last_active_back(supporter):
    record_activity(supporter, ActivityKind.ATTENDED, at=uk_time(WEDNESDAY, 12))
    record_activity(supporter, ActivityKind.ATTENDED, at=uk_time(WEDNESDAY, 8))
    supporter.refresh_from_db()
    assert supporter.last_active_at == uk_time(WEDNESDAY, 12)


@pytest.mark.parametrize(
    ("kind", "quantity", "message"), [("flew_a_kite", 1, "Unknown kind"), ("attended", 0, "at least 1")]
)
def test_record_activity_refuses_bad_input_and_writes_nothing(supporter, kind, quantity, message):
    with pytest.raises(PeopleError, match=message):
        record_activity(supporter, kind, quantity=quantity)
    assert not Activity.objects.exists()
    supporter.refresh_from_db()
    assert supporter.points_total == 0


def test_send_refuses_without_consent(supporter):
    outcome = send(supporter, "email", Message("Hello", subject="News"))

    assert outcome.status == "refused"
    assert "no current consent" in outcome.reason
    assert not mail.outbox


def test_email_names_the_sender_and_offers_one_click_unsubscribe(supporter, settings):
    settings.CAMPAIGN_NAME = "Sadiq for London"
    grant_consent(supporter, "email", source="form", wording="x")

    outcome = send(supporter, "email", Message("Come leafleting on Saturday.", subject="Saturday"))

    assert outcome.sent
    (email,) = mail.outbox
    assert email.to == ["grace@example.org"]
    assert email.from_email.startswith("Sadiq for London <")
    assert "Sent by Sadiq for London" in email.body
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith(settings.SITE_URL + "/unsubscribe/")
    assert link in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_text_goes_to_the_configured_gateway_naming_the_sender(supporter, settings):
    settings.CAMPAIGN_NAME = "Muster"
    grant_consent(supporter, "sms", source="form", wording="x")

    outcome = send(supporter, "sms", Message("Leafleting at 7am, King's Cross."), at=uk_time(WEDNESDAY, 12))

    assert outcome.sent
    assert LocalSMSGateway.outbox == [
        {
            "id": outcome.provider_id,
            "to": "+447911123456",
            "body": "Muster: Leafleting at 7am, King's Cross. Reply STOP to opt out.",
        }
    ]


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connection refused")


class DownGateway:
    def send_text(self, to, body):
        raise SMSGatewayError("Gateway timed out")


def test_an_email_the_mail_server_refuses_is_reported_as_failed(supporter, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.UnreachableMailServer"}}
    grant_consent(supporter, "email", source="form", wording="x")

    outcome = send(supporter, "email", Message("Hello", subject="News"))

    assert (outcome.status, outcome.reason) == ("failed", "Connection refused")


def test_a_text_the_gateway_cannot_send_is_reported_as_failed(supporter, settings):
    settings.SMS_BACKEND = f"{__name__}.DownGateway"
    grant_consent(supporter, "sms", source="form", wording="x")

    outcome = send(supporter, "sms", Message("Hi"), at=uk_time(WEDNESDAY, 12))

    assert (outcome.status, outcome.reason, outcome.provider_id) == ("failed", "Gateway timed out", "")


def test_no_texts_in_quiet_hours(supporter):
    grant_consent(supporter, "sms", source="form", wording="x")

    outcome = send(supporter, "sms", Message("Hi"), at=uk_time(SUNDAY, 9, 30))

    assert outcome.status == "refused"
    assert "quiet hours" in outcome.reason
    assert LocalSMSGateway.outbox == []


def test_texts_are_refused_after_withdrawal(supporter):
    grant_consent(supporter, "sms", source="form", wording="x")
    withdraw_consent(supporter, "sms", source="text_keyword", wording="STOP")

    assert send(supporter, "sms", Message("Hi"), at=uk_time(WEDNESDAY, 12)).status == "refused"
    assert LocalSMSGateway.outbox == []


def test_calls_cannot_be_sent(supporter):
    with pytest.raises(PeopleError, match="Only emails and text messages"):
        send(supporter, "phone", Message("Hi"))


def test_erasure_removes_personal_data_keeps_counts_and_tells_listeners(supporter, django_capture_on_commit_callbacks):
    heard = []
    supporter_erased.connect(
        lambda sender, supporter, **kwargs: heard.append(supporter.pk), weak=False, dispatch_uid="t"
    )
    grant_consent(supporter, "email", source="form", wording="Email me")
    record_activity(supporter, ActivityKind.ATTENDED, summary="Leafleting with Grace at King's Cross")
    supporter.tags.add("volunteer")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            erase_supporter(supporter)
    finally:
        supporter_erased.disconnect(dispatch_uid="t")

    supporter.refresh_from_db()
    assert supporter.erased_at is not None
    assert (supporter.first_name, supporter.last_name, supporter.email, supporter.phone, supporter.postcode) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert not supporter.tags.exists()
    assert current_consent(supporter) == {"email": False, "sms": False, "phone": False}
    activity = supporter.activities.get()
    assert (activity.kind, activity.summary) == (ActivityKind.ATTENDED, "")
    assert heard == [supporter.pk]
    with pytest.raises(PeopleError):
        record_activity(supporter, ActivityKind.ATTENDED)


def test_supporters_filter_by_preference_on_any_database():
    leafleter = Supporter.objects.create(first_name="L", preferred_actions=["leafleting", "online"])
    Supporter.objects.create(first_name="P", preferred_actions=["phone_banking"])
    Supporter.objects.create(first_name="N")

    assert list(Supporter.objects.filter(preferred_actions__includes="leafleting")) == [leafleter]
    assert not Supporter.objects.filter(preferred_actions__includes="leaf").exists()


def test_supporters_filter_by_tag(supporter):
    Supporter.objects.create(first_name="Untagged")
    supporter.tags.add("Camden captains")
    assert list(Supporter.objects.filter(tags__name="Camden captains")) == [supporter]
