"""`make bench`: page cost, a load test on gunicorn (SQLite, and PostgreSQL when BENCH_DATABASE_URL is set),
the apps' own benchmarks, all written to docs/benchmarks.md.

Environment: BENCH_LOAD_SECONDS (default 60), BENCH_USERS (20), BENCH_PAGE_REPEATS (30),
BENCH_DATABASE_URL (a scratch PostgreSQL database: it is migrated and loaded), WEB_CONCURRENCY (3, as
`make run`). Everything runs on 127.0.0.1 against scratch databases; nothing touches var/aid.sqlite3.
"""

import datetime as dt
import importlib
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = Path(tempfile.mkdtemp(prefix="aid-bench-"))
SCRATCH_DB = SCRATCH / "bench.sqlite3"
BENCH_USER = "bench.clinician"
BENCH_PASSWORD = secrets.token_urlsafe(16)
APP_BENCHES = ["aid.interactions.bench", "aid.reader.bench", "aid.handouts.bench"]

os.environ.update(DJANGO_SETTINGS_MODULE="aid.settings", DJANGO_HTTPS="0", DATABASE_URL=f"sqlite:///{SCRATCH_DB}")


def envint(name, default):
    return int(os.environ.get(name) or default)


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_HTTPS": "0"}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(database_url):
    """Migrate, make groups, load the bundle and a bench clinician into a scratch database."""
    manage(database_url, "migrate", "--verbosity", "0")
    manage(database_url, "setup_clinic")
    manage(database_url, "load_content")
    manage(
        database_url, "shell", "--no-imports", "-c",
        "from django.contrib.auth.models import Group, User; "
        f"u, _ = User.objects.get_or_create(username={BENCH_USER!r}); u.set_password({BENCH_PASSWORD!r}); u.save(); "
        "u.groups.add(Group.objects.get(name='clinician'))",
    )


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# --- (1) page cost ---------------------------------------------------------------------------------


def handout_fields():
    from aid.handouts.sections import DEFAULT_KEYS

    return {"sections": list(DEFAULT_KEYS), "jurisdiction": "US-TX", "paper": "letter",
            "medicines": "Xanax 0.5mg, oxycodone, sertraline"}


def page_cost(repeats):
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=BENCH_USER))
    pages = [
        ("home", "get", "/", None),
        ("topic (pain)", "get", "/evidence/topics/pain/", None),
        ("claims", "get", "/evidence/claims/", None),
        ("seed article", "get", "/evidence/seeds/seed-000/", None),
        ("check medicines (POST)", "post", "/medicines/", {"medicines": "Xanax 0.5mg, oxycodone, sertraline, lisinopril"}),
        ("legal status (US-TX)", "get", "/legal/?code=US-TX", None),
        ("reader (POST seed-000)", "post", "/reader/", {"seed": "seed-000"}),
        ("handout preview (POST)", "post", "/handout/", handout_fields()),
        ("static file (app.css)", "get", "/static/css/app.css", None),
    ]
    rows = []
    for label, method, path, data in pages:
        timings, queries, status = [], None, None
        for i in range(repeats + 1):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                elapsed = (time.perf_counter() - started) * 1000
            status = response.status_code
            if i:  # the first request warms caches and imports
                timings.append(elapsed)
                queries = len(captured)
        rows.append({"page": label, "path": path, "status": status, "median_ms": round(statistics.median(timings), 2),
                     "p95_ms": round(percentile(timings, 0.95), 2), "queries": queries})
    static = rows[-1]["median_ms"]
    topic = next(r for r in rows if r["page"].startswith("topic"))["median_ms"]
    return rows, round(topic / static, 1) if static else None


