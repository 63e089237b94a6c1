"""Who may see supporter data in the admin: the permissions that grant it and the two-factor gate in front of it."""

from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# Holding any permission on these models means seeing personal data: two-factor authentication is required.
# The export log holds searched names and staff IP addresses; an import job holds the uploaded rows.
SUPPORTER_DATA_MODELS = ("supporter", "segment", "consentrecord", "activity", "exportlog", "importjob")
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_supporter_data_access(user):
    """True if the user holds any permission on supporter data (superusers hold them all)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        permission.split(".", 1)[1].rsplit("_", 1)[-1] in SUPPORTER_DATA_MODELS
        for permission in user.get_all_permissions()
        if permission.startswith("people.")
    )


def session_passed_second_factor(request):
    """True if this session's login (or a later re-authentication) included a second factor."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def second_factor_redirect(request):
    """A redirect to set up or enter a second factor when this user must and has not; None when they may pass.

    Staff without supporter permissions pass through, so the view's own permission check answers them (403).
    """
    user = request.user
    if not settings.MUSTER_REQUIRE_STAFF_MFA or not user.is_authenticated or not has_supporter_data_access(user):
        return None
    if not is_mfa_enabled(user, SECOND_FACTORS):
        messages.warning(
            request,
            "Supporter data is protected by two-factor authentication. Set up an authenticator app to continue.",
        )
        return redirect("mfa_activate_totp")
    if not session_passed_second_factor(request):
        messages.info(request, "Enter a code from your authenticator app to see supporter data.")
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
    return None


def require_second_factor(view):
    """Decorate an admin view that shows supporter data: staff who may see it must have used two factors."""

    @wraps(view)
    def gated_view(request, *args, **kwargs):
        return second_factor_redirect(request) or view(request, *args, **kwargs)

    return gated_view


class SupporterDataViewSetMixin:
    """For admin viewsets over supporter data: every view they build is behind the two-factor gate."""

    def construct_view(self, view_class, **kwargs):
        return require_second_factor(super().construct_view(view_class, **kwargs))
