"""CSV import of supporters: read the file, map its columns, check every row, then save them all at once."""

import codecs
import csv
import io
import logging
import re
from dataclasses import dataclass, field
from itertools import batched

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from .areas import area_for_postcode
from .models import Channel, ConsentRecord, ConsentSource, ImportJob, ImportStatus, Supporter, TaggedSupporter
from .services import PeopleError, normalise_phone, normalise_postcode, tag_named

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 500_000
# Rows per database round trip: big enough to be fast, small enough to keep queries modest.
BATCH_SIZE = 2000
LOOKUP_SIZE = 500
MAX_REPORTED_ERRORS = 500
MAX_CELL_CHARACTERS = 100_000
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

FIELDS = {
    "": "Don't import",
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (split at the last space)",
    "email": "Email",
    "mobile": "Mobile phone (preferred over Phone)",
    "phone": "Phone",
    "postcode": "Postcode",
    "tags": "Tags (separated by commas)",
    "email_consent": "Consents to email",
    "sms_consent": "Consents to text messages",
    "phone_consent": "Consents to phone calls",
    "external_id": "ID in the previous system",
    "joined": "Joined (date in the previous system)",
}
CONSENT_FIELDS = {"email_consent": Channel.EMAIL, "sms_consent": Channel.SMS, "phone_consent": Channel.PHONE}
MAX_LENGTHS = {"first_name": 150, "last_name": 150, "email": 254, "external_id": 64, "joined": 64}
TAG_MAX_LENGTH = 100

