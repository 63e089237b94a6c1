"""Benchmark: public pages against a static file, cached and uncached, under gunicorn.

Seeds a PostgreSQL database, starts gunicorn (two workers, production settings, Redis
page cache) and drives a bounded load (fixed connections, fixed duration) from a second
process. Prints, per page, requests/s, p50 and p99 latency, the rate as a ratio of the
static file's rate in the same run, and the queries the page runs. Quote the ratios:
absolute numbers drift on shared machines.

The load comes from wrk when it is installed (`apt-get install wrk`): one C thread, cheap
enough that it leaves the CPU to gunicorn. Without it, Python client processes stand in;
they use much more CPU per request, so on a small machine they, not the server, cap the
static file's rate and flatter every ratio. The table says which was used.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/muster_bench .venv/bin/python bench/pages.py

Options: --seconds N (per measurement, default 5), --concurrency N (connections, default 8),
--port N (default 8765), --skip-seed (reuse the database as it is), --python-clients
(use the Python clients even when wrk is installed).
"""

import argparse
import http.client
import multiprocessing
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# A session cookie that matches no session: the page cache is skipped (it serves only
# visitors without a session) while the visitor stays anonymous, and the session lookup
# is paid on top of rendering the page.
BYPASS_COOKIE = "sessionid=bench-uncached"
TARGET_CACHED, TARGET_UNCACHED, TARGET_QUERIES = 0.5, 0.1, 15


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(database_url, env):
    name = urlsplit(database_url).path.lstrip("/")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v0", env=env)
    manage("seed_demo", "-v0", env=env)


def start_gunicorn(port, env):
    pidfile = Path(tempfile.mkdtemp()) / "gunicorn.pid"
    subprocess.run(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--pid",
            str(pidfile),
            "--daemon",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return pidfile
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def stop_gunicorn(pidfile):
    if pidfile.exists():
        os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)


def _client(port, path, cookie, seconds, results):
    """One load process: requests back to back until the time is up (bounded)."""
    latencies, errors = [], 0
    headers = {"Host": "127.0.0.1", "Cookie": cookie} if cookie else {"Host": "127.0.0.1"}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(latencies) < 200_000:
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                errors += 1
                continue
        except OSError:
            errors += 1
            continue
        latencies.append(time.perf_counter() - started)
    results.put((latencies, errors))


