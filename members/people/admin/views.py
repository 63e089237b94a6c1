"""People admin pages outside the viewsets: the staff sign-in door and the Reports page."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.generic import TemplateView
from wagtail.admin.views.account import LoginView as WagtailLoginView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import reports


def admin_sign_in(request):
    """/admin/login/: staff sign in through allauth, which asks for their second factor; Wagtail's form does not.

    With MUSTER_REQUIRE_STAFF_MFA off (development) Wagtail's own sign-in form is kept.
    """
    if not settings.MUSTER_REQUIRE_STAFF_MFA:
        return WagtailLoginView.as_view()(request)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    if request.user.is_authenticated:
        if request.user.has_perm("wagtailadmin.access_admin"):
            return redirect(next_url)
        # Sending them to the sign-in page would bounce straight back here: they are signed in already.
        return TemplateResponse(request, "people/admin/no_admin_access.html", status=403)
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


PERIODS = [(30, "Last 30 days"), (90, "Last 90 days"), (365, "Last 12 months")]


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(label="Period", choices=PERIODS, coerce=int, initial=90, required=False)


class ReportsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "people/admin/reports.html"
    page_title = "Reports"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("people.view_supporter"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = PeriodForm(self.request.GET or None)
        days = (form.cleaned_data.get("days") if form.is_valid() else None) or 90
        since = timezone.now() - datetime.timedelta(days=days)
        actions = reports.actions_per_week_by_kind()
        newcomers = reports.new_supporters_per_week()
        return super().get_context_data(
            period_form=form,
            days=days,
            actions=actions,
            actions_chart=actions.chart(),
            areas=reports.area_by_kind(since=since),
            top_supporters=reports.most_active_supporters(since=since),
            newcomers=newcomers,
            newcomers_chart=newcomers.chart(),
            **kwargs,
        )