# Header names (lower case, spaces and dashes as underscores) and the field each suggests:
# our own export, NationBuilder's people export, and common spreadsheet wording.
HEADER_SYNONYMS = {
    **dict.fromkeys(["first_name", "firstname", "first", "given_name", "forename"], "first_name"),
    **dict.fromkeys(["last_name", "lastname", "last", "surname", "family_name"], "last_name"),
    **dict.fromkeys(["name", "full_name", "fullname"], "full_name"),
    **dict.fromkeys(["email", "email_address", "e_mail", "email1"], "email"),
    **dict.fromkeys(["mobile", "mobile_number", "mobile_phone", "cell", "cell_phone"], "mobile"),
    **dict.fromkeys(["phone", "phone_number", "telephone", "tel", "work_phone_number"], "phone"),
    **dict.fromkeys(
        ["postcode", "post_code", "zip", "zip_code", "primary_zip", "primary_address_zip", "address_zip"], "postcode"
    ),
    **dict.fromkeys(["tags", "tag_list", "tag"], "tags"),
    **dict.fromkeys(["email_consent", "email_opt_in", "email_optin"], "email_consent"),
    **dict.fromkeys(["sms_consent", "mobile_opt_in", "sms_opt_in", "text_opt_in"], "sms_consent"),
    **dict.fromkeys(["phone_consent", "phone_opt_in"], "phone_consent"),
    **dict.fromkeys(["nationbuilder_id", "external_id"], "external_id"),
    **dict.fromkeys(["created_at", "joined", "signup_date"], "joined"),
}
TRUE_WORDS = {"true", "yes", "y", "1", "t", "x", "✓"}
FALSE_WORDS = {"", "false", "no", "n", "0", "f"}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SupporterImportError(Exception):
    """The import cannot go on; `message` is fit to show the person importing."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ImportStopped(SupporterImportError):
    """A row had an error and the person asked to stop on any error."""


# --- Reading the file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedFile:
    text: str
    encoding: str
    notice: str = ""


def decode_upload(data):
    """The file's text: UTF-8 (with or without a byte-order mark), UTF-16 with one, else Windows-1252."""
    not_text = (
        "This file is not a CSV text file (it holds binary data). If it is a spreadsheet, "
        "save it as “CSV UTF-8 (comma delimited)” and upload that."
    )
    if data.startswith(codecs.BOM_UTF8):
        try:
            decoded = DecodedFile(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as error:
            raise SupporterImportError(
                f"The file says it is UTF-8 but byte {error.start + 3} is not; save it again as “CSV UTF-8”."
            ) from error
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            decoded = DecodedFile(data.decode("utf-16"), "utf-16", "The file was read as UTF-16 text.")
        except UnicodeDecodeError as error:
            raise SupporterImportError(not_text) from error
    elif b"\x00" in data:
        raise SupporterImportError(not_text)
    else:
        try:
            decoded = DecodedFile(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            try:
                decoded = DecodedFile(
                    data.decode("cp1252"),
                    "cp1252",
                    "The file is not UTF-8, so it was read as Windows-1252 (Western European). "
                    "Check that accented names look right below; if not, save it as “CSV UTF-8” and upload again.",
                )
            except UnicodeDecodeError as error:
                raise SupporterImportError(not_text) from error
    if CONTROL_CHARACTERS.search(decoded.text):
        raise SupporterImportError(not_text)
    return decoded


def detect_delimiter(text):
    """Comma, semicolon or tab: whichever the header line uses most (comma when none)."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _rows(text, delimiter):
    """(row number as a spreadsheet shows it, cells) for every non-blank line, header first."""
    csv.field_size_limit(MAX_CELL_CHARACTERS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells
    except csv.Error as error:
        raise SupporterImportError(
            f"The file could not be read as CSV near line {reader.line_num}: {error}. "
            f"(A cell may hold at most {MAX_CELL_CHARACTERS:,} characters.)"
        ) from error


def suggest_mapping(headers):
    """{column index as text: field} for the headers we recognise; each field suggested once."""
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        key = re.sub(r"[\s\-]+", "_", header.strip().lower())
        suggestion = HEADER_SYNONYMS.get(key)
        if suggestion and suggestion not in taken:
            mapping[str(index)] = suggestion
            taken.add(suggestion)
    return mapping


def start_import(upload, *, by):
    """An ImportJob holding the uploaded file's text and suggested column mapping; (job, notice).

    `upload` is a Django UploadedFile. Refuses files that are too big, not text, or empty.
    """
    if upload.size > MAX_FILE_BYTES:
        raise SupporterImportError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the most we accept is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    decoded = decode_upload(upload.read())
    delimiter = detect_delimiter(decoded.text)
    rows = _rows(decoded.text, delimiter)
    header = next(rows, None)
    if header is None:
        raise SupporterImportError("The file is empty.")
    headers = [cell.strip() for cell in header[1]]
    total = sum(1 for _ in rows)
    if total == 0:
        raise SupporterImportError("The file has a header row but no people in it.")
    if total > MAX_ROWS:
        raise SupporterImportError(f"The file has {total:,} rows; import at most {MAX_ROWS:,} at a time.")
    job = ImportJob.objects.create(
        created_by=by,
        file_name=(getattr(upload, "name", "") or "upload.csv")[:255],
        encoding=decoded.encoding,
        delimiter=delimiter,
        content=decoded.text,
        headers=headers,
        mapping=suggest_mapping(headers),
        total_rows=total,
    )
    return job, decoded.notice


def sample_rows(job, count=3):
    """The first few data rows, for the mapping page."""
    rows = _rows(job.content, job.delimiter)
    next(rows, None)
    return [cells for _, cells in (next(rows, (0, None)) for _ in range(count)) if cells is not None]


def column_name(job, index):
    header = job.headers[index] if index < len(job.headers) else ""
    return header or f"column {index + 1}"


def set_mapping(job, *, mapping, consent_wording, stop_on_error):
    """Store which column feeds which field, the consent wording, and whether to stop on any error."""
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED):
        raise SupporterImportError("This import has already been started; upload the file again to change it.")
    clean, columns_by_field = {}, {}
    for index, name in mapping.items():
        if not name:
            continue
        if name not in FIELDS or not str(index).isdigit() or int(index) >= len(job.headers):
            raise SupporterImportError("The column mapping names a column or field that does not exist.")
        clean[str(index)] = name
        columns_by_field.setdefault(name, []).append(column_name(job, int(index)))
    problems = [
        f"Only one column can be imported as {FIELDS[name]}; {' and '.join(columns)} both are."
        for name, columns in columns_by_field.items()
        if len(columns) > 1
    ]
    if not {"email", "mobile", "phone"} & columns_by_field.keys():
        problems.append(
            "Choose the column holding email addresses or phone numbers: supporters are matched by "
            "email or phone, so an import needs at least one of them."
        )
    if "full_name" in columns_by_field and {"first_name", "last_name"} & columns_by_field.keys():
        problems.append("Import either Full name or First and Last name, not both.")
    wording = {}
    for name, channel in CONSENT_FIELDS.items():
        text = (consent_wording.get(channel) or "").strip()
        if name in columns_by_field:
            if not text:
                problems.append(
                    f"Give the exact words people agreed to for {Channel(channel).label.lower()} consent: "
                    "consent is only imported with the wording it was given on."
                )
            wording[channel] = text
    if problems:
        raise SupporterImportError(" ".join(problems))
    job.mapping = clean
    job.consent_wording = wording
    job.stop_on_error = stop_on_error
    job.status = ImportStatus.UPLOADED
    job.save(update_fields=["mapping", "consent_wording", "stop_on_error", "status"])
    return job


# --- Checking rows -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Record:
    """One person from the file, checked and normalised; later rows about them are merged in."""

    row: int
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    tags: list = field(default_factory=list)
    consents: set = field(default_factory=set)
    external_id: str = ""
    joined: str = ""


@dataclass
class CheckedFile:
    records: list
    errors: list
    error_count: int = 0
    skipped: int = 0
    merged: int = 0
    total_rows: int = 0


def _clean(cell):
    value = cell.strip()
    # Undo the apostrophe our own export puts before formula-like cells, so a file round-trips.
    if value.startswith("'") and value[1:2] in FORMULA_TRIGGERS and value[1:2]:
        value = value[1:]
    return value


def _check_row(number, cells, columns, column_names):
    """(Record, []) or (None, [(column, message), ...])."""
    values = {name: _clean(cells[index]) if index < len(cells) else "" for name, index in columns.items()}
    record, problems = Record(row=number), []

    def problem(name, message):
        problems.append((column_names[name], message))

    if "full_name" in values:
        first, _, last = values.pop("full_name").rpartition(" ")
        values["first_name"], values["last_name"] = (first, last) if first else (last, "")
        column_names["first_name"] = column_names["last_name"] = column_names["full_name"]
    for name, limit in MAX_LENGTHS.items():
        value = values.get(name, "")
        if len(value) > limit:
            problem(name, f"Too long: {len(value):,} characters; at most {limit}.")
        else:
            setattr(record, name, value)
    if record.email:
        try:
            validate_email(record.email)
        except ValidationError:
            problem("email", f"“{record.email[:80]}” is not an email address.")
            record.email = ""
    for name in ("mobile", "phone"):
        if values.get(name) and not record.phone:
            try:
                record.phone = normalise_phone(values[name])
            except PeopleError as error:
                problem(name, f"“{values[name][:40]}”: {error.message}")
    if values.get("postcode"):
        try:
            record.postcode = normalise_postcode(values["postcode"])
        except PeopleError as error:
            problem("postcode", f"“{values['postcode'][:20]}”: {error.message}")
    if values.get("tags"):
        for tag in (part.strip() for part in values["tags"].split(",")):
            if len(tag) > TAG_MAX_LENGTH:
                problem("tags", f"A tag is too long: {len(tag):,} characters; at most {TAG_MAX_LENGTH}.")
            elif tag and tag not in record.tags:
                record.tags.append(tag)
    for name, channel in CONSENT_FIELDS.items():
        word = values.get(name, "").lower()
        if word in TRUE_WORDS:
            record.consents.add(channel)
        elif word not in FALSE_WORDS:
            problem(name, f"“{values[name][:20]}” is neither yes nor no (use yes/no, true/false or 1/0).")
    if not problems and not record.email and not record.phone:
        problems.append(("", "No email address or phone number: a supporter needs one of them."))
    return (None, problems) if problems else (record, [])


def _merge_into_earlier(record, by_email, by_phone, names, checked):
    """Merge a row into an earlier row about the same person (same email or phone); a clash is an error."""
    column = names.get("email") or names.get("mobile") or names.get("phone") or ""
    with_email = by_email.get(record.email.lower()) if record.email else None
    with_phone = by_phone.get(record.phone) if record.phone else None
    if with_email and with_phone and with_email is not with_phone:
        return None, [(column, f"The email is also in row {with_email.row} but the phone in row {with_phone.row}.")]
    earlier = with_email or with_phone
    if earlier is None:
        checked.records.append(record)
    else:
        for name, label in (("email", "email address"), ("phone", "phone number")):
            mine, theirs = getattr(earlier, name), getattr(record, name)
            if mine and theirs and mine.lower() != theirs.lower():
                return None, [(column, f"Same person as row {earlier.row}, but a different {label}.")]
        for name in ("first_name", "last_name", "email", "phone", "postcode", "external_id", "joined"):
            if not getattr(earlier, name):
                setattr(earlier, name, getattr(record, name))
        earlier.tags.extend(tag for tag in record.tags if tag not in earlier.tags)
        earlier.consents |= record.consents
        checked.merged += 1
        record = earlier
    if record.email:
        by_email[record.email.lower()] = record
    if record.phone:
        by_phone[record.phone] = record
    return record, []


def check_file(job, *, on_progress=None):
    """Every row checked and normalised, duplicates within the file merged; nothing is written.

    `on_progress(rows_done)` is called after each batch of rows.
    """
    columns = {name: int(index) for index, name in job.mapping.items()}
    names = {name: column_name(job, index) for name, index in columns.items()}
    checked = CheckedFile(records=[], errors=[])
    by_email, by_phone = {}, {}
    rows = _rows(job.content, job.delimiter)
    next(rows, None)
    for number, cells in rows:
        checked.total_rows += 1
        record, problems = _check_row(number, cells, columns, dict(names))
        if record is not None:
            record, problems = _merge_into_earlier(record, by_email, by_phone, names, checked)
        if problems:
            _note_errors(checked, number, problems)
        if on_progress and checked.total_rows % BATCH_SIZE == 0:
            on_progress(checked.total_rows)
    return checked


def _note_errors(checked, row, problems):
    checked.skipped += 1
    checked.error_count += len(problems)
    for column, message in problems:
        if len(checked.errors) < MAX_REPORTED_ERRORS:
            checked.errors.append({"row": row, "column": column, "message": message})


# --- Matching and saving ----------------------------------------------------------------------------


MATCH_FIELDS = ("pk", "first_name", "last_name", "email", "phone", "postcode", "area", "first_source")
FILLED_FIELDS = ("first_name", "last_name", "email", "phone", "postcode", "area", "updated")


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _match_existing(records):
    """{id(record): existing Supporter or None}, and [(record, message)] for email/phone clashes; one query."""
    emails = sorted({record.email.lower() for record in records if record.email})
    phones = sorted({record.phone for record in records if record.phone})
    # Separate, modest IN lists keep PostgreSQL on the (partial, unique) indexes instead of scanning.
    candidates = Supporter.objects.order_by().only(*MATCH_FIELDS)
    found = {}
    for chunk in batched(emails, LOOKUP_SIZE):
        with_email = candidates.exclude(email="").annotate(email_lower=Lower("email"))
        found.update((supporter.pk, supporter) for supporter in with_email.filter(email_lower__in=chunk))
    for chunk in batched(phones, LOOKUP_SIZE):
        found.update((supporter.pk, supporter) for supporter in candidates.exclude(phone="").filter(phone__in=chunk))
    by_email, by_phone = {}, {}
    for supporter in found.values():
        if supporter.email:
            by_email[supporter.email.lower()] = supporter
        if supporter.phone:
            by_phone[supporter.phone] = supporter
    matches, clashes = {}, []
    for record in records:
        with_email = by_email.get(record.email.lower()) if record.email else None
        with_phone = by_phone.get(record.phone) if record.phone else None
        if with_email and with_phone and with_email.pk != with_phone.pk:
            message = f"The email belongs to supporter #{with_email.pk} but the phone to supporter #{with_phone.pk}."
            clashes.append((record, message))
            continue
        matches[id(record)] = with_email or with_phone
    return matches, clashes


def preview_import(job):
    """A dry run: what the import would create, update and skip, with every row's errors. Writes only the job."""
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.PREVIEWED):
        raise SupporterImportError("This import has already been started.")
    checked = check_file(job)
    outcome, matched = Outcome(), set()
    for batch in batched(checked.records, BATCH_SIZE):
        matches, clashes = _match_existing(batch)
        for record, message in clashes:
            _note_errors(checked, record.row, [(job_identity_column(job), message)])
        for record in batch:
            if id(record) not in matches:
                continue
            existing = matches[id(record)]
            if existing is None:
                outcome.created += 1
            elif existing.pk in matched:
                checked.merged += 1
            else:
                matched.add(existing.pk)
                outcome.updated += 1
    checked.errors.sort(key=lambda error: error["row"])
    _store_counts(job, checked, outcome)
    job.status = ImportStatus.PREVIEWED
    job.save()
    return job


def job_identity_column(job):
    names = {name: column_name(job, int(index)) for index, name in job.mapping.items()}
    return names.get("email") or names.get("mobile") or names.get("phone") or ""


def _store_counts(job, checked, outcome):
    job.total_rows = checked.total_rows
    job.processed_rows = checked.total_rows
    job.errors = checked.errors
    job.error_count = checked.error_count
    job.skipped_count = checked.skipped
    job.merged_count = checked.merged
    job.created_count = outcome.created
    job.updated_count = outcome.updated
    job.unchanged_count = outcome.unchanged


def queue_import(job):
    """Hand a previewed import to a background worker (after this transaction commits)."""
    from .tasks import run_supporter_import  # the task module imports this one

    if job.status != ImportStatus.PREVIEWED:
        raise SupporterImportError("Preview the import before running it.")
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED, processed_rows=0
    )
    if updated:
        transaction.on_commit(lambda: run_supporter_import.enqueue(job.pk))
    job.refresh_from_db()
    return job


