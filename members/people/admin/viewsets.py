"""Admin viewsets for the People menu: Supporters, Segments, Points rules and Reports."""

from django.core.paginator import Paginator
from django.db.models import CharField, F, IntegerField, Value
from django.db.models.functions import Cast
from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from ..admin_csv import SupporterCSVViewSet
from ..exports import may_export
from ..models import ActivityKind, Channel, ConsentRecord, ConsentSource, PointsRule, Segment, Supporter
from ..segments import SegmentError, describe_filters, supporters_in_segment
from ..services import current_consent, erase_supporter
from .access import SupporterDataViewSetMixin, has_supporter_data_access
from .filters import SupporterFilterSet, supporter_search_condition
from .forms import SegmentForm, SupporterAdminForm
from .views import ReportsView

TIMELINE_PER_PAGE = 25


class SupporterIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Supporter.objects.not_erased()

    def filter_queryset(self, queryset):
        # A filter that cannot be applied lists nobody (and says why), rather than everybody.
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filters.form if self.filters else None
        context["filter_problems"] = [
            f"{form.fields[name].label}: {error}" if name in form.fields else error
            for name, errors in (form.errors.items() if form is not None else [])
            for error in errors
        ]
        return context

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(supporter_search_condition(self.search_query))

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if may_export(self.request.user):
            # Re-rendered with the results when filters change, so the link always carries the current ones.
            query = self.request.GET.copy()
            for key in (self.page_kwarg, "ordering", "_w_filter_fragment"):
                query.pop(key, None)
            url = reverse("supporter_csv:export")
            buttons.append(
                HeaderButton(
                    "Export this list (CSV)",
                    url=f"{url}?{query.urlencode()}" if query else url,
                    icon_name="download",
                    priority=20,
                )
            )
        return buttons

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="supporter"),
            # No per-row "More" menu: rendering it for 50 rows cost a quarter of the page's time. The name
            # opens the supporter's page, which has Edit and Erase.
            TitleColumn(
                "name",
                label="Name",
                accessor=str,
                sort_key="last_name",
                get_url=self.get_inspect_url,
                get_title_id=lambda supporter: f"supporter_{supporter.pk}_title",
            ),
            Column("email", label="Email", sort_key="email"),
            Column("phone", label="Phone"),
            Column("area", label="Area", sort_key="area"),
            Column("points_total", label="Points", sort_key="points_total"),
            DayColumn("last_active_at", label="Last active", sort_key="last_active_at"),
        ]


