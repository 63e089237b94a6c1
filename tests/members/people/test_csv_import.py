"""CSV import of supporters through the admin: upload, column mapping, dry run, the background run, and bad files."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from members.people import imports
from members.people.models import (
    Channel,
    ConsentRecord,
    ConsentSource,
    ImportJob,
    ImportStatus,
    Supporter,
    TaggedSupporter,
)
from members.people.services import grant_consent, withdraw_consent
from members.people.tasks import run_supporter_import

from .staff import make_staff

NATIONBUILDER_HEADERS = [
    "nationbuilder_id",
    "first_name",
    "last_name",
    "email",
    "phone_number",
    "mobile_number",
    "primary_address_zip",
    "tag_list",
    "email_opt_in",
    "mobile_opt_in",
    "created_at",
]
EMAIL_WORDING = "Yes, email me campaign news."
SMS_WORDING = "Yes, text me about events near me."


@pytest.fixture(autouse=True)
def _no_second_factor_gate(settings):
    settings.MUSTER_REQUIRE_STAFF_MFA = False


@pytest.fixture
def organiser(db):
    # The Organisers group may neither import nor export (both are granted one by one); a superuser may.
    return make_staff("organiser", superuser=True)


def csv_text(rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def upload(client, content, name="people.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(reverse("supporter_csv:import_upload"), {"file": SimpleUploadedFile(name, data, "text/csv")})


def latest_job():
    return ImportJob.objects.order_by("-pk").first()


def map_columns(client, job, fields, *, wording=None, stop_on_error=False):
    """Post the mapping form: `fields` lists the field for each column ("" to ignore)."""
    data = {f"column_{index}": name for index, name in enumerate(fields)}
    for channel, text in (wording or {}).items():
        data[f"wording_{channel}"] = text
    if stop_on_error:
        data["stop_on_error"] = "on"
    return client.post(reverse("supporter_csv:import_mapping", args=[job.pk]), data)


def run(client, job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("supporter_csv:import_preview", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def import_rows(client, rows, fields, capture, **mapping_options):
    """Upload, map, preview and run an import of `rows` (header first); the finished job."""
    assert upload(client, csv_text(rows)).status_code == 302
    job = latest_job()
    response = map_columns(client, job, fields, **mapping_options)
    assert response.status_code == 302, response.content.decode()
    return run(client, job, capture)


# --- Upload and reading the file ------------------------------------------------------------------


def test_nationbuilder_headers_are_mapped_for_you(organiser_client):
    row = ["17", "Ada", "Lovelace", "ada@example.org", "020 7946 0000", "07911 123456", "nw1 2db", "a, b", "true"]
    response = upload(organiser_client, csv_text([NATIONBUILDER_HEADERS, [*row, "false", "2020-01-01"]]))
    job = latest_job()
    assert response.status_code == 302
    assert response["Location"] == reverse("supporter_csv:import_mapping", args=[job.pk])
    suggested = {job.headers[int(index)]: field for index, field in job.mapping.items()}
    assert suggested == {
        "nationbuilder_id": "external_id",
        "first_name": "first_name",
        "last_name": "last_name",
        "email": "email",
        "phone_number": "phone",
        "mobile_number": "mobile",
        "primary_address_zip": "postcode",
        "tag_list": "tags",
        "email_opt_in": "email_consent",
        "mobile_opt_in": "sms_consent",
        "created_at": "joined",
    }
    page = organiser_client.get(response["Location"]).content.decode()
    assert '<option value="mobile" selected>' in page
    assert "07911 123456" in page


def test_a_nationbuilder_export_imports_with_consent_and_tags(organiser_client, django_capture_on_commit_callbacks):
    rows = [
        NATIONBUILDER_HEADERS,
        ["17", "Ada", "Lovelace", "ada@example.org", "020 7946 0000", "07911 123456", "nw1 2db", "Camden, captain"]
        + ["true", "false", "2020-01-01T10:00:00+00:00"],
    ]
    job = import_rows(
        organiser_client,
        rows,
        [imports.suggest_mapping(NATIONBUILDER_HEADERS)[str(i)] for i in range(len(NATIONBUILDER_HEADERS))],
        django_capture_on_commit_callbacks,
        wording={"email": EMAIL_WORDING, "sms": SMS_WORDING},
    )
    assert job.status == ImportStatus.SUCCEEDED, job.failure
    ada = Supporter.objects.get()
    assert (ada.first_name, ada.phone, ada.postcode, ada.area) == ("Ada", "+447911123456", "NW1 2DB", "Camden")
    assert ada.first_source == {
        "source": "import",
        "import_job": job.pk,
        "external_id": "17",
        "joined": "2020-01-01T10:00:00+00:00",
    }
    assert sorted(ada.tags.names()) == ["Camden", "captain"]
    consent = ConsentRecord.objects.get()
    assert (consent.channel, consent.granted, consent.source, consent.wording) == (
        Channel.EMAIL,
        True,
        ConsentSource.IMPORT,
        EMAIL_WORDING,
    )
    assert job.content == ""


def test_a_windows_1252_file_is_read_with_a_notice(organiser_client, django_capture_on_commit_callbacks):
    data = "first_name,email\r\nZoë,zoe@example.org\r\n".encode("cp1252")
    response = upload(organiser_client, data)
    assert response.status_code == 302
    page = organiser_client.get(response["Location"]).content.decode()
    assert "read as Windows-1252" in page
    job = run_after_mapping(organiser_client, ["first_name", "email"], django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.SUCCEEDED
    assert Supporter.objects.get().first_name == "Zoë"


def run_after_mapping(client, fields, capture, **options):
    job = latest_job()
    assert map_columns(client, job, fields, **options).status_code == 302
    return run(client, job, capture)


def test_utf8_with_a_byte_order_mark_and_semicolons(organiser_client, django_capture_on_commit_callbacks):
    data = "\ufeffEmail;Vorname\r\nanna@example.org;Änne\r\n".encode()
    assert upload(organiser_client, data).status_code == 302
    job = latest_job()
    assert (job.encoding, job.delimiter, job.headers) == ("utf-8-sig", ";", ["Email", "Vorname"])
    run_after_mapping(organiser_client, ["email", "first_name"], django_capture_on_commit_callbacks)
    assert Supporter.objects.get().first_name == "Änne"


def test_utf16_with_a_byte_order_mark_is_read(organiser_client):
    assert upload(organiser_client, "email\tfirst_name\r\nbo@example.org\tBo\r\n".encode("utf-16")).status_code == 302
    assert latest_job().headers == ["email", "first_name"]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(bytes(range(256)) * 40, id="random binary"),
        pytest.param("email\r\nbo@example.org\r\n".encode("utf-16-le"), id="UTF-16 without a byte-order mark"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00" + b"\x8d\x90" * 50, id="a spreadsheet (zip)"),
    ],
)
def test_binary_files_are_refused_clearly(organiser_client, data):
    response = upload(organiser_client, data, name="people.xlsx")
    assert response.status_code == 200
    assert "This file is not a CSV text file" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The submitted file is empty."),
        ("email,first_name\r\n", "The file has a header row but no people in it."),
        ("email\r\n" + "x" * (imports.MAX_CELL_CHARACTERS + 1) + "\r\n", "could not be read as CSV"),
    ],
)
def test_empty_or_unreadable_files_are_refused(organiser_client, content, message):
    response = upload(organiser_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(organiser_client):
    response = upload(organiser_client, b"email\r\n" + b"a" * imports.MAX_FILE_BYTES)
    assert response.status_code == 200
    assert "the most we accept is 20 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


# --- Mapping -------------------------------------------------------------------------------------------


def test_without_an_email_or_phone_column_the_mapping_is_refused(organiser_client):
    upload(organiser_client, csv_text([["Name", "Town"], ["Ada Lovelace", "London"]]))
    job = latest_job()
    response = map_columns(organiser_client, job, ["full_name", ""])
    assert response.status_code == 200
    assert "Choose the column holding email addresses or phone numbers" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED
    assert not Supporter.objects.exists()


def test_two_columns_for_one_field_and_consent_without_wording_are_refused(organiser_client):
    upload(organiser_client, csv_text([["a", "b", "c"], ["x@example.org", "y@example.org", "yes"]]))
    response = map_columns(organiser_client, latest_job(), ["email", "email", "sms_consent"])
    page = response.content.decode()
    assert "Only one column can be imported as Email; a and b both are." in page
    assert "Give the exact words people agreed to for text message consent" in page


def test_a_forged_mapping_is_refused_without_an_error_page(organiser_client):
    upload(organiser_client, csv_text([["email"], ["x@example.org"]]))
    response = map_columns(organiser_client, latest_job(), ["is_superuser"])
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# --- Dry run -----------------------------------------------------------------------------------------


def test_the_dry_run_reports_row_errors_and_writes_nothing(organiser_client, supporter):
    rows = [
        ["email", "mobile", "postcode", "first_name"],
        ["new@example.org", "07912 345678", "N1 9GU", "New"],
        ["GRACE@example.org", "", "", "Grace"],
        ["not-an-email", "", "", "Bad"],
        ["bad.phone@example.org", "12345", "", "Bad"],
        ["bad.postcode@example.org", "", "XYZ", "Bad"],
        ["long@example.org", "", "", "L" * 10_000],
    ]
    upload(organiser_client, csv_text(rows))
    job = latest_job()
    response = map_columns(organiser_client, job, ["email", "mobile", "postcode", "first_name"])
    assert response["Location"] == reverse("supporter_csv:import_preview", args=[job.pk])
    job.refresh_from_db()
    assert (job.created_count, job.updated_count, job.skipped_count) == (1, 1, 4)
    assert [(error["row"], error["column"]) for error in job.errors] == [
        (4, "email"),
        (5, "mobile"),
        (6, "postcode"),
        (7, "first_name"),
    ]
    page = organiser_client.get(response["Location"]).content.decode()
    assert "“not-an-email” is not an email address." in page
    assert "Too long: 10,000 characters; at most 150." in page
    assert "Import 2 supporters" in page
    assert Supporter.objects.count() == 1
    assert not ConsentRecord.objects.exists()
    assert Supporter.objects.get().first_name == "Grace"


def test_html_in_cells_is_shown_escaped(organiser_client):
    script = "<script>alert(1)</script>"
    upload(organiser_client, csv_text([["email", "first_name"], [script, script]]))
    job = latest_job()
    mapping_page = organiser_client.get(reverse("supporter_csv:import_mapping", args=[job.pk])).content.decode()
    assert script not in mapping_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mapping_page
    map_columns(organiser_client, job, ["email", "first_name"])
    preview = organiser_client.get(reverse("supporter_csv:import_preview", args=[job.pk])).content.decode()
    assert script not in preview
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;” is not an email address." in preview


# --- Running -----------------------------------------------------------------------------------------


def test_duplicates_in_the_file_and_in_the_database_are_merged(
    organiser_client, supporter, django_capture_on_commit_callbacks
):
    rows = [
        ["email", "phone", "first_name", "last_name", "postcode", "tags"],
        ["GRACE@Example.org", "", "Not", "Overwritten", "", "volunteer"],  # existing, by email
        ["", "07911 123456", "", "", "", "captain"],  # existing, by phone
        ["sam@example.org", "", "Sam", "", "", ""],
        ["SAM@example.org", "07911 100123", "", "Smith", "E1 6AN", "donor"],  # same person as row 4
        ["", "+44 7911 100123", "", "", "", "donor"],  # same again, by phone
    ]
    job = import_rows(
        organiser_client,
        rows,
        ["email", "phone", "first_name", "last_name", "postcode", "tags"],
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportStatus.SUCCEEDED, job.failure
    assert (job.created_count, job.updated_count, job.merged_count, job.skipped_count) == (1, 1, 3, 0)
    assert Supporter.objects.count() == 2
    supporter.refresh_from_db()
    assert (supporter.first_name, supporter.last_name, supporter.postcode) == ("Grace", "Hopper", "N1 9GU")
    assert sorted(supporter.tags.names()) == ["captain", "volunteer"]
    sam = Supporter.objects.get(email="sam@example.org")
    assert (sam.first_name, sam.last_name, sam.phone, sam.area) == ("Sam", "Smith", "+447911100123", "Tower Hamlets")
    assert list(sam.tags.names()) == ["donor"]
    assert Tag.objects.filter(name="donor").count() == 1


def test_an_email_and_phone_of_two_different_people_are_reported(
    organiser_client, supporter, django_capture_on_commit_callbacks
):
    Supporter.objects.create(email="other@example.org", phone="")
    rows = [["email", "phone"], ["other@example.org", "07911 123456"]]
    job = import_rows(organiser_client, rows, ["email", "phone"], django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.SUCCEEDED
    assert job.skipped_count == 1
    assert "but the phone to supporter" in job.errors[0]["message"]
    assert Supporter.objects.get(email="other@example.org").phone == ""


def test_consent_is_imported_only_from_explicit_yes(organiser_client, django_capture_on_commit_callbacks):
    rows = [
        ["email", "email_opt_in", "mobile", "mobile_opt_in"],
        ["yes@example.org", "yes", "07911 100001", "TRUE"],
        ["blank@example.org", "", "07911 100002", ""],
        ["no@example.org", "false", "07911 100003", "no"],
        ["maybe@example.org", "maybe", "07911 100004", "1"],
    ]
    job = import_rows(
        organiser_client,
        rows,
        ["email", "email_consent", "mobile", "sms_consent"],
        django_capture_on_commit_callbacks,
        wording={"email": EMAIL_WORDING, "sms": SMS_WORDING},
    )
    assert job.status == ImportStatus.SUCCEEDED
    assert job.created_count == 3
    assert [(error["row"], error["column"]) for error in job.errors] == [(5, "email_opt_in")]
    granted = set(ConsentRecord.objects.values_list("supporter__email", "channel", "granted", "source", "wording"))
    assert granted == {
        ("yes@example.org", "email", True, "import", EMAIL_WORDING),
        ("yes@example.org", "sms", True, "import", SMS_WORDING),
    }


def test_an_import_never_overrides_a_withdrawal(organiser_client, supporter, django_capture_on_commit_callbacks):
    grant_consent(supporter, Channel.SMS, source=ConsentSource.FORM, wording="texts")
    withdraw_consent(supporter, Channel.SMS, source=ConsentSource.TEXT_KEYWORD, wording="STOP")
    rows = [["email", "sms"], ["grace@example.org", "yes"]]
    job = import_rows(
        organiser_client, rows, ["email", "sms_consent"], django_capture_on_commit_callbacks, wording={"sms": "x"}
    )
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.updated_count, job.unchanged_count) == (0, 1)
    assert ConsentRecord.objects.filter(supporter=supporter).count() == 2
    assert not ConsentRecord.objects.filter(source=ConsentSource.IMPORT).exists()


def test_formula_cells_are_stored_as_text(organiser_client, django_capture_on_commit_callbacks):
    rows = [["email", "first_name", "last_name"], ["f@example.org", '=HYPERLINK("http://evil.example","x")', "@SUM(1)"]]
    job = import_rows(organiser_client, rows, ["email", "first_name", "last_name"], django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.SUCCEEDED
    person = Supporter.objects.get()
    assert (person.first_name, person.last_name) == ('=HYPERLINK("http://evil.example","x")', "@SUM(1)")


def test_stop_on_any_error_imports_nothing(organiser_client, django_capture_on_commit_callbacks):
    rows = [["email"], ["good@example.org"], ["bad"]]
    job = import_rows(organiser_client, rows, ["email"], django_capture_on_commit_callbacks, stop_on_error=True)
    assert job.status == ImportStatus.STOPPED
    assert "Row 3, email: “bad” is not an email address." in job.failure
    assert not Supporter.objects.exists()
    page = organiser_client.get(reverse("supporter_csv:import_progress", args=[job.pk])).content.decode()
    assert "Stopped at the first error, so nothing was imported." in page


@pytest.fixture
def insert_fails_for_boom():
    """A database trigger that refuses one email address: a real error from the database mid-import."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON people_supporter "
                "WHEN NEW.email = 'boom@example.org' BEGIN SELECT RAISE(ABORT, 'boom refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN "
                "IF NEW.email = 'boom@example.org' THEN RAISE integrity_constraint_violation USING MESSAGE = 'boom'; "
                "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON people_supporter "
                "FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
            )
    yield
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("DROP TRIGGER refuse_boom")
        else:
            cursor.execute("DROP TRIGGER refuse_boom ON people_supporter")
            cursor.execute("DROP FUNCTION refuse_boom()")