# --- (2) load test -----------------------------------------------------------------------------------


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_test(database_url, label, seconds, users, workers):
    from aid.core import loadtest

    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_HTTPS": "0"}
    log = open(SCRATCH / f"gunicorn-{label}.log", "wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "aid.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "120"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )
    try:
        ready = time.monotonic() + 30
        while time.monotonic() < ready:
            try:
                if loadtest.Session("127.0.0.1", port, timeout=5).get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn ({label}) did not start")
        http_ratio = topic_to_static_over_http(port)
        result = loadtest.run("127.0.0.1", port, BENCH_USER, BENCH_PASSWORD, users=users, seconds=seconds,
                              handout_fields=handout_fields())
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
        log.close()
    result["database"] = label
    result["workers"] = workers
    result["http_topic_to_static"] = http_ratio
    return result


def topic_to_static_over_http(port, repeats=50):
    """The same ratio as the page-cost step, but measured over HTTP on the gunicorn being load-tested."""
    from aid.core import loadtest

    session = loadtest.Session("127.0.0.1", port)
    session.sign_in(BENCH_USER, BENCH_PASSWORD)
    medians = {}
    for path in ("/evidence/topics/pain/", "/static/css/app.css"):
        timings = []
        for i in range(repeats + 1):
            started = time.perf_counter()
            status, _, _ = session.get(path)
            if i:
                timings.append((time.perf_counter() - started) * 1000)
        medians[path] = statistics.median(timings)
    session.close()
    topic, static = medians["/evidence/topics/pain/"], medians["/static/css/app.css"]
    return {"topic_ms": round(topic, 2), "static_ms": round(static, 2), "ratio": round(topic / static, 1)}


# --- (3) the apps' own benchmarks ----------------------------------------------------------------------


def app_benches():
    results = {}
    for name in APP_BENCHES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            results[name] = {"skipped": f"not available ({exc})"}
            continue
        try:
            results[name] = module.run()
        except Exception as exc:  # one app's failing benchmark must not lose the others' figures
            results[name] = {"skipped": f"failed: {type(exc).__name__}: {exc}"}
    return results


# --- (4) the report ------------------------------------------------------------------------------------


def machine():
    memory = ""
    try:
        kb = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    cpu = ""
    try:
        cpu = next(line for line in open("/proc/cpuinfo") if line.startswith("model name")).split(":", 1)[1].strip()
    except (OSError, StopIteration):
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "os": platform.platform(), "date": dt.date.today().isoformat()}


