"""`make bench`: requests per second and latency of the main pages under a bounded wrk load.

Each page is loaded by BENCH_CLIENTS (64) and then BENCH_LOW_CLIENTS (16) concurrent clients
for BENCH_DURATION (60) seconds; gunicorn runs WORKERS (two per core) sync workers.
Prints numbers only.
"""

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

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

LUA = Path(__file__).with_name("replay.lua")
ONE_WORD = "python"
TEN_WORDS = "beginner python course for data analysis and machine learning projects"
MARK_LEARNERS = 200
GZIP = "Accept-Encoding: gzip"


class MarkForms(HTMLParser):
    """The hidden fields of each step's mark form on the path page."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "marks" in (attrs.get("class") or "").split():
            self.inside = True
            self.forms.append({})
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.forms[-1][attrs.get("name") or ""] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


@dataclass
class Scenario:
    name: str
    label: str
    lines: list[str]


def line(method: str, path: str, body: str = "", headers: Sequence[str] = ()) -> str:
    return "\t".join([method, path, body, *headers])


def mark_lines(site: Site) -> list[str]:
    """Requests that mark a step of each of the first learners' paths, alternating "saved"
    and "in progress" so the path keeps its steps. Fetching the pages warms the workers."""

    def form_of(learner):
        reply = http_request(site.port, "GET", "/me/path/", site.learner_headers(learner))
        if reply.status != 200:
            sys.exit(f"/me/path/ answered {reply.status} for {learner['username']}")
        parser = MarkForms()
        parser.feed(reply.body)
        return learner, parser.forms[0] if parser.forms else None, reply

    start = time.monotonic()
    with ThreadPoolExecutor(site.gunicorn.workers * 2) as pool:
        found = list(pool.map(form_of, site.learners[:MARK_LEARNERS]))
    slowest = max(reply.seconds for _, _, reply in found)
    say(
        f"  fetched {len(found)} path pages in {time.monotonic() - start:.1f} s "
        f"(slowest {slowest:.2f} s: each worker's first requests included)"
    )
    lines: dict[str, list[str]] = {"saved": [], "in_progress": []}
    for learner, form, reply in found:
        if form is None:
            continue
        token = form.pop("csrfmiddlewaretoken")
        csrf_cookie = reply.cookie("csrftoken")
        cookie = f"{site.cookie_name}={learner['session']}; csrftoken={csrf_cookie}"
        headers = [
            f"Cookie: {cookie}",
            f"X-CSRFToken: {token}",
            "HX-Request: true",
            "Content-Type: application/x-www-form-urlencoded",
            GZIP,
        ]
        for status in lines:
            lines[status].append(
                line("POST", "/me/path/mark/", urlencode({**form, "status": status}), headers)
            )
    if not lines["saved"]:
        sys.exit("No learner's path has a step to mark.")
    return lines["saved"] + lines["in_progress"]


def scenarios(site: Site, floor: str, marks: list[str]) -> list[Scenario]:
    cookie = site.cookie_name
    return [
        Scenario("floor", f"GET {floor}", [line("GET", floor, headers=[GZIP])]),
        Scenario(
            "path",
            f"GET /me/path/ ({len(site.learners)} learners)",
            [
                line("GET", "/me/path/", headers=[f"Cookie: {cookie}={learner['session']}", GZIP])
                for learner in site.learners
            ],
        ),
        Scenario(
            "catalog",
            "GET /catalog/ (the list, first page)",
            [line("GET", "/catalog/", headers=[GZIP])],
        ),
        Scenario(
            "search-1",
            f"GET /catalog/?q={ONE_WORD}",
            [line("GET", "/catalog/?" + urlencode({"q": ONE_WORD}), headers=[GZIP])],
        ),
        Scenario(
            "search-10",
            "GET /catalog/?q=<10 words>",
            [line("GET", "/catalog/?" + urlencode({"q": TEN_WORDS}), headers=[GZIP])],
        ),
        Scenario(
            "mark",
            f"POST /me/path/mark/ htmx ({len(marks) // 2} learners)",
            marks,
        ),
    ]


def wrk_run(site: Site, scenario: Scenario, clients: int, duration: int, timeout: int) -> dict:
    requests_file = site.workdir / f"{scenario.name}.tsv"
    requests_file.write_text("\n".join(scenario.lines) + "\n")
    threads = min(env_int("BENCH_THREADS", 2), clients)
    command = [
        shutil.which("wrk") or "wrk", "-t", str(threads), "-c", str(clients),
        "-d", f"{duration}s", "--timeout", f"{timeout}s", "-s", str(LUA),
        f"http://{HOST}:{site.port}", "--", str(requests_file),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    found = [row for row in result.stdout.splitlines() if row.startswith("{")]
    if result.returncode or not found:
        say(result.stdout + result.stderr)
        sys.exit(f"wrk failed on {scenario.name}")
    raw = json.loads(found[-1])
    seconds = raw["duration_us"] / 1e6
    socket_errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "scenario": scenario.name,
        "label": scenario.label,
        "clients": clients,
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds,
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "errors": raw["non_2xx_3xx"] + socket_errors,
        "http_errors": raw["non_2xx_3xx"],
        "socket_errors": socket_errors,
        "timeouts": raw["timeout"],
        "redirects": raw["redirects"],
        "server_errors": raw["server_errors"],
    }


def row_text(result: dict, floor_rps: float | None) -> str:
    ratio = f"{result['rps'] / floor_rps:8.3f}" if floor_rps else f"{'':>8}"
    return (
        f"{result['scenario']:<10} {result['clients']:>7} {result['rps']:>9.1f} "
        f"{result['p50']:>8.0f} {result['p95']:>8.0f} {result['p99']:>8.0f} "
        f"{result['errors']:>7} {result['redirects']:>5} {result['boots']:>6} {ratio}"
    )


HEADER = (
    f"{'page':<10} {'clients':>7} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
    f"{'errors':>7} {'3xx':>5} {'boots':>6} {'vs floor':>8}"
)


def main() -> None:
    duration = env_int("BENCH_DURATION", 60)
    clients = [env_int("BENCH_CLIENTS", 64), env_int("BENCH_LOW_CLIENTS", 16)]
    clients = list(dict.fromkeys(c for c in clients if c > 0))
    timeout = env_int("BENCH_TIMEOUT", 30)
    workers = gunicorn_workers()
    offerings = env_int("BENCH_OFFERINGS", 10_000)
    learners = env_int("BENCH_LEARNERS", 1_000)
    say(
        f"Raasta bench: {offerings} offerings, {learners} learners, gunicorn with {workers} "
        f"sync workers ({gunicorn_config()}) on PostgreSQL and Redis; {duration} s per run "
        f"at {' and '.join(map(str, clients))} clients"
    )
    with bench_site(workers=workers, offerings=offerings, learners=learners) as site:
        say(
            f"  set-up: migrate and seed catalog {site.timings['migrate_and_seed_s']:.1f} s, "
            f"synthetic data {site.timings['bench_data_s']:.1f} s"
        )
        floor = site.floor_path()
        marks = mark_lines(site)
        plan = scenarios(site, floor, marks)
        # Warm every worker on every page before measuring.
        warm = []
        for scenario in plan:
            for n in range(site.gunicorn.workers * 4):
                text = scenario.lines[n % len(scenario.lines)]
                method, path, body, *headers = text.split("\t")
                header_map = dict(h.split(": ", 1) for h in headers)
                warm.append((method, path, header_map, body or None))
        slowest = site.warm(warm)
        say(f"  warmed {site.gunicorn.workers} workers: slowest warm-up request {slowest:.2f} s")
        idle = site.idle_latency(floor)
        quick = max(0.2, 4 * idle)
        say(f"  {floor} alone takes {idle * 1000:.0f} ms")
        site.drain(floor, quick)
        redis_before = site.redis.commands_processed()

        results = []
        for count in clients:
            floor_rps = None
            for scenario in plan:
                booted = log_summary(site.gunicorn.log())["workers_booted"]
                result = wrk_run(site, scenario, count, duration, timeout)
                result["drain_s"] = site.drain(floor, quick)
                result["boots"] = log_summary(site.gunicorn.log())["workers_booted"] - booted
                if scenario.name == "floor":
                    floor_rps = result["rps"]
                results.append((result, floor_rps))
                say(
                    f"  {scenario.label} at {count} clients: {result['rps']:.1f} req/s, "
                    f"p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, "
                    f"p99 {result['p99']:.0f} ms, {result['errors']} errors "
                    f"({result['http_errors']} non-2xx/3xx, {result['socket_errors']} socket, "
                    f"{result['timeouts']} timeouts); {result['boots']} workers booted; "
                    f"server busy {result['drain_s']:.1f} s after"
                )
        redis_used = site.redis.commands_processed() - redis_before
        server = log_summary(site.gunicorn.log())

    say()
    say(f"Pages (floor = {floor}; 'vs floor' = req/s as a share of the floor's at those clients)")
    for scenario in plan:
        say(f"  {scenario.name:<10} {scenario.label}")
    say()
    say(HEADER)
    for result, floor_rps in results:
        say(row_text(result, floor_rps))
    say()
    say(
        f"errors = non-2xx/3xx responses + socket errors (connect, read, write, timeouts over "
        f"{timeout} s); latencies exclude timed-out requests; boots = gunicorn workers started "
        "during the run (each loads the recommender before it serves)"
    )
    say(f"Redis commands during the runs: {redis_used}")
    say(
        f"server log: error responses {logged_responses(server)}, "
        f"{server['worker_timeouts']} worker timeouts, "
        f"{server['workers_booted']} workers booted (started with {workers}; "
        f"{server['workers_recycled']} replaced after their max_requests)"
    )
    for text, count in server["exceptions"]:
        say(f"  {count} x {text}")


if __name__ == "__main__":
    main()
