"""Admin views for importing supporters from CSV and exporting them to CSV, with the export audit log."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import exports, imports
from .admin.access import require_second_factor
from .admin.filters import SupporterFilterSet, segment_filters_from, supporter_search_condition
from .models import Channel, ExportLog, ExportScope, ImportJob, ImportStatus, Segment, Supporter
from .segments import SegmentError, describe_filters, supporters_in_segment

IMPORT_PERMISSIONS = ("people.add_supporter", "people.change_supporter")
RUNNING = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.SAVING)
PROGRESS_REFRESH_SECONDS = 2


def may_import(user):
    return user.is_active and user.has_perms(IMPORT_PERMISSIONS)


def _gate(allowed):
    """Admin views over supporter data: a permission check, behind the two-factor gate."""

    def decorate(view):
        def checked_view(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return require_second_factor(checked_view)

    return decorate


def _page(request, template, title, **context):
    return render(request, template, {"page_title": title, "header_title": title, "header_icon": "table", **context})


# --- Import ----------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"UTF-8 (as “CSV UTF-8” saves it) or Windows-1252, with a header row; at most "
        f"{imports.MAX_FILE_BYTES // 1024 // 1024} MB. A NationBuilder people export works as it is.",
    )


class MappingForm(forms.Form):
    stop_on_error = forms.BooleanField(
        required=False,
        label="Stop on any error",
        help_text="Import nothing if any row has an error. Otherwise rows with errors are skipped and listed.",
    )

    def __init__(self, job, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        samples = imports.sample_rows(job)
        self.columns = []
        for index in range(len(job.headers)):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                choices=list(imports.FIELDS.items()),
                required=False,
                label=imports.column_name(job, index),
                initial=job.mapping.get(str(index), ""),
            )
            examples = [row[index] for row in samples if index < len(row) and row[index].strip()]
            self.columns.append((name, [example[:80] for example in examples]))
        for channel in Channel.values:
            self.fields[f"wording_{channel}"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=f"Wording people agreed to for {Channel(channel).label.lower()}",
                initial=job.consent_wording.get(channel, ""),
            )
        self.fields["stop_on_error"].initial = job.stop_on_error

    def column_fields(self):
        return [(self[name], examples) for name, examples in self.columns]

    def wording_fields(self):
        return [self[f"wording_{channel}"] for channel in Channel.values]

    def mapping(self):
        return {name.removeprefix("column_"): self.cleaned_data[name] for name, _ in self.columns}

    def consent_wording(self):
        return {channel: self.cleaned_data[f"wording_{channel}"] for channel in Channel.values}


def may_import_or_export(user):
    return may_import(user) or exports.may_export(user)


@_gate(may_import_or_export)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """The import and export start page: upload a file (importers), export links (exporters)."""
    if request.method == "POST" and not may_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job, notice = imports.start_import(form.cleaned_data["file"], by=request.user)
        except imports.SupporterImportError as error:
            form.add_error("file", error.message)
        else:
            if notice:
                messages.warning(request, notice)
            return redirect("supporter_csv:import_mapping", job.pk)
    recent = ImportJob.objects.select_related("created_by").defer("content")[:20] if may_import(request.user) else []
    return _page(
        request,
        "people/admin/import_upload.html",
        "Import and export supporters",
        form=form,
        recent=recent,
        may_import=may_import(request.user),
        may_export=exports.may_export(request.user),
        may_read_export_log=may_read_export_log(request.user),
        segments=Segment.objects.all(),
    )


def _job(pk):
    return get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)


@_gate(may_import)
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk):
    job = _job(pk)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED):
        return redirect("supporter_csv:import_progress", job.pk)
    form = MappingForm(job, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            imports.set_mapping(
                job,
                mapping=form.mapping(),
                consent_wording=form.consent_wording(),
                stop_on_error=form.cleaned_data["stop_on_error"],
            )
            imports.preview_import(job)
        except imports.SupporterImportError as error:
            form.add_error(None, error.message)
        else:
            return redirect("supporter_csv:import_preview", job.pk)
    return _page(request, "people/admin/import_mapping.html", f"Map the columns of {job.file_name}", form=form, job=job)


@_gate(may_import)
@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    job = _job(pk)
    if job.status == ImportStatus.UPLOADED:
        return redirect("supporter_csv:import_mapping", job.pk)
    if job.status != ImportStatus.PREVIEWED:
        return redirect("supporter_csv:import_progress", job.pk)
    if request.method == "POST":
        try:
            imports.queue_import(job)
        except imports.SupporterImportError as error:
            messages.error(request, error.message)
        return redirect("supporter_csv:import_progress", job.pk)
    mapped = [(imports.column_name(job, int(index)), imports.FIELDS[name]) for index, name in job.mapping.items()]
    return _page(request, "people/admin/import_preview.html", f"Preview: {job.file_name}", job=job, mapped=mapped)


@_gate(may_import)
@require_http_methods(["GET"])
def import_progress(request, pk):
    job = _job(pk)
    running = job.status in RUNNING
    percent = round(100 * job.processed_rows / job.total_rows) if job.total_rows else 0
    response = _page(
        request,
        "people/admin/import_progress.html",
        f"Import of {job.file_name}",
        job=job,
        running=running,
        percent=percent,
        refresh_seconds=PROGRESS_REFRESH_SECONDS,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Export --------------------------------------------------------------------------------------


def _export_selection(request):
    """(scope, supporters, description, segment, filters) from the query string: ?segment=, listing filters, or all.

    The listing's search box (`q`) narrows the selection exactly as it narrows the listing.
    """
    segment_pk = request.GET.get("segment", "")
    search = request.GET.get("q", "").strip()
    listing_keys = set(request.GET) - {"segment", "p", "ordering", "q"}
    if segment_pk and not listing_keys and not search:
        if not segment_pk.isdigit():
            raise SegmentError("Choose a segment from the list.")
        segment = get_object_or_404(Segment, pk=segment_pk)
        return ExportScope.SEGMENT, supporters_in_segment(segment), f"Segment: {segment.name}", segment, segment.filters
    if segment_pk or listing_keys or search:
        filterset = SupporterFilterSet(request.GET, queryset=Supporter.objects.all(), request=request)
        if not filterset.is_valid():
            raise SegmentError([str(error) for errors in filterset.errors.values() for error in errors])
        filters = {k: v for k, v in segment_filters_from(filterset.form.cleaned_data).items() if v not in (None, [])}
        segment = filterset.form.cleaned_data.get("segment")
        phrases = [f"Segment: {segment.name}"] if segment else []
        if filters or not (segment or search):
            phrases += describe_filters(filters)
        supporters = filterset.qs
        if segment:
            filters = {"segment": segment.pk, **filters}
        if search:
            supporters = supporters.filter(supporter_search_condition(search))
            phrases.append(f"Search: “{search}”")
            filters["q"] = search
        return ExportScope.FILTER, supporters, "; ".join(phrases), segment, filters
    return ExportScope.ALL, Supporter.objects.all(), "All supporters", None, {}


@_gate(exports.may_export)
@require_http_methods(["GET", "POST"])
def export_supporters(request):
    try:
        scope, supporters, description, segment, filters = _export_selection(request)
    except SegmentError as error:
        return _page(request, "people/admin/export_confirm.html", "Export supporters", problems=error.messages)
    if request.method == "POST":
        log = exports.start_export(
            by=request.user,
            scope=scope,
            description=description,
            segment=segment,
            filters=filters,
            ip_address=request.META.get("REMOTE_ADDR") or None,
        )
        response = StreamingHttpResponse(exports.stream_csv(supporters, log), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="supporters-{stamp}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response
    return _page(
        request,
        "people/admin/export_confirm.html",
        "Export supporters",
        description=description,
        count=supporters.not_erased().count(),
        segments=Segment.objects.all(),
        query=request.GET.urlencode(),
    )


def may_read_export_log(user):
    return user.is_active and user.has_perm("people.view_exportlog")


@_gate(may_read_export_log)
@require_http_methods(["GET"])
def export_log(request):
    page = Paginator(ExportLog.objects.all(), 50).get_page(request.GET.get("p"))
    return _page(request, "people/admin/export_log.html", "Supporter export log", page=page)


# --- Registration ------------------------------------------------------------------------------


class ImportExportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_or_export(request.user)


class SupporterCSVViewSet(ViewSet):
    """The import and export pages, as one entry in the People menu group."""

    name = "supporter_csv"
    url_prefix = "people/csv"
    icon = "table"
    menu_label = "Import and export"
    menu_item_class = ImportExportMenuItem

    def get_urlpatterns(self):
        return [
            path("import/", import_upload, name="import_upload"),
            path("import/<int:pk>/columns/", import_mapping, name="import_mapping"),
            path("import/<int:pk>/preview/", import_preview, name="import_preview"),
            path("import/<int:pk>/", import_progress, name="import_progress"),
            path("export/", export_supporters, name="export"),
            path("export/log/", export_log, name="export_log"),
        ]

    @cached_property
    def menu_url(self):
        return reverse("supporter_csv:import_upload")


supporter_csv_viewset = SupporterCSVViewSet()
