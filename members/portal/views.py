"""The supporter's own pages beside the dashboard: profile and preferences, my data, account deletion."""

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from members.people.services import PeopleError, current_consent

from .forms import DeleteAccountForm, ProfileForm
from .services import Access, PortalError, change_profile, delete_account, members_area_access, personal_data


def refusal(request, access):
    """The answer to someone the members' area turns away (pages, views, documents): the login page,
    or a 403 saying why; never cached."""
    if access.status == Access.LOGIN_REQUIRED:
        response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    else:
        response = TemplateResponse(request, "portal/access_refused.html", {"reason": access.status}, status=403)
    add_never_cache_headers(response)
    return response


def verified_supporter_required(view):
    """Lets through a logged-in user with a verified email and a supporter record, passed to the view."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        access = members_area_access(request.user)
        if not access.granted:
            return refusal(request, access)
        return view(request, access.supporter, *args, **kwargs)

    return never_cache(guarded)


@require_http_methods(["GET", "POST"])
@verified_supporter_required
def profile_view(request, supporter):
    consent = current_consent(supporter)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                change_profile(supporter, details=form.details, consents=form.consents, by=request.user)
            except PeopleError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Your profile and preferences are saved.")
                return redirect("portal:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(supporter, consent))
    return render(request, "portal/profile.html", {"form": form, "supporter": supporter})


@require_GET
@verified_supporter_required
def my_data_view(request, supporter):
    body = json.dumps(personal_data(supporter), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@verified_supporter_required
def delete_account_view(request, supporter):
    form = DeleteAccountForm(request.POST or None, expected_email=supporter.email)
    if request.method == "POST" and form.is_valid():
        try:
            delete_account(request.user)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            return redirect("portal:account_deleted")
    return render(request, "portal/delete_account.html", {"form": form, "supporter": supporter})


@require_GET
def account_deleted_view(request):
    return render(request, "portal/account_deleted.html")
