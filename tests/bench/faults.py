"""`make bench-faults`: restart PostgreSQL, then Redis, under a steady load of marks and path
pages, without touching gunicorn. Prints the errors clients saw in each outage, how long until
requests succeed again, and how many acknowledged marks are missing from the database.

BENCH_FAULT_CLIENTS (16) clients, BENCH_OUTAGE (5) seconds down, WORKERS (two per core)
sync workers.
Exits 1 when an acknowledged mark is missing or an error page shows a traceback or setting.
"""

import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from tests.bench.stack import (
    HOST,
    Site,
    bench_site,
    env_int,
    gunicorn_config,
    gunicorn_workers,
    http_request,
    log_summary,
    logged_responses,
    say,
)

LEAKS = ("Traceback", "SECRET_KEY", "DATABASES")
STEADY = 10  # seconds of load before, between and after the outages
RECOVERY_LIMIT = 60


@dataclass
class Event:
    kind: str
    start: float
    end: float
    status: int | None
    error: str = ""
    leak: str = ""
    retry_after: str | None = None
    learner: str = ""
    offering: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 300


class Load:
    """Clients that each own some learners and, in turn, mark a new offering for one of them
    (so every acknowledged mark is a row of its own) and load one's path page."""

    def __init__(self, site: Site, clients: int, offerings: list[str]):
        self.site = site
        self.clients = clients
        self.offerings = offerings
        self.events: list[Event] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(clients)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(120)

    def client(self, number: int) -> None:
        learners = list(enumerate(self.site.learners))[number :: self.clients]
        csrf = secrets.token_hex(16)
        marked = Counter()
        connection = None
        turn = 0
        while not self.stopping.is_set():
            index, learner = learners[(turn // 2) % len(learners)]
            headers = self.site.learner_headers(learner)
            kind = "mark" if turn % 2 == 0 else "path"
            method, path, body, offering = "GET", "/me/path/", None, ""
            if kind == "mark":
                # A learner's n-th mark goes to the n-th offering after their own start.
                offering = self.offerings[(index * 97 + marked[index]) % len(self.offerings)]
                marked[index] += 1
                headers["Cookie"] += f"; csrftoken={csrf}"
                headers.update(
                    {
                        "X-CSRFToken": csrf,
                        "HX-Request": "true",
                        "Content-Type": "application/x-www-form-urlencoded",
                    }
                )
                method, path = "POST", "/me/path/mark/"
                body = urlencode({"offering": offering, "status": "saved"})
            turn += 1
            if connection is None:
                connection = http.client.HTTPConnection(HOST, self.site.port, timeout=30)
            start = time.monotonic()
            try:
                reply = http_request(
                    self.site.port, method, path, headers, body, connection=connection
                )
            except (OSError, http.client.HTTPException) as error:
                event = Event(kind, start, time.monotonic(), None, error=type(error).__name__)
                connection.close()
                connection = None
            else:
                event = Event(
                    kind,
                    start,
                    time.monotonic(),
                    reply.status,
                    leak=next((word for word in LEAKS if word in reply.body), ""),
                    retry_after=reply.headers.get("Retry-After"),
                    error=page_heading(reply.body) if reply.status >= 400 else "",
                )
                if reply.headers.get("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            event.learner, event.offering = learner["username"], offering
            with self.lock:
                self.events.append(event)
            if not event.ok:
                time.sleep(0.2)  # a person would wait a moment before trying again

    def since(self, moment: float) -> list[Event]:
        with self.lock:
            return [event for event in self.events if event.end >= moment]


def page_heading(html: str) -> str:
    """An error page's title and first heading, to show what the visitor read."""
    parts = [
        " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())
        for found in (
            re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S) for tag in ("title", "h1")
        )
        if found
    ]
    return " | ".join(parts) or " ".join(html.split())[:100]


@dataclass
class Outage:
    name: str
    began: float
    back: float  # when the service was running again
    recovered: float | None = None


def wait_for_recovery(load: Load, outage: Outage) -> None:
    """Until both marks and path pages started after the service came back succeed."""
    deadline = outage.back + RECOVERY_LIMIT
    while time.monotonic() < deadline:
        firsts = {}
        for event in load.since(outage.back):
            if event.ok and event.start >= outage.back and event.kind not in firsts:
                firsts[event.kind] = event.end
        if len(firsts) == 2:
            outage.recovered = max(firsts.values())
            return
        time.sleep(0.2)


def postgres_cluster(url: str) -> tuple[str, str] | None:
    """The local cluster (version, name) that serves the database URL's port."""
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if not local or shutil.which("pg_lsclusters") is None:
        return None
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    for row in listing.stdout.splitlines():
        fields = row.split()
        if len(fields) >= 4 and fields[2] == str(parts.port or 5432) and fields[3] == "online":
            return fields[0], fields[1]
    return None


def other_database_connections(url: str) -> Counter:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, connect_timeout=5) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_stat_activity WHERE datname IS NOT NULL AND datname <> %s"
            " AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return Counter(row[0] for row in rows)


def pg_ctlcluster(cluster: tuple[str, str], action: str) -> str:
    result = subprocess.run(
        ["pg_ctlcluster", *cluster, action, *(["--mode", "fast"] if action == "stop" else [])],
        capture_output=True,
        text=True,
    )
    return "" if result.returncode == 0 else (result.stderr or result.stdout).strip()


def postgres_outage(site: Site, seconds: int) -> Outage | str:
    cluster = postgres_cluster(site.database_url)
    if cluster is None:
        return "skipped: no local cluster (pg_lsclusters) serves DATABASE_URL's port"
    others = other_database_connections(site.database_url)
    if others:
        listed = ", ".join(f"{name} ({count})" for name, count in others.items())
        say(f"  note: the restart also drops connections to other databases: {listed}")
    say(f"  stopping PostgreSQL cluster {' '.join(cluster)} for {seconds} s")
    began = time.monotonic()
    error = pg_ctlcluster(cluster, "stop")
    if error:
        return f"skipped: pg_ctlcluster stop failed ({error}); run as root or the cluster owner"
    time.sleep(seconds)
    error = pg_ctlcluster(cluster, "start")
    if error:
        name = " ".join(cluster)
        sys.exit(f"PostgreSQL did not start again: {error}. Start it: pg_ctlcluster {name} start")
    return Outage("PostgreSQL", began, time.monotonic())


def redis_outage(site: Site, seconds: int) -> Outage:
    say(f"  killing redis-server (port {site.redis.port}) for {seconds} s")
    began = time.monotonic()
    site.redis.kill()
    time.sleep(seconds)
    site.redis.start()
    return Outage("Redis", began, time.monotonic())


def outage_report(load: Load, outage: Outage) -> dict:
    end = outage.recovered or (outage.back + RECOVERY_LIMIT)
    during = [e for e in load.since(outage.began) if e.end <= end]
    failed = [e for e in during if not e.ok]
    statuses = Counter(str(e.status) if e.status else e.error for e in failed)
    after = [e for e in failed if e.end >= outage.back]
    return {
        "requests": len(during),
        "errors": len(failed),
        "statuses": statuses,
        "retry_after": sum(1 for e in failed if e.retry_after),
        "leaks": Counter(e.leak for e in failed if e.leak),
        "slowest": max((e.end - e.start for e in during), default=0.0),
        "samples": {str(e.status): e.error for e in failed if e.status},
        "down_s": outage.back - outage.began,
        "recovery_s": None if outage.recovered is None else outage.recovered - outage.back,
        "last_error_s": max(e.end for e in after) - outage.back if after else None,
    }


def django_setup(site: Site) -> None:
    """This process reads the benchmark's database through the site's own models."""
    os.environ.update(site.env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
    import django

    django.setup()


def active_offerings() -> list[str]:
    from django.db import connections

    from catalog.models import Offering

    slugs = list(Offering.objects.active().order_by("pk").values_list("slug", flat=True))
    connections.close_all()  # none of ours open while the database restarts
    return slugs


def acknowledged_marks_missing(load: Load) -> tuple[int, int, int]:
    """(acknowledged, missing from the database, stored though not acknowledged)."""
    from careers.models import StepStatus

    stored = set(
        StepStatus.objects.filter(
            profile__user__username__startswith="bench-", status=StepStatus.Status.SAVED
        ).values_list("profile__user__username", "offering__slug")
    )
    marks = [e for e in load.events if e.kind == "mark"]
    acknowledged = {(e.learner, e.offering) for e in marks if e.ok}
    unacknowledged = {(e.learner, e.offering) for e in marks if not e.ok}
    return len(acknowledged), len(acknowledged - stored), len(unacknowledged & stored)


def main() -> None:
    clients = env_int("BENCH_FAULT_CLIENTS", 16)
    seconds = env_int("BENCH_OUTAGE", 5)
    workers = gunicorn_workers()
    offerings = env_int("BENCH_OFFERINGS", 10_000)
    learners = env_int("BENCH_LEARNERS", 1_000)
    say(
        f"Raasta fault bench: {clients} clients marking and loading paths; PostgreSQL, then "
        f"Redis, down {seconds} s each; gunicorn with {workers} sync workers "
        f"({gunicorn_config()}), never restarted"
    )
    with bench_site(workers=workers, offerings=offerings, learners=learners) as site:
        django_setup(site)
        load = Load(site, clients, active_offerings())
        # Every worker serves a few path pages before the clock starts.
        site.warm(
            [
                ("GET", "/me/path/", site.learner_headers(learner), None)
                for learner in site.learners[: site.gunicorn.workers * 4]
            ]
        )
        before = log_summary(site.gunicorn.log())
        booted, recycled = before["workers_booted"], before["workers_recycled"]
        pid = site.gunicorn.process.pid
        load.start()
        time.sleep(STEADY)
        first_outage = time.monotonic()
        outages: list[Outage] = []
        skipped = {}
        result = postgres_outage(site, seconds)
        if isinstance(result, str):
            skipped["PostgreSQL"] = result
        else:
            wait_for_recovery(load, result)
            outages.append(result)
            time.sleep(STEADY)
        redis_commands = site.redis.commands_processed()
        result = redis_outage(site, seconds)
        wait_for_recovery(load, result)
        outages.append(result)
        time.sleep(STEADY)
        load.stop()
        server = log_summary(site.gunicorn.log())
        same_master = site.gunicorn.process.poll() is None and site.gunicorn.process.pid == pid
        reports = {outage.name: outage_report(load, outage) for outage in outages}
        acknowledged, missing, unacknowledged_stored = acknowledged_marks_missing(load)

    say()
    total = Counter(e.kind for e in load.events)
    ok = Counter(e.kind for e in load.events if e.ok)
    before = sorted(e.end - e.start for e in load.events if e.ok and e.end < first_outage)
    say(
        f"Load: {total['mark']} marks ({ok['mark']} acknowledged), {total['path']} path pages "
        f"({ok['path']} ok) from {clients} clients; before the first outage a request took "
        f"{before[len(before) // 2] if before else 0:.2f} s (median)"
    )
    for name, reason in skipped.items():
        say(f"{name}: {reason}")
    leaks = 0
    for name, report in reports.items():
        say()
        say(f"{name} outage ({report['down_s']:.1f} s from stop to running again)")
        statuses = ", ".join(f"{key} x {n}" for key, n in report["statuses"].most_common())
        recovery, last = report["recovery_s"], report["last_error_s"]
        leaked = sum(report["leaks"].values())
        leaks += leaked
        rows = [
            ("requests from the stop until recovered", report["requests"]),
            ("errors", report["errors"]),
            ("errors by status", statuses or "none"),
            ("errors with Retry-After", report["retry_after"]),
            ("last error, after the restart", "none" if last is None else f"{last:.2f} s"),
            (
                "requests succeed again, after the restart",
                f"not within {RECOVERY_LIMIT} s" if recovery is None else f"{recovery:.2f} s",
            ),
            ("slowest request in the window", f"{report['slowest']:.2f} s"),
            (f"error pages showing {'/'.join(LEAKS)}", leaked),
        ]
        rows += [
            (f"a {status} page reads", repr(text)) for status, text in report["samples"].items()
        ]
        if name == "Redis":
            rows.append(("Redis commands served before the kill", redis_commands))
        for label, value in rows:
            say(f"  {label:<50} {value}")
    if reports:
        say(
            "  (succeed again: when both the first mark and the first path page sent after the "
            "restart answered 2xx, their own time included)"
        )
    say()
    say(f"{'acknowledged marks':<52} {acknowledged}")
    say(f"{'acknowledged marks missing afterwards':<52} {missing}")
    say(f"{'marks stored though the client saw an error':<52} {unacknowledged_stored}")
    say(
        f"gunicorn: {'same master, never restarted' if same_master else 'MASTER GONE'}; "
        f"{server['workers_booted'] - booted} workers booted during the load "
        f"({server['workers_recycled'] - recycled} replaced after their max_requests), "
        f"{server['worker_timeouts']} worker timeouts, "
        f"error responses logged: {logged_responses(server)}"
    )
    for text, count in server["exceptions"]:
        say(f"  {count} x {text}")
    if missing or leaks:
        say("FAILED: acknowledged marks were lost or an error page leaked details")
        sys.exit(1)


if __name__ == "__main__":
    main()
