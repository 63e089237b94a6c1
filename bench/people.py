"""Benchmark: the people database at campaign scale — segment query, admin list, CSV import and export.

Creates its own PostgreSQL database, loads 100,000 supporters and 1,000,000 activities with
COPY (30 areas, 15 kinds, one year, a few very active people and many quiet ones), then
times, in this process:

- the heaviest segment query (members.people.segments.supporters_in_segment): at least 2
  attended/leafleting activities in the last 90 days, in one area, consenting to texts;
- the admin Supporters listing with filters (Django test client as a superuser, two-factor
  gate off), median of several requests;
- a 100,000-row CSV import (a NationBuilder-style file, 30 % of rows already known), dry run
  and real run, through the import service synchronously;
- the 100,000-row CSV export, consuming the streamed response, with its peak Python memory
  (tracemalloc) set against the file's size to show it streams.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/muster_bench_people .venv/bin/python bench/people.py

Options: --supporters N (default 100000), --activities N (default 1000000), --runs N
(repeats for medians, default 7), --skip-seed (reuse the database as it is), --listing-only (time
the segment query and the admin listing, not the CSV import and export, which adds supporters).
"""

import argparse
import csv
import datetime
import io
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

TARGET_QUERY_MS = 200
TARGET_IMPORT_S = 60
KINDS_BY_WEIGHT = {
    "attended": 20,
    "registered": 18,
    "delivered_leaflets": 15,
    "knocked_doors": 8,
    "made_calls": 6,
    "supported_idea": 9,
    "commented": 6,
    "texted": 5,
    "donated": 4,
    "was_called": 3,
    "no_show": 2,
    "posted_idea": 1,
    "hosted": 1,
    "recruited": 1,
    "signed_up": 1,
}
FIRST_NAMES = ["Ada", "Grace", "Sam", "Priya", "Tom", "Aisha", "Zoë", "Kwame", "Mei", "Olu", "Sofia", "Jack"]
LAST_NAMES = ["Smith", "Jones", "Khan", "Patel", "Okafor", "Murphy", "Nowak", "Chen", "Brown", "Ali", "Evans"]
LISTINGS = [
    ("?area=Camden&consents=sms", "area=Camden&consents=sms"),
    (
        "+ attended/leafleting ≥ 2",
        "area=Camden&consents=sms&activity_kind=attended&activity_kind=delivered_leaflets&activity_min_count=2",
    ),
    ("?q=smith&area=Camden", "q=smith&area=Camden"),
    ("?tag=captain", "tag=captain"),
    ("no filter", ""),
]
SEGMENT = {
    "areas": ["Camden"],
    "consents": ["sms"],
    "activity": {"kinds": ["attended", "delivered_leaflets"], "within_days": 90, "min_count": 2},
}


def prepare_database(database_url, env):
    name = urlsplit(database_url).path.lstrip("/")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def districts():
    """30 postcode districts: 28 London boroughs' first districts, plus Manchester and Bristol."""
    from members.people.areas import LONDON_BOROUGH_BY_DISTRICT

    first_by_area = {}
    for district, borough in LONDON_BOROUGH_BY_DISTRICT.items():
        first_by_area.setdefault(borough, district)
    return [*first_by_area.values()][:28] + ["M1", "BS8"]


def random_postcode(rng, district):
    return f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def uk_mobile(number):
    return f"+447911{number:06d}"


