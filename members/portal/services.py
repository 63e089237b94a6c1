"""The rules of the members' area: who may enter, what the dashboard shows, profile changes, my data, deletion."""

from dataclasses import dataclass
from enum import StrEnum

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction, PageViewRestriction

from members.people.models import Activity, Channel, ConsentSource, PointsRule, Supporter
from members.people.services import CONSENT_WORDING, erase_supporter, set_consent, update_profile

MEMBERS_COLLECTION_NAME = "Members only"
RECENT_ACTIVITY_COUNT = 10
LEADERBOARD_SIZE = 10

# The exact words next to each consent box on the profile form; stored with every change.
PROFILE_CONSENT_WORDING = {
    Channel.EMAIL: CONSENT_WORDING[Channel.EMAIL],
    Channel.SMS: CONSENT_WORDING[Channel.SMS],
    Channel.PHONE: "Yes, phone me about campaign events and ways to help. I can ask you to stop at any time.",
}


class PortalError(Exception):
    """The members' area refused the request; `message` is fit to show the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Who may enter ----------------------------------------------------------------------------


class Access(StrEnum):
    GRANTED = "granted"
    LOGIN_REQUIRED = "login_required"
    EMAIL_UNVERIFIED = "email_unverified"
    NOT_A_SUPPORTER = "not_a_supporter"


@dataclass(frozen=True)
class MemberAccess:
    status: Access
    supporter: Supporter | None = None

    @property
    def granted(self):
        return self.status == Access.GRANTED


def members_area_access(user, *, page=None):
    """May this user see the members' area (or `page` in it)? Verified supporters may.

    Editors who may edit `page` may also view it on the site, to check what they wrote;
    they see no supporter data, since they have no supporter record of their own.
    """
    if not user.is_authenticated:
        return MemberAccess(Access.LOGIN_REQUIRED)
    supporter = Supporter.objects.not_erased().filter(user=user).first()
    verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    if supporter is not None and verified:
        return MemberAccess(Access.GRANTED, supporter)
    if page is not None and page.permissions_for_user(user).can_edit():
        return MemberAccess(Access.GRANTED)
    if not verified:
        return MemberAccess(Access.EMAIL_UNVERIFIED)
    return MemberAccess(Access.NOT_A_SUPPORTER)


def is_members_only_collection(collection):
    """A collection private to logged-in users (or inside one) holds documents for verified supporters."""
    return any(
        restriction.restriction_type == BaseViewRestriction.LOGIN for restriction in collection.get_view_restrictions()
    )


def members_collection():
    """The "Members only" documents collection, made (with its login restriction) if it is missing."""
    collection = Collection.objects.filter(depth=2, name=MEMBERS_COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=MEMBERS_COLLECTION_NAME)
    CollectionViewRestriction.objects.get_or_create(collection=collection, restriction_type=BaseViewRestriction.LOGIN)
    return collection


def keep_members_only(page):
    """Give the members' index page its login restriction, which hides it and its subpages from
    search, the sitemap and listings; the pages' own gate then asks for a verified supporter."""
    PageViewRestriction.objects.get_or_create(page=page, restriction_type=BaseViewRestriction.LOGIN)


# --- The dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaderboardEntry:
    rank: int
    name: str
    points: int
    is_you: bool


def recent_activity(supporter, count=RECENT_ACTIVITY_COUNT):
    return list(supporter.activities.order_by("-at", "-pk")[:count])


def describe_activity(activity):
    """What a supporter reads on their dashboard: the summary, else the kind ("Attended")."""
    return activity.summary or activity.get_kind_display()


def published_points_rules():
    return list(PointsRule.objects.filter(points__gt=0).order_by("-points", "kind"))


def recruits_count(supporter):
    return supporter.recruits.count()