def test_a_failure_in_a_later_batch_leaves_nothing_written(
    organiser_client, insert_fails_for_boom, django_capture_on_commit_callbacks
):
    count = imports.BATCH_SIZE * 2 + 10
    rows = [["email", "tags", "email_consent"]]
    rows += [[f"person{n}@example.org", "imported", "yes"] for n in range(count)]
    rows.append(["boom@example.org", "imported", "yes"])
    job = import_rows(
        organiser_client,
        rows,
        ["email", "tags", "email_consent"],
        django_capture_on_commit_callbacks,
        wording={"email": EMAIL_WORDING},
    )
    assert job.status == ImportStatus.FAILED
    assert "nothing was imported" in job.failure
    assert (job.created_count, job.updated_count) == (0, 0)
    assert not Supporter.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not TaggedSupporter.objects.exists()
    page = organiser_client.get(reverse("supporter_csv:import_progress", args=[job.pk])).content.decode()
    assert "Something unexpected went wrong, so nothing was imported." in page


def test_running_a_job_twice_imports_once(organiser_client, django_capture_on_commit_callbacks):
    job = import_rows(
        organiser_client, [["email"], ["once@example.org"]], ["email"], django_capture_on_commit_callbacks
    )
    run_supporter_import.enqueue(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.SUCCEEDED, 1)
    assert Supporter.objects.count() == 1