class _Saver:
    """Writes checked records in batches: new supporters, filled-in blanks, consent grants and tags."""

    def __init__(self, job):
        self.job = job
        self.now = timezone.now()
        self.tag_ids = {}
        self.outcome = Outcome()
        self.matched = set()

    def save_batch(self, records, checked):
        matches, clashes = _match_existing(records)
        if clashes:
            for record, message in clashes:
                _note_errors(checked, record.row, [(job_identity_column(self.job), message)])
            if self.job.stop_on_error:
                raise ImportStopped(f"Row {clashes[0][0].row}: {clashes[0][1]}")
        new = [(record, self._new_supporter(record)) for record in records if matches.get(id(record), 0) is None]
        Supporter.objects.bulk_create([supporter for _, supporter in new], batch_size=BATCH_SIZE)
        existing = [(record, matches[id(record)]) for record in records if matches.get(id(record))]
        changed = {supporter.pk for record, supporter in existing if self._fill_blanks(supporter, record)}
        Supporter.objects.bulk_update(
            [supporter for _, supporter in existing if supporter.pk in changed], FILLED_FIELDS, batch_size=BATCH_SIZE
        )
        changed |= self._grant_consents(new, existing) | self._add_tags(new, existing)
        # Two rows (say one with the email, one with the phone) may be the same supporter.
        pks = [supporter.pk for _, supporter in existing]
        checked.merged += len(pks) - len(set(pks)) + len(self.matched & set(pks))
        first_seen = set(pks) - self.matched
        self.matched |= first_seen
        self.outcome.created += len(new)
        self.outcome.updated += len(first_seen & changed)
        self.outcome.unchanged += len(first_seen - changed)

    def _new_supporter(self, record):
        source = {"source": "import", "import_job": self.job.pk}
        if record.external_id:
            source["external_id"] = record.external_id
        if record.joined:
            source["joined"] = record.joined
        return Supporter(
            first_name=record.first_name,
            last_name=record.last_name,
            email=record.email,
            phone=record.phone,
            postcode=record.postcode,
            area=area_for_postcode(record.postcode),
            first_source=source,
        )

    def _fill_blanks(self, supporter, record):
        """An import never overwrites what is on record; it only fills in what is missing."""
        filled = False
        for name in ("first_name", "last_name", "email", "phone", "postcode"):
            if not getattr(supporter, name) and getattr(record, name):
                setattr(supporter, name, getattr(record, name))
                filled = True
        if filled:
            supporter.area = area_for_postcode(supporter.postcode)
            supporter.updated = self.now
        return filled

    def _grant_consents(self, new, existing):
        """Grants for channels the person has no ledger entry on: an import never overrides a withdrawal."""
        on_record = set(
            ConsentRecord.objects.filter(supporter__in=[supporter.pk for _, supporter in existing])
            .values_list("supporter_id", "channel")
            .distinct()
        )
        wanted = {
            (supporter.pk, channel)
            for record, supporter in [*new, *existing]
            for channel in record.consents
            if (supporter.pk, channel) not in on_record
        }
        ConsentRecord.objects.bulk_create(
            [
                ConsentRecord(
                    supporter_id=pk,
                    channel=channel,
                    granted=True,
                    at=self.now,
                    source=ConsentSource.IMPORT,
                    wording=self.job.consent_wording[channel],
                    recorded_by_id=self.job.created_by_id,
                )
                for pk, channel in sorted(wanted)
            ],
            batch_size=BATCH_SIZE,
        )
        return {pk for pk, _ in wanted}

    def _tag_id(self, name):
        if name not in self.tag_ids:
            self.tag_ids[name] = tag_named(name).pk
        return self.tag_ids[name]

    def _add_tags(self, new, existing):
        pairs = {(supporter.pk, self._tag_id(tag)) for record, supporter in [*new, *existing] for tag in record.tags}
        if not pairs:
            return set()
        on_record = set(
            TaggedSupporter.objects.filter(content_object__in=[supporter.pk for _, supporter in existing]).values_list(
                "content_object_id", "tag_id"
            )
        )
        missing = pairs - on_record
        TaggedSupporter.objects.bulk_create(
            [TaggedSupporter(content_object_id=pk, tag_id=tag_id) for pk, tag_id in sorted(missing)],
            batch_size=BATCH_SIZE,
        )
        return {pk for pk, _ in missing}


