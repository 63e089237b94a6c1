"""CSV export of supporters: streamed in batches, safe to open in a spreadsheet, and written to an audit log."""

import csv
import datetime
import io
from itertools import batched

from django.utils import timezone

from .models import Channel, ConsentRecord, ExportLog, ExportScope, TaggedSupporter

BATCH_SIZE = 2000
EXPORT_PERMISSIONS = ("people.view_supporter", "people.export_supporter")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    ("id", "pk"),
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("email", "email"),
    ("phone", "phone"),
    ("postcode", "postcode"),
    ("area", "area"),
    ("points", "points_total"),
    ("last_active", "last_active_at"),
    ("created", "created"),
    ("recruiter_code", "recruiter_code"),
    ("recruited_by", "recruiter__recruiter_code"),
)
HEADER = [
    *(name for name, _ in COLUMNS[:7]),
    "tags",
    *(f"{channel}_consent" for channel in Channel.values),
    *(name for name, _ in COLUMNS[7:]),
]


class SupporterExportError(Exception):
    """The export is not allowed; `message` is fit to show the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def may_export(user):
    return user.is_active and user.has_perms(EXPORT_PERMISSIONS)


def escape_formula(value):
    """Text a spreadsheet shows as text: a leading apostrophe before a formula-like start (+44…, =SUM…)."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def start_export(*, by, scope, description, segment=None, filters=None, ip_address=None):
    """Write the audit entry for an export about to be streamed; refuse people who may not export."""
    if not may_export(by):
        raise SupporterExportError("Only organisers with the export permission may export supporters.")
    if scope not in ExportScope.values:
        raise SupporterExportError(f"Unknown export scope: {scope}.")
    return ExportLog.objects.create(
        exported_by=by,
        exported_by_name=(by.get_full_name() or by.get_username())[:255],
        scope=scope,
        segment=segment,
        description=description[:500],
        filters=filters or {},
        ip_address=ip_address,
    )


def _cell(value):
    if isinstance(value, str):
        return escape_formula(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


def _tags_and_consent(pks):
    """({pk: "tag, tag"}, {pk: {channel: granted}}) for one batch (ascending pks): two queries."""
    # A dense run of ids is fetched by range: far cheaper than an IN list of thousands.
    dense = pks[-1] - pks[0] < 2 * len(pks)
    if dense:
        tagged = {"content_object_id__gte": pks[0], "content_object_id__lte": pks[-1]}
        consented = {"supporter_id__gte": pks[0], "supporter_id__lte": pks[-1]}
    else:
        tagged, consented = {"content_object_id__in": pks}, {"supporter_id__in": pks}
    tags = {}
    for pk, name in (
        TaggedSupporter.objects.filter(**tagged).order_by("tag__name").values_list("content_object_id", "tag__name")
    ):
        tags.setdefault(pk, []).append(name)
    consent = {}
    for pk, channel, granted in (
        ConsentRecord.objects.filter(**consented)
        .order_by("supporter_id", "channel", "-at", "-pk")
        .values_list("supporter_id", "channel", "granted")
    ):
        consent.setdefault(pk, {}).setdefault(channel, granted)
    return {pk: ", ".join(names) for pk, names in tags.items()}, consent


def stream_csv(supporters, log):
    """The supporters as CSV text in chunks (UTF-8 with a byte-order mark for Excel), never all in memory.

    The audit entry's row count is updated when the stream ends, also if the download stops part way.
    """
    rows = supporters.not_erased().order_by("pk").values_list(*(source for _, source in COLUMNS))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count, completed = 0, False
    try:
        buffer.write("\ufeff")
        writer.writerow(HEADER)
        for batch in batched(rows.iterator(chunk_size=BATCH_SIZE), BATCH_SIZE):
            tags, consent = _tags_and_consent([row[0] for row in batch])
            for row in batch:
                given = consent.get(row[0], {})
                writer.writerow(
                    [
                        *(_cell(value) for value in row[:7]),
                        escape_formula(tags.get(row[0], "")),
                        *("yes" if given.get(channel) else "no" for channel in Channel.values),
                        *(_cell(value) for value in row[7:]),
                    ]
                )
            count += len(batch)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        completed = True
        if buffer.tell():
            yield buffer.getvalue()
    finally:
        ExportLog.objects.filter(pk=log.pk).update(row_count=count, completed=completed)
