"""The rules of the people database: matching, consent, activity, sending, sign-up and erasure."""

import datetime
import logging
import re
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import phonenumbers
from anymail.exceptions import AnymailError
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from taggit.models import Tag

from .areas import area_for_postcode  # noqa: F401  (part of this module's API)
from .gateways import SMSGatewayError
from .models import (
    ActionKind,
    Activity,
    ActivityKind,
    Availability,
    Channel,
    ConsentRecord,
    ConsentSource,
    PendingSignup,
    PointsRule,
    Supporter,
)
from .signals import supporter_erased

logger = logging.getLogger(__name__)

UK_TIME = ZoneInfo("Europe/London")

# The exact words next to each sign-up tick box; stored in ConsentRecord.wording when ticked.
CONSENT_WORDING = {
    Channel.EMAIL: (
        "Yes, email me campaign news, events and appeals for support or money. "
        "I can unsubscribe at any time with one click."
    ),
    Channel.SMS: ("Yes, text me about campaign events and actions near me. I can reply STOP at any time to opt out."),
}

ATTRIBUTION_COOKIE = "muster_source"
ATTRIBUTION_SALT = "people.attribution"
ATTRIBUTION_MAX_AGE = 90 * 24 * 60 * 60
ATTRIBUTION_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
RECRUITER_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{4,16}$")

UNSUBSCRIBE_SALT = "people.unsubscribe"
# Long enough that an old email's link still works; an absolute right to object should not expire quickly.
UNSUBSCRIBE_MAX_AGE = 2 * 365 * 24 * 60 * 60

POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


class PeopleError(Exception):
    """A rule of the people database refused the request; `message` is fit to show the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Contact details -------------------------------------------------------------------


def normalise_phone(raw, region="GB"):
    """The number in E.164 ("+447700900123"); PeopleError if it is not a valid number."""
    message = "Enter a valid phone number, for example 07911 123456 or +44 7911 123456."
    raw = (raw or "").strip()
    if not raw or len(raw) > 32:
        raise PeopleError(message)
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise PeopleError(message) from error
    if not phonenumbers.is_valid_number(number):
        raise PeopleError(message)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_postcode(raw):
    """A UK postcode in capitals with one space before the inward code ("N1 9GU"); "" stays ""."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if not compact:
        return ""
    match = POSTCODE_PATTERN.match(compact)
    if match is None:
        raise PeopleError("Enter a UK postcode, for example N1 9GU.")
    return f"{match.group(1)} {match.group(2)}"


# --- Matching ------------------------------------------------------------------------------


def _match_supporter(email, phone):
    if email:
        match = Supporter.objects.filter(email__iexact=email).first()
        if match is not None:
            return match
    if phone:
        return Supporter.objects.filter(phone=phone).first()
    return None


def find_or_create_supporter(*, email=None, phone=None, defaults=None, source=""):
    """The one supporter with this email (any case) or else this E.164 phone, created if none.

    Returns (supporter, created). Two requests racing to create the same person end with
    one row: the database's unique constraints reject the second insert, which then finds
    the first. `source` ("signup", "import", "text", "donation"...) is noted on new records.
    """
    email = (email or "").strip()
    phone = normalise_phone(phone) if phone else ""
    if not email and not phone:
        raise PeopleError("An email address or a phone number is needed to find a supporter.")
    fields = dict(defaults or {})
    if "postcode" in fields:
        fields["postcode"] = normalise_postcode(fields["postcode"])
    fields["first_source"] = {**fields.get("first_source", {}), **({"source": source} if source else {})}
    for _attempt in range(3):
        existing = _match_supporter(email, phone)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                return Supporter.objects.create(email=email, phone=phone, **fields), True
        except IntegrityError:
            continue  # Someone else created them a moment ago: look again.
    existing = _match_supporter(email, phone)
    if existing is None:
        raise PeopleError("This person could not be saved; please try again.")
    return existing, False


# --- Activity and points ---------------------------------------------------------------------