UNEXPECTED_FAILURE = (
    "Something unexpected went wrong, so nothing was imported. The error has been logged for the "
    "site's maintainers; you can upload the file again."
)


def run_import(job):
    """Check every row (with progress), then save all of them in one transaction: all or nothing.

    Runs once per job, however often it is called: only a queued job is claimed.
    """
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.CHECKING, started_at=timezone.now(), processed_rows=0
    )
    if not claimed:
        return job
    job.refresh_from_db()

    def progress(rows_done):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=rows_done)

    checked = CheckedFile(records=[], errors=[])
    outcome = Outcome()
    try:
        checked = check_file(job, on_progress=progress)
        if job.stop_on_error and checked.errors:
            first = checked.errors[0]
            raise ImportStopped(f"Row {first['row']}, {first['column'] or 'the row'}: {first['message']}")
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.SAVING, processed_rows=checked.total_rows)
        saver = _Saver(job)
        with transaction.atomic():
            for batch in batched(checked.records, BATCH_SIZE):
                saver.save_batch(batch, checked)
        outcome = saver.outcome
        job.status = ImportStatus.SUCCEEDED
    except ImportStopped as stop:
        job.status, outcome = ImportStatus.STOPPED, Outcome()
        job.failure = f"Stopped at the first error, so nothing was imported. {stop.message}"
    except SupporterImportError as error:
        job.status, job.failure, outcome = ImportStatus.FAILED, error.message, Outcome()
    except Exception:
        logger.exception("Supporter import %s failed", job.pk)
        job.status, job.failure, outcome = ImportStatus.FAILED, UNEXPECTED_FAILURE, Outcome()
    checked.errors.sort(key=lambda error: error["row"])
    _store_counts(job, checked, outcome)
    job.finished_at = timezone.now()
    job.content = ""  # personal data: not kept once the import is over
    job.save()
    return job