def public_name(supporter):
    """First name and initial only ("Ada L."), the most a leaderboard shows of anyone."""
    initial = f" {supporter.last_name[:1].upper()}." if supporter.last_name else ""
    return f"{supporter.first_name or 'A supporter'}{initial}"


def leaderboard(viewer=None, size=LEADERBOARD_SIZE):
    """The supporters with most points among those who chose to appear, highest first."""
    leaders = (
        Supporter.objects.not_erased()
        .filter(show_on_leaderboard=True)
        .only("pk", "first_name", "last_name", "points_total")
        .order_by("-points_total", "pk")[:size]
    )
    return [
        LeaderboardEntry(rank, public_name(leader), leader.points_total, viewer is not None and leader.pk == viewer.pk)
        for rank, leader in enumerate(leaders, start=1)
    ]


# --- Profile --------------------------------------------------------------------------------


def change_profile(supporter, *, details, consents, by=None):
    """Save a supporter's own details and consent boxes together, or nothing if anything is refused.

    `details` go to people.update_profile; `consents` is {channel: ticked}. A ledger row is
    written, with the profile form's wording, only for a box whose state changed.
    Returns the consent rows written.
    """
    with transaction.atomic():
        update_profile(supporter, **details)
        written = []
        for channel, ticked in consents.items():
            row = set_consent(
                supporter,
                channel,
                ticked,
                source=ConsentSource.FORM,
                wording=PROFILE_CONSENT_WORDING[channel],
                by=by,
            )
            if row is not None:
                written.append(row)
    return written


# --- My data and deletion -------------------------------------------------------------------


def _when(value):
    return value.isoformat() if value else None


def personal_data(supporter):
    """Everything held about this supporter, as plain JSON-ready data (their right of access)."""
    user = supporter.user
    return {
        "exported_at": _when(timezone.now()),
        "supporter": {
            "first_name": supporter.first_name,
            "last_name": supporter.last_name,
            "email": supporter.email,
            "email_verified": supporter.email_verified,
            "phone": supporter.phone,
            "postcode": supporter.postcode,
            "area": supporter.area,
            "preferred_actions": supporter.preferred_actions,
            "preferred_areas": supporter.preferred_areas,
            "availability": supporter.availability,
            "languages": supporter.languages,
            "show_on_leaderboard": supporter.show_on_leaderboard,
            "points_total": supporter.points_total,
            "recruiter_code": supporter.recruiter_code,
            "recruited_by_a_supporter": supporter.recruiter_id is not None,
            "last_active_at": _when(supporter.last_active_at),
            "created": _when(supporter.created),
            "updated": _when(supporter.updated),
        },
        "first_source": supporter.first_source,
        "consents": [
            {
                "channel": record.channel,
                "granted": record.granted,
                "at": _when(record.at),
                "source": record.source,
                "wording": record.wording,
            }
            for record in supporter.consents.order_by("at", "pk")
        ],
        "activities": [
            {
                "kind": activity.kind,
                "description": describe_activity(activity),
                "at": _when(activity.at),
                "area": activity.area,
                "points": activity.points,
                "quantity": activity.quantity,
            }
            for activity in Activity.objects.filter(supporter=supporter).order_by("at", "pk").iterator()
        ],
        "tags": sorted(supporter.tags.names()),
        "recruits_count": recruits_count(supporter),
        "account": {
            "date_joined": _when(user.date_joined) if user else None,
            "last_login": _when(user.last_login) if user else None,
            "emails": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ]
            if user
            else [],
        },
    }


def delete_account(user):
    """Close a supporter's own account: their record is erased (people.erase_supporter, which opts
    them out of every channel and announces the erasure) and the login is deleted, all or nothing."""
    if user.is_staff or user.is_superuser:
        raise PortalError("Staff accounts are closed by an administrator, not from the members' area.")
    with transaction.atomic():
        supporter = Supporter.objects.select_for_update().filter(user=user).first()
        if supporter is not None:
            erase_supporter(supporter)
        user.delete()