def record_activity(supporter, kind, *, at=None, area=None, quantity=1, about=None, summary=""):
    """Write one Activity, with the points its published rule gives, and add them to the total.

    The one activity recorder: every app calls this. `about` is the event, idea or donation
    it concerns; `area` defaults to the supporter's own.
    """
    if kind not in ActivityKind.values:
        raise PeopleError(f"Unknown kind of activity: {kind}.")
    if supporter.erased_at:
        raise PeopleError("This supporter's data has been erased; no new activity is recorded.")
    if quantity < 1:
        raise PeopleError("The quantity must be at least 1.")
    at = at or timezone.now()
    points = PointsRule.objects.filter(kind=kind).values_list("points", flat=True).first() or 0
    with transaction.atomic():
        activity = Activity.objects.create(
            supporter=supporter,
            kind=kind,
            at=at,
            area=supporter.area if area is None else area,
            points=points,
            quantity=quantity,
            content_type=ContentType.objects.get_for_model(about) if about is not None else None,
            object_id=str(about.pk) if about is not None else "",
            summary=summary[:255],
        )
        Supporter.objects.filter(pk=supporter.pk).update(
            points_total=F("points_total") + points,
            last_active_at=Greatest(Coalesce(F("last_active_at"), at), at),
        )
    supporter.refresh_from_db(fields=["points_total", "last_active_at"])
    return activity


# --- Consent ------------------------------------------------------------------------------------


def _check_channel(channel):
    if channel not in Channel.values:
        raise PeopleError(f"Unknown channel: {channel}.")


def grant_consent(supporter, channel, *, source, wording, by=None, at=None):
    """Record that the person agreed to hear from us on `channel`, with the words they saw."""
    _check_channel(channel)
    if source not in ConsentSource.values:
        raise PeopleError(f"Unknown consent source: {source}.")
    if supporter.erased_at:
        raise PeopleError("This supporter's data has been erased; consent cannot be recorded.")
    return ConsentRecord.objects.create(
        supporter=supporter,
        channel=channel,
        granted=True,
        at=at or timezone.now(),
        source=source,
        wording=wording,
        recorded_by=by,
    )


def withdraw_consent(supporter, channel, *, source, wording="", by=None, at=None):
    """Record that the person no longer wants to hear from us on `channel`. Always allowed."""
    _check_channel(channel)
    if source not in ConsentSource.values:
        raise PeopleError(f"Unknown consent source: {source}.")
    return ConsentRecord.objects.create(
        supporter=supporter,
        channel=channel,
        granted=False,
        at=at or timezone.now(),
        source=source,
        wording=wording,
        recorded_by=by,
    )


def current_consent(supporter):
    """{channel: granted} from the latest ledger row per channel; False where there is none."""
    consent = dict.fromkeys(Channel.values, False)
    seen = set()
    for channel, granted in supporter.consents.order_by("channel", "-at", "-pk").values_list("channel", "granted"):
        if channel not in seen:
            seen.add(channel)
            consent[channel] = granted
    return consent


def in_quiet_hours(at):
    """No texts or calls 21:00–09:00 UK time, nor before 10:00 on a Sunday."""
    local = at.astimezone(UK_TIME)
    opens = datetime.time(10) if local.weekday() == 6 else datetime.time(9)
    return not (opens <= local.time() < datetime.time(21))


def reason_not_to_contact(supporter, channel, *, at=None):
    """Why we may not contact this person on `channel` now, or None if we may."""
    _check_channel(channel)
    if supporter.erased_at:
        return "This supporter's data has been erased."
    if channel == Channel.EMAIL and not supporter.email:
        return "There is no email address on record."
    if channel in (Channel.SMS, Channel.PHONE) and not supporter.phone:
        return "There is no phone number on record."
    if not current_consent(supporter)[channel]:
        return f"There is no current consent to contact them by {Channel(channel).label.lower()}."
    if channel in (Channel.SMS, Channel.PHONE) and in_quiet_hours(at or timezone.now()):
        return "It is quiet hours: no texts or calls 21:00–09:00 UK time, or before 10:00 on Sundays."
    return None


def may_contact(supporter, channel, *, at=None):
    """The one consent check: consent granted, not erased, an address on record, outside quiet hours."""
    return reason_not_to_contact(supporter, channel, at=at) is None


# --- Sending ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    body: str
    subject: str = ""


@dataclass(frozen=True)
class SendOutcome:
    status: str  # "sent", "refused" or "failed"
    reason: str = ""
    provider_id: str = ""

    @property
    def sent(self):
        return self.status == "sent"