class DayColumn(Column):
    """A date shown as its day ("3 Mar 2026"), rendered without a template: 50 template renders add up."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None:
            return format_html("<td>{}</td>", "")
        return format_html(
            '<td><time datetime="{}">{}</time></td>',
            value.isoformat(),
            date_format(timezone.localtime(value), "j M Y"),
        )


class SupporterInspectView(generic.InspectView):
    template_name = "people/admin/supporter_inspect.html"

    def get_timeline(self):
        """Activities and consent changes, newest first, as one paginated UNION query."""
        supporter = self.object
        activities = supporter.activities.annotate(
            when=F("at"),
            entry=Value("activity", output_field=CharField()),
            what=F("kind"),
            how=F("area"),
            detail=F("summary"),
            number=F("points"),
        ).values_list("when", "entry", "what", "how", "detail", "number")
        consents = (
            ConsentRecord.objects.filter(supporter=supporter)
            .annotate(
                when=F("at"),
                entry=Value("consent", output_field=CharField()),
                what=F("channel"),
                how=F("source"),
                detail=F("wording"),
                number=Cast("granted", IntegerField()),
            )
            .values_list("when", "entry", "what", "how", "detail", "number")
        )
        timeline = activities.order_by().union(consents.order_by(), all=True).order_by("-when")
        page = Paginator(timeline, TIMELINE_PER_PAGE).get_page(self.request.GET.get("p"))
        kinds, channels, sources = dict(ActivityKind.choices), dict(Channel.choices), dict(ConsentSource.choices)
        page.entries = [
            {
                "at": when,
                "is_consent": entry == "consent",
                "what": channels.get(what, what) if entry == "consent" else kinds.get(what, what),
                "how": sources.get(how, how) if entry == "consent" else how,
                "detail": detail,
                "number": number,
            }
            for when, entry, what, how, detail, number in page.object_list
        ]
        return page

    def get_context_data(self, **kwargs):
        supporter = self.object
        return super().get_context_data(
            supporter=supporter,
            consent=[
                (label, granted)
                for (channel, label), granted in zip(Channel.choices, current_consent(supporter).values(), strict=True)
            ],
            tags=list(supporter.tags.names()),
            timeline=self.get_timeline(),
            **kwargs,
        )


class SupporterEraseView(generic.DeleteView):
    """Deleting a supporter erases their personal data; their activity stays as anonymous counts."""

    template_name = "people/admin/supporter_erase.html"
    page_title = "Erase"
    success_message = "%(model_name)s erased: their personal data is gone and every channel is opted out."

    def get_object(self, queryset=None):
        return super().get_object(Supporter.objects.not_erased())

    @property
    def confirmation_message(self):
        return (
            "Erase this supporter’s personal data? Their name, contact details, tags and consent wording "
            "are removed and every channel is opted out; their activity stays only as anonymous counts. "
            "This cannot be undone."
        )

    def delete_action(self):
        erase_supporter(self.object, by=self.request.user)


class SupporterViewSet(SupporterDataViewSetMixin, ModelViewSet):
    model = Supporter
    icon = "group"
    menu_label = "Supporters"
    name = "supporters"
    index_view_class = SupporterIndexView
    inspect_view_class = SupporterInspectView
    delete_view_class = SupporterEraseView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = SupporterFilterSet
    search_fields = ["first_name", "last_name", "email", "phone", "postcode"]
    search_backend_name = None
    ordering = ["last_name", "first_name", "pk"]
    list_per_page = 50
    index_template_name = "people/admin/supporter_index.html"
    index_results_template_name = "people/admin/supporter_index_results.html"

    def get_form_class(self, for_update=False):
        return SupporterAdminForm


class SegmentIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            title_column_class("name", label="Name", sort_key="name", get_url=self.get_inspect_url),
            Column("filters", label="Who", accessor=segment_summary),
            TitleColumn(
                "members", label="Members", accessor=lambda _segment: "See supporters", get_url=segment_members_url
            ),
            DateColumn("updated", label="Updated", sort_key="updated"),
        ]


def segment_summary(segment):
    try:
        return "; ".join(describe_filters(segment.filters))
    except SegmentError as error:
        return f"Invalid filter: {error}"


def segment_members_url(segment):
    return f"{reverse('supporters:index')}?{urlencode({'segment': segment.pk})}"


class SegmentInspectView(generic.InspectView):
    template_name = "people/admin/segment_inspect.html"

    def get_context_data(self, **kwargs):
        segment = self.object
        try:
            conditions, members, error = describe_filters(segment.filters), supporters_in_segment(segment), ""
            count = members.count()
        except SegmentError as problem:
            conditions, count, error = [], None, str(problem)
        return super().get_context_data(
            segment=segment,
            conditions=conditions,
            member_count=count,
            filter_error=error,
            members_url=segment_members_url(segment),
            **kwargs,
        )


class SegmentViewSet(SupporterDataViewSetMixin, ModelViewSet):
    model = Segment
    icon = "crosshairs"
    menu_label = "Segments"
    name = "segments"
    index_view_class = SegmentIndexView
    inspect_view_class = SegmentInspectView
    inspect_view_enabled = True
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["name"]
    edit_template_name = "people/admin/segment_edit.html"

    def get_form_class(self, for_update=False):
        return SegmentForm


class PointsRuleViewSet(SupporterDataViewSetMixin, ModelViewSet):
    model = PointsRule
    icon = "pick"
    menu_label = "Points rules"
    name = "points-rules"
    list_display = ["kind", "points", "description"]
    ordering = ["-points", "kind"]
    copy_view_enabled = False

    def get_form_fields(self):
        # Every kind has its rule (seeded by a migration): staff change the points and the description.
        return ["points", "description"]

    def get_form_class(self, for_update=False):
        if for_update:
            return super().get_form_class(for_update)
        return modelform_factory(PointsRule, fields=["kind", "points", "description"])


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return has_supporter_data_access(request.user) and request.user.has_perm("people.view_supporter")


class ReportsViewSet(SupporterDataViewSetMixin, ViewSet):
    name = "people-reports"
    icon = "table"
    menu_label = "Reports"
    menu_item_class = ReportsMenuItem

    def get_urlpatterns(self):
        return [path("", self.construct_view(ReportsView), name="index")]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 150
    # The CSV import and export logs join this group from their own viewsets.
    items = (SupporterViewSet, SegmentViewSet, PointsRuleViewSet, ReportsViewSet, SupporterCSVViewSet)
