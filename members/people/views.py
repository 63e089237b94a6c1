"""One-click unsubscribe and the recruiter link."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from .models import Channel
from .services import (
    RECRUITER_CODE_PATTERN,
    PeopleError,
    attribution_for_visit,
    attribution_from_request,
    read_unsubscribe_token,
    store_attribution,
    unsubscribe,
)


# The signed token in the URL is the credential, and mail clients POST here with no
# CSRF token (RFC 8058 one-click), so CSRF does not apply. GET only shows the button:
# mail scanners prefetch links, and that must not unsubscribe anyone.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    unsubscribing = request.method == "POST"
    try:
        _supporter, channel = unsubscribe(token) if unsubscribing else read_unsubscribe_token(token)
    except PeopleError as error:
        return render(request, "people/unsubscribe_invalid.html", {"message": error.message}, status=400)
    context = {"channel_label": Channel(channel).label.lower(), "campaign_name": settings.CAMPAIGN_NAME}
    template = "people/unsubscribe_done.html" if unsubscribing else "people/unsubscribe.html"
    return render(request, template, context)


@never_cache
@require_GET
def join_view(request):
    """A supporter's recruiter link: remember whose it was, then go to sign-up."""
    response = redirect("account_signup")
    code = request.GET.get("ref", "")
    if RECRUITER_CODE_PATTERN.match(code):
        attribution = attribution_from_request(request) or attribution_for_visit(request) or {}
        store_attribution(response, {**attribution, "ref": code})
    return response