def make_unsubscribe_token(supporter, channel):
    return signing.dumps({"s": supporter.pk, "c": channel}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(supporter, channel):
    path = reverse("people:unsubscribe", args=[make_unsubscribe_token(supporter, channel)])
    return settings.SITE_URL.rstrip("/") + path


def read_unsubscribe_token(token):
    """(supporter, channel) from a token made by make_unsubscribe_token; PeopleError if bad or expired."""
    message = "This unsubscribe link is not valid or has expired. Log in to change what we send you, or reply STOP."
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature as error:
        raise PeopleError(message) from error
    if not isinstance(payload, dict) or payload.get("c") not in Channel.values:
        raise PeopleError(message)
    supporter = Supporter.objects.filter(pk=payload.get("s")).first()
    if supporter is None:
        raise PeopleError(message)
    return supporter, payload["c"]


def unsubscribe(token):
    """Withdraw the consent a one-click link names; doing it twice changes nothing more."""
    supporter, channel = read_unsubscribe_token(token)
    set_consent(supporter, channel, False, source=ConsentSource.UNSUBSCRIBE_LINK, wording="One-click unsubscribe")
    return supporter, channel


def _sender_address():
    return formataddr((settings.CAMPAIGN_NAME, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def send(supporter, channel, message, *, at=None):
    """The one sending door: checks may_contact, names the sender, offers an opt-out, then sends.

    Email goes through Django's mailer with a one-click unsubscribe link and the RFC 8058
    List-Unsubscribe headers; texts go to the gateway named by settings.SMS_BACKEND.
    Calls are made by people, not sent: use may_contact before calling. `at` is the moment
    the quiet-hours check uses (now unless given).
    """
    if channel not in (Channel.EMAIL, Channel.SMS):
        raise PeopleError("Only emails and text messages can be sent.")
    reason = reason_not_to_contact(supporter, channel, at=at)
    if reason:
        return SendOutcome("refused", reason)
    name = settings.CAMPAIGN_NAME
    if channel == Channel.EMAIL:
        link = unsubscribe_url(supporter, channel)
        body = (
            f"{message.body}\n\n--\nSent by {name}. You are receiving this because you agreed to hear from us "
            f"by email.\nUnsubscribe with one click: {link}\n"
        )
        email = EmailMessage(
            subject=message.subject or f"News from {name}",
            body=body,
            from_email=_sender_address(),
            to=[supporter.email],
            headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        try:
            email.send()
        except (OSError, AnymailError) as error:  # SMTP and connection failures, or the provider refusing it
            logger.warning("Email to supporter %s failed: %s", supporter.pk, error)
            return SendOutcome("failed", str(error))
        return SendOutcome("sent")
    gateway = import_string(settings.SMS_BACKEND)()
    try:
        provider_id = gateway.send_text(supporter.phone, f"{name}: {message.body} Reply STOP to opt out.")
    except SMSGatewayError as error:
        logger.warning("Text to supporter %s failed: %s", supporter.pk, error)
        return SendOutcome("failed", str(error))
    return SendOutcome("sent", provider_id=provider_id)


# --- Attribution ------------------------------------------------------------------------------


def _clip(value, length=200):
    return str(value)[:length]


def attribution_for_visit(request):
    """First-touch attribution for this request, or None if it carries none (no utm, ref or outside referrer).

    Kept in a signed cookie by AttributionMiddleware, not the session: a session would make
    every landing page uncacheable for the whole-page cache.
    """
    found = {key: _clip(request.GET[key]) for key in ATTRIBUTION_PARAMS if request.GET.get(key)}
    ref = request.GET.get("ref", "")
    if RECRUITER_CODE_PATTERN.match(ref):
        found["ref"] = ref
    referrer = request.META.get("HTTP_REFERER", "")
    parts = urlsplit(referrer)
    if parts.scheme in ("http", "https") and parts.hostname and parts.netloc != request.get_host():
        # Origin and path only: a referrer's query string can hold someone's personal data.
        found["referrer"] = _clip(f"{parts.scheme}://{parts.netloc}{parts.path}")
    if not found:
        return None
    found["landing_path"] = _clip(request.path)
    found["first_seen"] = timezone.now().isoformat(timespec="seconds")
    return found


def attribution_from_request(request):
    """The visitor's first-touch attribution from their signed cookie; {} if none, expired or tampered."""
    value = request.COOKIES.get(ATTRIBUTION_COOKIE)
    if not value:
        return {}
    try:
        attribution = signing.loads(value, salt=ATTRIBUTION_SALT, max_age=ATTRIBUTION_MAX_AGE)
    except signing.BadSignature:
        return {}
    return attribution if isinstance(attribution, dict) else {}


def store_attribution(response, attribution):
    """Keep attribution in a signed, timestamped cookie; that response becomes private (never shared-cached)."""
    response.set_cookie(
        ATTRIBUTION_COOKIE,
        signing.dumps(attribution, salt=ATTRIBUTION_SALT, compress=True),
        max_age=ATTRIBUTION_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SITE_URL.startswith("https"),
    )
    response["Cache-Control"] = "private"


# --- Sign-up -----------------------------------------------------------------------------------


def hold_signup(user, *, first_name, last_name, postcode="", phone="", consents=(), attribution=None):
    """Keep what a new account said until its email is verified (see complete_signup).

    `consents` are the channels whose boxes were ticked; their wording is stored now, as shown.
    """
    details = {
        "first_name": first_name,
        "last_name": last_name,
        "postcode": normalise_postcode(postcode),
        "phone": normalise_phone(phone) if phone else "",
        "consents": {channel: CONSENT_WORDING[channel] for channel in consents},
        "attribution": attribution or {},
    }
    pending, _ = PendingSignup.objects.update_or_create(user=user, defaults={"details": details})
    return pending


@transaction.atomic
def complete_signup(user, email):
    """Join a user whose email is now verified to their Supporter, creating it if there is none.

    Only a verified address links an account to an existing record (say, an imported
    supporter), so nobody takes over a person's history by typing their email.
    Returns the supporter, or None if that email's record already belongs to another account.
    """
    if hasattr(user, "supporter"):
        return _change_verified_email(user.supporter, email)
    pending = PendingSignup.objects.filter(user=user).first()
    details = pending.details if pending else {}
    attribution = details.get("attribution", {})
    supporter, created = find_or_create_supporter(email=email, source="signup")
    supporter = Supporter.objects.select_for_update().get(pk=supporter.pk)
    if supporter.user_id == user.pk:
        return supporter  # The same link confirmed a moment ago, in a request that got the lock first.
    if supporter.user_id is not None:
        logger.warning("Verified email of user %s belongs to supporter %s of another user", user.pk, supporter.pk)
        return None
    supporter.user = user
    supporter.email = email
    supporter.email_verified = True
    # The verified person is the authority on their own name and postcode.
    for field in ("first_name", "last_name"):
        if details.get(field):
            setattr(supporter, field, details[field])
    if details.get("postcode"):
        supporter.postcode = details["postcode"]
    phone = details.get("phone", "")
    if phone and not supporter.phone and not Supporter.objects.filter(phone=phone).exists():
        supporter.phone = phone
    if attribution and not {k: v for k, v in supporter.first_source.items() if k != "source"}:
        supporter.first_source = {**supporter.first_source, **attribution}
    recruiter = _recruiter_for(attribution.get("ref", ""), supporter)
    if recruiter is not None and supporter.recruiter_id is None:
        supporter.recruiter = recruiter
    else:
        recruiter = None
    supporter.save()
    signed_up_at = pending.created if pending else timezone.now()
    for channel, wording in details.get("consents", {}).items():
        grant_consent(supporter, channel, source=ConsentSource.FORM, wording=wording, at=signed_up_at)
    record_activity(supporter, ActivityKind.SIGNED_UP, at=signed_up_at, summary="Created an account")
    if recruiter is not None:
        record_activity(recruiter, ActivityKind.RECRUITED, about=supporter, summary="Brought in a new supporter")
    if pending:
        pending.delete()
    if created:
        logger.info("New supporter %s signed up", supporter.pk)
    return supporter


def discard_pending_signup(user):
    """Forget what an unverified sign-up said (names, consents, recruiter) without touching the account."""
    PendingSignup.objects.filter(user=user).delete()


def tag_named(name):
    """The tag called `name` in any case, created if there is none. Two requests creating the
    same new tag at once both get it: the database's unique name settles the race."""
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is not None:
        return tag
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name)
    except IntegrityError:
        return Tag.objects.get(name__iexact=name)


UNVERIFIED_SIGNUP_LIFETIME = datetime.timedelta(days=14)


def forget_unverified_signups(*, now=None):
    """Delete accounts that never verified their email within the lifetime, with what
    their sign-up said: unconfirmed claims to an address are personal data we may not keep.
    Returns how many accounts were deleted."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    cutoff = (now or timezone.now()) - UNVERIFIED_SIGNUP_LIFETIME
    verified_users = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = get_user_model().objects.filter(
        date_joined__lt=cutoff, is_staff=False, is_superuser=False, supporter__isnull=True
    ).exclude(pk__in=verified_users)
    with transaction.atomic():
        PendingSignup.objects.filter(user__in=stale).delete()
        _total, deleted = stale.delete()
    return deleted.get(stale.model._meta.label, 0)


def _recruiter_for(code, supporter):
    if not code:
        return None
    recruiter = Supporter.objects.filter(recruiter_code=code, erased_at__isnull=True).first()
    if recruiter is None or recruiter.pk == supporter.pk:
        return None
    return recruiter


def _change_verified_email(supporter, email):
    if supporter.email.lower() == email.lower():
        if not supporter.email_verified:
            supporter.email_verified = True
            supporter.save(update_fields=["email_verified", "updated"])
        return supporter
    if Supporter.objects.filter(email__iexact=email).exclude(pk=supporter.pk).exists():
        logger.warning("Supporter %s verified %s, which another supporter holds; not changed", supporter.pk, email)
        return supporter
    supporter.email = email
    supporter.email_verified = True
    supporter.save(update_fields=["email", "email_verified", "updated"])
    return supporter


# --- Erasure -----------------------------------------------------------------------------------


@transaction.atomic
def erase_supporter(supporter, *, by=None):
    """Erase a person's personal data, opt them out of every channel, keep their activity anonymised.

    Activity rows stay (kind, when, area, points) so counts and reports still add up; their
    summaries and links go. supporter_erased is sent after commit for the mailing-list sync.
    """
    if supporter.erased_at:
        return supporter
    for channel in Channel.values:
        withdraw_consent(supporter, channel, source=ConsentSource.ACCOUNT_DELETION, by=by)
    supporter.consents.update(wording="")
    supporter.activities.update(summary="", content_type=None, object_id="")
    supporter.tags.clear()
    PendingSignup.objects.filter(user_id=supporter.user_id).delete()
    supporter.user = None
    supporter.first_name = supporter.last_name = ""
    supporter.email = supporter.phone = supporter.postcode = ""
    supporter.email_verified = False
    supporter.preferred_actions = supporter.preferred_areas = supporter.availability = supporter.languages = []
    supporter.first_source = {}
    supporter.recruiter = None
    supporter.show_on_leaderboard = False
    supporter.erased_at = timezone.now()
    supporter.save()
    transaction.on_commit(lambda: supporter_erased.send(sender=Supporter, supporter=supporter))
    return supporter


# --- Profile (the supporter's own changes, from the members' area) --------------------------------

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "postcode",
    "preferred_actions",
    "preferred_areas",
    "availability",
    "languages",
    "show_on_leaderboard",
)
PROFILE_CHOICES = {"preferred_actions": ActionKind.values, "availability": Availability.values}
NAME_MAX_LENGTH = 150
LIST_ITEM_MAX_LENGTH = 64


def update_profile(supporter, **fields):
    """Change the details a supporter keeps about themselves (PROFILE_FIELDS); nothing is saved on error.

    Phone numbers are stored E.164 and postcodes normalised (the area follows the postcode);
    choices are checked against ActionKind and Availability.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise PeopleError(f"These details cannot be changed here: {', '.join(sorted(unknown))}.")
    if supporter.erased_at:
        raise PeopleError("This supporter's data has been erased.")
    for name in ("first_name", "last_name"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
            if len(fields[name]) > NAME_MAX_LENGTH:
                raise PeopleError(f"A name can be at most {NAME_MAX_LENGTH} characters long.")
    if "phone" in fields:
        fields["phone"] = normalise_phone(fields["phone"]) if fields["phone"] else ""
    if "postcode" in fields:
        fields["postcode"] = normalise_postcode(fields["postcode"])
    for name in ("preferred_actions", "preferred_areas", "availability", "languages"):
        if name in fields:
            items = list(dict.fromkeys(str(item).strip() for item in fields[name] if str(item).strip()))
            if any(len(item) > LIST_ITEM_MAX_LENGTH for item in items):
                raise PeopleError(f"Each entry can be at most {LIST_ITEM_MAX_LENGTH} characters long.")
            if name in PROFILE_CHOICES and not set(items) <= set(PROFILE_CHOICES[name]):
                raise PeopleError("Choose from the options given.")
            fields[name] = items
    if "show_on_leaderboard" in fields:
        fields["show_on_leaderboard"] = bool(fields["show_on_leaderboard"])
    phone_taken = "This phone number is on another supporter's record. Call us and we will put it right."
    if fields.get("phone") and Supporter.objects.filter(phone=fields["phone"]).exclude(pk=supporter.pk).exists():
        raise PeopleError(phone_taken)
    for name, value in fields.items():
        setattr(supporter, name, value)
    if not supporter.postcode:
        supporter.area = ""
    try:
        with transaction.atomic():
            supporter.save()
    except IntegrityError as error:
        raise PeopleError(phone_taken) from error
    return supporter


def set_consent(supporter, channel, granted, *, source, wording, by=None):
    """Record a grant or withdrawal only when it changes the current state; the new row, or None."""
    _check_channel(channel)
    with transaction.atomic():
        # A duplicate request (double click, a mail client's one-click POST) waits here, then finds nothing to change.
        Supporter.objects.select_for_update().only("pk").get(pk=supporter.pk)
        if current_consent(supporter)[channel] == bool(granted):
            return None
        if granted:
            return grant_consent(supporter, channel, source=source, wording=wording, by=by)
        return withdraw_consent(supporter, channel, source=source, wording=wording, by=by)