def copy_rows(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def seed(supporter_count, activity_count):
    """Supporters, consents, tags and activities by COPY; totals and last-active from the activities."""
    from django.db import connection
    from taggit.models import Tag

    from members.people.areas import area_for_postcode
    from members.people.models import PointsRule

    rng = random.Random(20260101)
    now = datetime.datetime.now(datetime.UTC)
    year_ago = now - datetime.timedelta(days=365)
    area_districts = districts()
    # Some areas are much busier than others.
    area_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(area_districts))]
    points = dict(PointsRule.objects.values_list("kind", "points"))

    supporter_rows, supporter_areas = [], []
    for n in range(supporter_count):
        district = rng.choices(area_districts, area_weights)[0]
        postcode = random_postcode(rng, district)
        area = area_for_postcode(postcode)
        supporter_areas.append(area)
        created = year_ago + datetime.timedelta(seconds=rng.randrange(365 * 86400))
        supporter_rows.append(
            (
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                f"person{n}@example.org",
                True,
                uk_mobile(n) if rng.random() < 0.7 else "",
                postcode,
                area,
                "[]",
                "[]",
                "[]",
                "[]",
                secrets.token_urlsafe(6),
                json.dumps({"source": "bench"}),
                0,
                False,
                created,
                created,
            )
        )
    started = time.perf_counter()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        copy_rows(
            cursor,
            "people_supporter",
            [
                "first_name",
                "last_name",
                "email",
                "email_verified",
                "phone",
                "postcode",
                "area",
                "preferred_actions",
                "preferred_areas",
                "availability",
                "languages",
                "recruiter_code",
                "first_source",
                "points_total",
                "show_on_leaderboard",
                "created",
                "updated",
            ],
            supporter_rows,
        )
        cursor.execute("SELECT id FROM people_supporter ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]

        consent_rows = []
        for pk in ids:
            for channel, chance in (("email", 0.6), ("sms", 0.35), ("phone", 0.2)):
                if rng.random() < chance:
                    at = year_ago + datetime.timedelta(seconds=rng.randrange(300 * 86400))
                    consent_rows.append((pk, channel, True, at, "form", "Yes, please."))
                    if rng.random() < 0.1:
                        consent_rows.append(
                            (pk, channel, False, at + datetime.timedelta(days=30), "unsubscribe_link", "")
                        )
        copy_rows(
            cursor,
            "people_consentrecord",
            ["supporter_id", "channel", "granted", "at", "source", "wording"],
            consent_rows,
        )

        tags = [Tag.objects.get_or_create(name=name)[0].pk for name in ("volunteer", "donor", "captain", "press")]
        tag_rows = [(pk, rng.choice(tags)) for pk in ids if rng.random() < 0.3]
        copy_rows(cursor, "people_taggedsupporter", ["content_object_id", "tag_id"], tag_rows)

        kinds, weights = list(KINDS_BY_WEIGHT), list(KINDS_BY_WEIGHT.values())

        # A long tail: the busiest 1 % do about a fifth of everything, half of supporters do little.
        def activity_rows():
            for _ in range(activity_count):
                index = int(supporter_count * rng.random() ** 3)
                index = (index * 7919) % supporter_count  # spread the busy ones over the id range
                kind = rng.choices(kinds, weights)[0]
                area = supporter_areas[index] if rng.random() < 0.85 else rng.choice(supporter_areas)
                at = year_ago + datetime.timedelta(seconds=rng.randrange(365 * 86400))
                yield (ids[index], kind, at, area, points.get(kind, 0), 1, "", "")

        copy_rows(
            cursor,
            "people_activity",
            ["supporter_id", "kind", "at", "area", "points", "quantity", "object_id", "summary"],
            activity_rows(),
        )
        cursor.execute(
            "UPDATE people_supporter s SET points_total = a.points, last_active_at = a.last "
            "FROM (SELECT supporter_id, SUM(points) AS points, MAX(at) AS last FROM people_activity "
            "GROUP BY supporter_id) a WHERE a.supporter_id = s.id"
        )
        # VACUUM too: the UPDATE above left a dead copy of every supporter row (autovacuum would clear them).
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started, len(consent_rows)


def median_ms(function, runs):
    function()  # warm caches and connections
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def time_segment(runs):
    from members.people.segments import supporters_in_segment

    matched = len(supporters_in_segment(SEGMENT).values_list("pk", flat=True))
    first_page = median_ms(
        lambda: list(supporters_in_segment(SEGMENT).order_by("last_name", "first_name", "pk")[:50]), runs
    )
    every_pk = median_ms(lambda: list(supporters_in_segment(SEGMENT).values_list("pk", flat=True)), runs)
    count = median_ms(lambda: supporters_in_segment(SEGMENT).count(), runs)
    return matched, first_page, every_pk, count


def admin_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-organiser", defaults={"is_superuser": True, "is_staff": True, "email": "bench@example.org"}
    )
    client = Client()
    client.force_login(user)
    return client, user


def time_listing(client, query, runs):
    from django.db import connection

    path = f"/admin/supporters/?{query}"
    queries = []

    def get():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")

    # Counted by a wrapper: the request_started signal empties connection.queries mid-request.
    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get()
    return median_ms(get, runs), len(queries)