def fmt(value):
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def render(report):
    m = report["machine"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`aid/core/bench.py`) on {m['date']}: {m['cores']} cores ({m['cpu']}), "
        f"{m['memory']} memory, Python {m['python']}, {m['os']}. Content version {report['content_version']}.",
        "",
        "| Area | Measure | Value |",
        "|---|---|---|",
    ]
    for row in report["pages"]:
        lines.append(f"| Page cost | {row['page']} `{row['path']}` (HTTP {row['status']}): median / p95 ms, queries "
                     f"| {row['median_ms']} / {row['p95_ms']} ms, {row['queries']} queries |")
    lines.append(f"| Page cost | topic page ÷ static file (same WSGI stack, whitenoise) | {report['topic_to_static']}× |")
    for run in report["load"]:
        tag = f"Load, {run['database']}, {run['users']} users, {run['workers']} workers, {run['seconds']} s"
        lat = run["latency_ms"]
        lines += [
            f"| {tag} | requests / errors | {run['requests']} / {run['errors']} |",
            f"| {tag} | throughput | {run['throughput_rps']} req/s |",
            f"| {tag} | latency p50 / p95 / p99 / max | {lat['p50']} / {lat['p95']} / {lat['p99']} / {lat['max']} ms |",
        ]
        http = run["http_topic_to_static"]
        lines.append(f"| {tag} | topic ÷ static file over HTTP, one user, before the load (median ms) | "
                     f"{http['topic_ms']} / {http['static_ms']} ms = {http['ratio']}× |")
        for step, figures in run["by_step"].items():
            lines.append(f"| {tag} | {step}: n, median / p95 | {figures['n']}, {figures['median_ms']} / {figures['p95_ms']} ms |")
    if not any(r["database"] == "PostgreSQL" for r in report["load"]):
        lines.append("| Load, PostgreSQL | not run | set BENCH_DATABASE_URL to a scratch database |")
    for name, figures in report["apps"].items():
        app = name.split(".")[1]
        for key, value in figures.items():
            if isinstance(value, (dict, list)):
                value = json.dumps(value)
            lines.append(f"| {app} ({name}.run) | {key} | {fmt(value)} |")
    lines += [
        "",
        "## Method",
        "",
        "- **Page cost**: the Django test client (full middleware stack, sessions, CSRF, whitenoise) signed in as a "
        f"clinician against a scratch SQLite database with the bundle loaded; {report['repeats']} requests per page after "
        "one warm-up; server time is the wall time of the in-process request; queries counted with "
        "`CaptureQueriesContext`. The query counts are the same whatever the amount of content (tests pin them).",
        "- **Load**: gunicorn on 127.0.0.1 with the configured workers (`WEB_CONCURRENCY`, as `make run`), "
        "`aid/core/loadtest.py` (threads + http.client, keep-alive, bounded by time and a request cap). Each user "
        "signs in through the real form, downloads one PDF handout, then cycles home → topic → medicine check → "
        "legal status → analyse a seed article until the time is up. Any status other than the expected one, or "
        "any connection error, counts as an error. The client runs on the same machine and competes for its cores.",
        "- **PostgreSQL**: the same load test against a throwaway cluster (initdb/pg_ctl in a temp dir, as `.ci/run` "
        "does), given as `BENCH_DATABASE_URL`.",
        "- **Apps**: each app's `bench.run()` (interactions: 20-item list; reader: long article; handouts: PDF), "
        "run in-process after the page-cost step.",
        "",
    ]
    return "\n".join(lines)


def main():
    import django

    seconds = envint("BENCH_LOAD_SECONDS", 60)
    users = envint("BENCH_USERS", 20)
    repeats = envint("BENCH_PAGE_REPEATS", 30)
    workers = envint("WEB_CONCURRENCY", 3)
    sqlite_url = os.environ["DATABASE_URL"]
    print(f"bench: scratch directory {SCRATCH}", flush=True)
    manage(sqlite_url, "collectstatic", "--noinput", "--verbosity", "0")
    prepare(sqlite_url)
    django.setup()
    from aid.core.models import ContentLoad

    print("bench: page cost ...", flush=True)
    pages, ratio = page_cost(repeats)
    print("bench: app benchmarks ...", flush=True)
    apps = app_benches()
    print(f"bench: load test on SQLite ({users} users, {seconds} s) ...", flush=True)
    load = [load_test(sqlite_url, "SQLite", seconds, users, workers)]
    postgres = os.environ.get("BENCH_DATABASE_URL")
    if postgres:
        print(f"bench: load test on PostgreSQL ({users} users, {seconds} s) ...", flush=True)
        prepare(postgres)
        load.append(load_test(postgres, "PostgreSQL", seconds, users, workers))
    report = {"machine": machine(), "content_version": ContentLoad.objects.current().version, "pages": pages,
              "topic_to_static": ratio, "repeats": repeats, "load": load, "apps": apps}
    (ROOT / "docs" / "benchmarks.md").write_text(render(report), encoding="utf-8")
    (SCRATCH / "bench.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(json.dumps({"load": [{k: r[k] for k in ("database", "requests", "errors", "throughput_rps", "latency_ms")} for r in load],
                      "topic_to_static": ratio}, indent=2))
    print(f"bench: wrote docs/benchmarks.md (raw figures: {SCRATCH / 'bench.json'})")
    if any(r["errors"] for r in load):
        print("bench: the load test had errors: " + "; ".join(e for r in load for e in r["error_samples"]), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