def measure_with_python(port, path, cookie, seconds, concurrency):
    results = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=_client, args=(port, path, cookie, seconds, results)) for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    latencies, errors = [], 0
    for _ in processes:
        chunk, chunk_errors = results.get()
        latencies.extend(chunk)
        errors += chunk_errors
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return {"rate": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": errors}
    return {
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
    }


WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
WRK_UNITS_IN_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def measure_with_wrk(port, path, cookie, seconds, concurrency):
    """One wrk thread holding `concurrency` connections for `seconds`; latencies from --latency."""
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(concurrency),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--latency",
        "--header",
        "Host: 127.0.0.1",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latencies = {
        percentile: float(value) * WRK_UNITS_IN_MS[unit] for percentile, value, unit in WRK_LATENCY.findall(output)
    }
    errors = sum(int(count) for count in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_ok = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors += int(non_ok.group(1)) if non_ok else 0
    return {
        "rate": rate,
        "p50": latencies.get("50", float("nan")),
        "p99": latencies.get("99", float("nan")),
        "errors": errors,
    }


def discover_paths(port):
    """The pages to measure: home, news index, one post, a search, and the site CSS."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/news/", timeout=10) as response:
        news = response.read().decode()
    post = next(
        (link for link in re.findall(r'href="(/news/[a-z0-9-]+/)"', news) if not link.startswith("/news/feed")),
        None,
    )
    css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', news)
    if post is None or css is None:
        raise SystemExit("could not find a post link and the fingerprinted site CSS on /news/")
    return [
        ("/", "/"),
        ("/news/", "/news/"),
        ("one post", post),
        ("/search/?q=…", "/search/?q=campaign"),
        ("static CSS", css.group(1)),
    ]


QUERY_COUNT_SCRIPT = """
import sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE="{cookie}")
for path in sys.argv[1:]:
    client.get(path)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    print(path, response.status_code, len(queries))
"""


def count_queries(paths, env):
    script = QUERY_COUNT_SCRIPT.format(cookie="")
    output = subprocess.run(
        [PYTHON, "-c", "import django, sys; django.setup(); exec(sys.stdin.read())", *paths],
        input=script,
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    counts = {}
    for line in output.splitlines():
        path, status, queries = line.rsplit(" ", 2)
        counts[path] = int(queries) if status == "200" else None
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--python-clients", action="store_true")
    options = parser.parse_args()
    if shutil.which("wrk") and not options.python_clients:
        measure, load_generator = measure_with_wrk, "wrk (1 thread)"
    else:
        measure, load_generator = measure_with_python, "Python client processes (wrk not found or not wanted)"
    print("load generator:", load_generator, flush=True)

    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/muster_bench")
    if not database_url.startswith("postgres"):
        raise SystemExit("bench/pages.py measures on PostgreSQL: set DATABASE_URL=postgres://…")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2"),
        "LOG_LEVEL": "WARNING",
    }
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    if not options.skip_seed:
        print("seeding", database_url, flush=True)
        prepare_database(database_url, seed_env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "FLUSHDB"], check=False, capture_output=True)

    # Two servers on the same database and cache: one as deployed, one with the whole-page
    # cache switched off (PAGE_CACHE_SECONDS=0), whose every request renders the page.
    pidfile = start_gunicorn(options.port, env)
    uncached_port = options.port + 1
    uncached_pidfile = start_gunicorn(uncached_port, {**env, "PAGE_CACHE_SECONDS": "0"})
    try:
        pages = discover_paths(options.port)
        queries = count_queries([path for _, path in pages], {**env, "PAGE_CACHE_SECONDS": "0"})
        static_path = next(path for label, path in pages if label == "static CSS")
        rows = []
        for label, path in pages:
            # Each page is compared with the static file measured just before it, so a machine
            # whose load drifts during the run (other jobs starting or ending) skews no ratio.
            static = measure(options.port, static_path, None, options.seconds, options.concurrency)
            measure(options.port, path, None, 1, 2)  # warm: fills the page cache
            cached = measure(options.port, path, None, options.seconds, options.concurrency)
            uncached = measure(uncached_port, path, None, options.seconds, options.concurrency)
            with_session = measure(options.port, path, BYPASS_COOKIE, options.seconds, options.concurrency)
            rows.append((label, path, static["rate"], cached, uncached, with_session))
    finally:
        stop_gunicorn(pidfile)
        stop_gunicorn(uncached_pidfile)

    print()
    print(
        f"gunicorn 2 workers, production settings; load: {load_generator}, {options.concurrency} connections, "
        f"{options.seconds:.0f} s per measurement; ratio = page rate / rate of the static CSS measured just before.\n"
        "cached: as deployed; uncached: a second server with the whole-page cache off (PAGE_CACHE_SECONDS=0); "
        "with a session: as deployed, for a visitor whose session cookie matches no session (page cache skipped, "
        "session looked up)."
    )
    print()
    print(
        "| page | static req/s | cached req/s | p50 ms | p99 ms | ratio | uncached req/s | p50 ms | p99 ms | ratio "
        "| with a session req/s | ratio | queries (uncached) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    failures = []
    for label, path, static_rate, cached, uncached, with_session in rows:
        cached_ratio = cached["rate"] / static_rate
        uncached_ratio = uncached["rate"] / static_rate
        session_ratio = with_session["rate"] / static_rate
        query_count = queries.get(path)
        print(
            f"| {label} | {static_rate:.0f} "
            f"| {cached['rate']:.0f} | {cached['p50']:.1f} | {cached['p99']:.1f} | {cached_ratio:.2f} "
            f"| {uncached['rate']:.0f} | {uncached['p50']:.1f} | {uncached['p99']:.1f} | {uncached_ratio:.2f} "
            f"| {with_session['rate']:.0f} | {session_ratio:.2f} "
            f"| {query_count if query_count is not None else '—'} |"
        )
        if label == "static CSS":
            continue
        if cached_ratio < TARGET_CACHED:
            failures.append(f"{label}: cached ratio {cached_ratio:.2f} < {TARGET_CACHED}")
        if uncached_ratio < TARGET_UNCACHED:
            failures.append(f"{label}: uncached ratio {uncached_ratio:.2f} < {TARGET_UNCACHED}")
        if query_count is None or query_count > TARGET_QUERIES:
            failures.append(f"{label}: {query_count} queries > {TARGET_QUERIES}")
        errors = cached["errors"] + uncached["errors"] + with_session["errors"]
        if errors:
            failures.append(f"{label}: {errors} failed requests")
    print()
    print("targets: cached >= 0.5, uncached >= 0.1 of the static rate, <= 15 queries per page")
    print("all targets met" if not failures else "missed: " + "; ".join(failures))

if __name__ == "__main__":
    main()