def import_file(supporter_count):
    """A NationBuilder-style export: 70 % new people, 30 % already known (by email or by phone)."""
    rng = random.Random(7)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "nationbuilder_id",
            "first_name",
            "last_name",
            "email",
            "mobile_number",
            "primary_zip",
            "tag_list",
            "email_opt_in",
            "mobile_opt_in",
            "created_at",
        ]
    )
    area_districts = districts()
    for n in range(supporter_count):
        if rng.random() < 0.3:
            known = rng.randrange(supporter_count)
            email, mobile = f"PERSON{known}@example.org", ""
        else:
            email, mobile = f"new{n}@example.net", f"07912 {n:06d}"
        writer.writerow(
            [
                n,
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                email,
                mobile,
                random_postcode(rng, rng.choice(area_districts)),
                rng.choice(["", "imported", "imported, spring"]),
                rng.choice(["true", "false", ""]),
                rng.choice(["true", "false", ""]),
                "2024-03-01T10:00:00+00:00",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def time_import(user, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.people import imports
    from members.people.models import ImportJob, ImportStatus

    started = time.perf_counter()
    job, _ = imports.start_import(SimpleUploadedFile("nationbuilder.csv", data, "text/csv"), by=user)
    imports.set_mapping(
        job,
        mapping=job.mapping,
        consent_wording={"email": "Yes, email me.", "sms": "Yes, text me."},
        stop_on_error=False,
    )
    upload_s = time.perf_counter() - started
    started = time.perf_counter()
    imports.preview_import(job)
    preview_s = time.perf_counter() - started
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    job.refresh_from_db()
    started = time.perf_counter()
    imports.run_import(job)
    run_s = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != ImportStatus.SUCCEEDED:
        raise SystemExit(f"import ended {job.status}: {job.failure}")
    return upload_s, preview_s, run_s, job


def time_export(client, traced):
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.post("/admin/people/csv/export/")
    size = rows = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    peak = 0
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return elapsed, size, rows - 1, peak


def phone_normalising_microseconds():
    from members.people.services import normalise_phone

    numbers = [f"07912 {n:06d}" for n in range(20_000)]
    started = time.perf_counter()
    for number in numbers:
        normalise_phone(number)
    return (time.perf_counter() - started) / len(numbers) * 1e6


def time_import_and_export(client, user, supporter_count):
    """Result rows for the CSV import (which adds supporters) and the export of everyone."""
    print("timing the CSV import", flush=True)
    phone_us = phone_normalising_microseconds()
    upload_s, preview_s, import_s, job = time_import(user, import_file(supporter_count))

    print("timing the CSV export", flush=True)
    export_s, export_bytes, export_rows, _ = time_export(client, traced=False)
    _, _, _, export_peak = time_export(client, traced=True)
    return [
        ("phone normalising (phonenumbers), per number", f"{phone_us:.0f} µs", "—", True),
        (f"import {job.total_rows:,} rows: upload + read", f"{upload_s:.1f} s", "—", True),
        ("import: dry run (check + match)", f"{preview_s:.1f} s", "—", True),
        (
            f"import: run (created {job.created_count:,}, updated {job.updated_count:,}, "
            f"unchanged {job.unchanged_count:,}, skipped {job.skipped_count:,})",
            f"{import_s:.1f} s",
            f"< {TARGET_IMPORT_S} s",
            import_s < TARGET_IMPORT_S,
        ),
        (f"export {export_rows:,} rows ({export_bytes / 1e6:.1f} MB)", f"{export_s:.1f} s", "streams", True),
        (
            "export: peak Python memory while streaming",
            f"{export_peak / 1e6:.1f} MB",
            f"≪ file size ({export_bytes / 1e6:.1f} MB)",
            export_peak < export_bytes / 4,
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--supporters", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--listing-only", action="store_true")
    options = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/muster_bench_people")
    if not database_url.startswith("postgres"):
        raise SystemExit("bench/people.py measures on PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "MUSTER_REQUIRE_STAFF_MFA": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    if not options.skip_seed:
        print("creating", database_url, flush=True)
        prepare_database(database_url, dict(os.environ))

    import django

    django.setup()
    from django.conf import settings

    settings.MUSTER_REQUIRE_STAFF_MFA = False
    from members.people.models import Activity, Supporter

    if not options.skip_seed:
        print(f"loading {options.supporters:,} supporters and {options.activities:,} activities", flush=True)
        seed_s, consents = seed(options.supporters, options.activities)
        print(f"  loaded in {seed_s:.1f} s ({consents:,} consent rows)", flush=True)
    supporters, activities = Supporter.objects.count(), Activity.objects.count()

    print("timing the segment query and the admin listing", flush=True)
    matched, segment_page_ms, segment_pks_ms, segment_count_ms = time_segment(options.runs)
    client, user = admin_client()
    listings = [(label, *time_listing(client, query, options.runs)) for label, query in LISTINGS]

    rows = [
        (
            "segment query, first 50 by name",
            f"{segment_page_ms:.1f} ms",
            f"< {TARGET_QUERY_MS} ms",
            segment_page_ms < TARGET_QUERY_MS,
        ),
        (
            "segment query, every pk",
            f"{segment_pks_ms:.1f} ms",
            f"< {TARGET_QUERY_MS} ms",
            segment_pks_ms < TARGET_QUERY_MS,
        ),
        (
            "segment query, count",
            f"{segment_count_ms:.1f} ms",
            f"< {TARGET_QUERY_MS} ms",
            segment_count_ms < TARGET_QUERY_MS,
        ),
        *(
            (f"admin list {label} ({queries} queries)", f"{ms:.1f} ms", f"< {TARGET_QUERY_MS} ms", ms < TARGET_QUERY_MS)
            for label, ms, queries in listings
        ),
    ]
    if not options.listing_only:
        rows += time_import_and_export(client, user, options.supporters)

    print()
    print(f"PostgreSQL, {supporters:,} supporters, {activities:,} activities; medians of {options.runs} runs")
    print(f"segment: {json.dumps(SEGMENT)} → {matched:,} supporters")
    print()
    print("| measurement | result | target |")
    print("|---|---:|---|")
    for label, result, target, met in rows:
        print(f"| {label} | {result} | {target}{'' if met else ' — MISSED'} |")
    missed = [label for label, _, _, met in rows if not met]
    print()
    print("all targets met" if not missed else "missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
