"""CSV export of supporters: formula escaping, streaming, the audit log, selections and who may export."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.people import exports
from members.people.models import Channel, ConsentSource, ExportLog, ExportScope, ImportJob, Segment, Supporter
from members.people.services import erase_supporter, grant_consent, withdraw_consent

from .staff import make_staff

EXPORT_URL = "/admin/people/csv/export/"


@pytest.fixture(autouse=True)
def _no_second_factor_gate(settings):
    settings.MUSTER_REQUIRE_STAFF_MFA = False


@pytest.fixture
def organiser(db):
    # The Organisers group may neither import nor export (both are granted one by one); a superuser may.
    return make_staff("organiser", superuser=True)


def download(client, query=""):
    response = client.post(f"{EXPORT_URL}?{query}", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def table(body):
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_the_export_url_is_the_named_one():
    assert reverse("supporter_csv:export") == EXPORT_URL


@pytest.mark.parametrize("dangerous", ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"])
def test_cells_a_spreadsheet_would_run_are_escaped(organiser_client, dangerous):
    Supporter.objects.create(first_name=dangerous, last_name="Safe", email="f@example.org")
    _, body = download(organiser_client)
    row = table(body)[0]
    assert row["first_name"] == "'" + dangerous
    assert row["last_name"] == "Safe"


def test_phone_numbers_and_tags_are_escaped_too(organiser_client, supporter):
    supporter.tags.add("=HYPERLINK(1)")
    _, body = download(organiser_client)
    row = table(body)[0]
    assert row["phone"] == "'+447911123456"
    assert row["tags"] == "'=HYPERLINK(1)"


def test_the_export_is_streamed_with_every_column(organiser_client, supporter):
    recruit = Supporter.objects.create(first_name="Ada", email="ada@example.org", recruiter=supporter)
    grant_consent(recruit, Channel.EMAIL, source=ConsentSource.FORM, wording="w")
    grant_consent(recruit, Channel.SMS, source=ConsentSource.FORM, wording="w")
    withdraw_consent(recruit, Channel.SMS, source=ConsentSource.TEXT_KEYWORD)
    recruit.tags.add("captain", "Camden")
    response, body = download(organiser_client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="supporters-')
    assert "no-store" in response["Cache-Control"]
    rows = {row["email"]: row for row in table(body)}
    assert list(rows["ada@example.org"]) == exports.HEADER
    ada = rows["ada@example.org"]
    assert (ada["email_consent"], ada["sms_consent"], ada["phone_consent"]) == ("yes", "no", "no")
    assert ada["tags"] == "Camden, captain"
    assert ada["recruited_by"] == supporter.recruiter_code
    assert rows["grace@example.org"]["area"] == "Islington"


def test_each_export_is_logged_with_its_row_count(organiser_client, organiser, supporter):
    Supporter.objects.create(email="two@example.org")
    download(organiser_client)
    log = ExportLog.objects.get()
    assert (log.exported_by, log.scope, log.description) == (organiser, ExportScope.ALL, "All supporters")
    assert (log.row_count, log.completed, log.ip_address) == (2, True, "203.0.113.9")


def test_a_download_stopped_part_way_is_logged_as_such(organiser, monkeypatch):
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)
    Supporter.objects.bulk_create([Supporter(email=f"p{n}@example.org", recruiter_code=f"code{n}") for n in range(5)])
    log = exports.start_export(by=organiser, scope=ExportScope.ALL, description="All supporters")
    chunks = exports.stream_csv(Supporter.objects.all(), log)
    assert next(chunks).count("@example.org") == 2
    chunks.close()  # what the server does when the browser goes away
    log.refresh_from_db()
    assert (log.row_count, log.completed) == (2, False)


def test_erased_supporters_are_never_exported(organiser_client, supporter):
    erase_supporter(supporter)
    Supporter.objects.create(email="kept@example.org")
    _, body = download(organiser_client)
    assert [row["email"] for row in table(body)] == ["kept@example.org"]


def test_a_segment_is_exported_and_named_in_the_log(organiser_client, supporter):
    Supporter.objects.create(email="elsewhere@example.org", postcode="M1 1AA")
    segment = Segment.objects.create(name="Islington", filters={"areas": ["Islington"]})
    confirm = organiser_client.get(f"{EXPORT_URL}?segment={segment.pk}").content.decode()
    assert "You are about to download <strong>1</strong> supporter: Segment: Islington." in confirm
    _, body = download(organiser_client, f"segment={segment.pk}")
    assert [row["email"] for row in table(body)] == ["grace@example.org"]
    log = ExportLog.objects.get()
    assert (log.scope, log.segment, log.description, log.row_count) == (
        ExportScope.SEGMENT,
        segment,
        "Segment: Islington",
        1,
    )


def test_the_listing_filter_is_exported_and_described(organiser_client, supporter):
    Supporter.objects.create(email="elsewhere@example.org", postcode="M1 1AA")
    _, body = download(organiser_client, "area=M1")
    assert [row["email"] for row in table(body)] == ["elsewhere@example.org"]
    log = ExportLog.objects.get()
    assert (log.scope, log.description, log.filters) == (ExportScope.FILTER, "Lives in M1", {"areas": ["M1"]})


@pytest.mark.parametrize("query", ["segment=abc", "segment=999999", "points_min=x", "area=Nowhere"])
def test_a_bad_selection_gets_a_message_and_exports_nothing(organiser_client, supporter, query):
    response = organiser_client.post(f"{EXPORT_URL}?{query}")
    assert response.status_code in (200, 404)
    assert not response.streaming
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("listing_filter", ["", "&points_min=0"])
def test_a_segment_with_a_broken_stored_filter_is_not_exported(organiser_client, supporter, listing_filter):
    segment = Segment.objects.create(name="Old", filters={"areas": "Camden"})
    response = organiser_client.post(f"{EXPORT_URL}?segment={segment.pk}{listing_filter}")
    assert response.status_code == 200
    assert not response.streaming
    assert "Areas must be a list of words." in response.content.decode()
    assert not ExportLog.objects.exists()


def test_queries_do_not_grow_with_the_number_of_supporters(organiser_client):
    def queries_for_export():
        with CaptureQueriesContext(connection) as queries:
            download(organiser_client)
        return len(queries)

    Supporter.objects.create(email="one@example.org").tags.add("a")
    few = queries_for_export()
    for n in range(30):
        person = Supporter.objects.create(email=f"p{n}@example.org", phone=f"+4479111000{n:02d}")
        person.tags.add("a", "b")
        grant_consent(person, Channel.EMAIL, source=ConsentSource.FORM, wording="w")
    assert queries_for_export() == few


def test_an_exported_file_imports_back_without_duplicates(
    organiser_client, supporter, django_capture_on_commit_callbacks
):
    supporter.tags.add("volunteer")
    _, body = download(organiser_client)
    upload = SimpleUploadedFile("export.csv", body.encode("utf-8"), "text/csv")
    response = organiser_client.post(reverse("supporter_csv:import_upload"), {"file": upload})
    job_url = response["Location"]
    page = organiser_client.get(job_url).content.decode()
    assert '<option value="phone" selected>' in page
    job = ImportJob.objects.get()
    data = {f"column_{index}": job.mapping.get(str(index), "") for index in range(len(job.headers))}
    data.update({f"wording_{channel}": "Agreed on our form" for channel in Channel.values})
    organiser_client.post(job_url, data)
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("supporter_csv:import_preview", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created_count, job.skipped_count) == ("succeeded", 0, 0), job.errors
    assert Supporter.objects.count() == 1
    supporter.refresh_from_db()
    assert supporter.phone == "+447911123456"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post(EXPORT_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize(
    "codenames",
    [
        pytest.param(["access_admin"], id="editor"),
        pytest.param(["access_admin", "view_supporter"], id="organiser without the export permission"),
        pytest.param(["access_admin", "export_supporter"], id="export permission alone"),
    ],
)
def test_staff_without_both_permissions_cannot_export(client, django_user_model, supporter, codenames):
    group = Group.objects.create(name="Staff")
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    user = django_user_model.objects.create_user(username="staff", password="x", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    response = client.post(EXPORT_URL)
    assert response["Location"] == "/admin/"
    assert not ExportLog.objects.exists()


def test_an_organiser_group_member_with_both_permissions_may_export(client, django_user_model, supporter):
    group = Group.objects.create(name="Exporting organisers")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_supporter", "export_supporter"])
    )
    user = django_user_model.objects.create_user(username="staff", password="x", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    _, body = download(client)
    assert [row["email"] for row in table(body)] == ["grace@example.org"]
    assert ExportLog.objects.get().exported_by_name == "staff"


def test_the_export_log_lists_exports_for_those_who_may_read_it(organiser_client):
    download(organiser_client)
    page = organiser_client.get(reverse("supporter_csv:export_log")).content.decode()
    assert "All supporters" in page
    assert "203.0.113.9" in page


@pytest.fixture
def searchable(supporter):
    ada = Supporter.objects.create(
        first_name="Ada", last_name="Lovelace", email="ada@example.org", phone="+447911123457", postcode="N1 9GU"
    )
    Supporter.objects.create(first_name="Ada", last_name="Byron", email="byron@example.org", postcode="M1 1AA")
    return ada


@pytest.mark.parametrize(
    ("query", "emails"),
    [
        pytest.param("q=lovelace", ["ada@example.org"], id="a name"),
        pytest.param("q=ada", ["ada@example.org", "byron@example.org"], id="a first name shared by two"),
        pytest.param("q=07911+123457", ["ada@example.org"], id="a phone number as typed"),
        pytest.param("q=ada&area=M1", ["byron@example.org"], id="with a listing filter"),
        pytest.param("q=nobody", [], id="no match"),
    ],
)
def test_the_export_narrows_to_the_listing_search(organiser_client, searchable, query, emails):
    _, body = download(organiser_client, query)
    assert sorted(row["email"] for row in table(body)) == emails


def test_a_searched_export_is_described_and_logged_with_its_search(organiser_client, searchable):
    confirm = organiser_client.get(f"{EXPORT_URL}?q=lovelace&area=Islington").content.decode()
    assert "<strong>1</strong> supporter: Lives in Islington; Search: “lovelace”." in confirm
    assert 'action="?q=lovelace&amp;area=Islington"' in confirm
    download(organiser_client, "q=lovelace")
    log = ExportLog.objects.get()
    assert (log.scope, log.description, log.filters, log.row_count) == (
        ExportScope.FILTER,
        "Search: “lovelace”",
        {"q": "lovelace"},
        1,
    )


def test_a_blank_search_exports_everyone(organiser_client, searchable):
    _, body = download(organiser_client, "q=+++")
    assert len(table(body)) == 3
    assert ExportLog.objects.get().scope == ExportScope.ALL