def test_the_progress_page_refreshes_itself_only_while_running(organiser_client):
    upload(organiser_client, csv_text([["email"], ["a@example.org"], ["b@example.org"]]))
    job = latest_job()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, processed_rows=1)
    page = organiser_client.get(reverse("supporter_csv:import_progress", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Rows checked: 1 of 2" in page
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.SUCCEEDED)
    page = organiser_client.get(reverse("supporter_csv:import_progress", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page


def test_a_started_import_cannot_be_remapped_or_run_again(organiser_client, django_capture_on_commit_callbacks):
    job = import_rows(organiser_client, [["email"], ["a@example.org"]], ["email"], django_capture_on_commit_callbacks)
    response = map_columns(organiser_client, job, ["email"])
    assert response["Location"] == reverse("supporter_csv:import_progress", args=[job.pk])
    response = organiser_client.post(reverse("supporter_csv:import_preview", args=[job.pk]))
    assert response["Location"] == reverse("supporter_csv:import_progress", args=[job.pk])
    assert Supporter.objects.count() == 1


# --- Who may import ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("supporter_csv:import_upload"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_editors_without_supporter_permissions_are_refused(client, django_user_model):
    editor = django_user_model.objects.create_user(username="editor", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse("supporter_csv:import_upload"), follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in response.content.decode()
    assert upload(client, csv_text([["email"], ["a@example.org"]]))["Location"] == "/admin/"
    assert not ImportJob.objects.exists()


def test_an_exporter_who_may_not_import_sees_no_upload_form(client, django_user_model):
    group = Group.objects.create(name="Exporters")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_supporter", "export_supporter"])
    )
    user = django_user_model.objects.create_user(username="exporter", password="x", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    page = client.get(reverse("supporter_csv:import_upload")).content.decode()
    assert "Export all supporters" in page
    assert 'type="file"' not in page
    assert upload(client, csv_text([["email"], ["a@example.org"]]))["Location"] == "/admin/"
    assert not ImportJob.objects.exists()


def test_staff_who_must_use_two_factors_are_sent_to_set_one_up(client, organiser, settings):
    settings.MUSTER_REQUIRE_STAFF_MFA = True
    client.force_login(organiser)
    response = client.get(reverse("supporter_csv:import_upload"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
