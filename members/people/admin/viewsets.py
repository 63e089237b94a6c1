"""Admin viewsets for the People menu: Supporters, Segments, Points rules and Reports."""

from django.core.paginator import Paginator
from django.db.models import CharField, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ..admin_csv import SupporterCSVViewSet
from ..models import ActivityKind, Channel, ConsentRecord, ConsentSource, PointsRule, Segment, Supporter
from ..segments import SegmentError, describe_filters, supporters_in_segment
from ..services import PeopleError, current_consent, erase_supporter, normalise_phone, normalise_postcode
from .access import SupporterDataViewSetMixin, has_supporter_data_access
from .filters import SupporterFilterSet
from .forms import SegmentForm, SupporterAdminForm
from .views import ReportsView

TIMELINE_PER_PAGE = 25
SEARCH_TERMS = 5


def supporter_search_condition(query):
    """Every word matches a name, email or postcode (substring), or the whole query is a phone number or postcode."""
    condition = Q()
    for word in query.split()[:SEARCH_TERMS]:
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(postcode__icontains=word)
        )
    for field, normalise in (("phone", normalise_phone), ("postcode", normalise_postcode)):
        try:
            value = normalise(query)
        except PeopleError:
            continue
        if value:
            condition |= Q(**{field: value})
    return condition


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
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="supporter"),
            title_column_class(
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
            DateColumn("last_active_at", label="Last active", sort_key="last_active_at"),
        ]


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
