"""The site under benchmark: a fresh PostgreSQL database, its own Redis and gunicorn."""

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://raasta:raasta@127.0.0.1:5432/raasta_bench"
# The production settings for gunicorn, when the project has them; bind, workers and log
# level are given on the command line, which overrides them.
GUNICORN_CONFIG = ROOT / "careers" / "gunicorn.py"


def say(message: str = "") -> None:
    print(message, flush=True)


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        sys.exit(f"{name} must be a whole number, not {value!r}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_workers() -> int:
    """WORKERS, else two sync workers per core as in production."""
    return env_int("WORKERS", 2 * (os.cpu_count() or 1))


def gunicorn_config() -> str:
    return "careers/gunicorn.py" if GUNICORN_CONFIG.exists() else "command-line options only"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def database_recreate(url: str) -> None:
    """Drop and create the benchmark's database. Only a database with "bench" in its name,
    so a DATABASE_URL left over from development cannot lose its data here."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("The benchmarks run on PostgreSQL: set DATABASE_URL=postgres://USER:PASS@HOST/DB")
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(
            f"DATABASE_URL names the database {name!r}. The benchmark drops and recreates its "
            "database, so it only takes one with 'bench' in its name (the default is "
            f"{DEFAULT_DATABASE_URL})."
        )
    try:
        with psycopg.connect(
            parts._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=5
        ) as connection:
            database = sql.Identifier(name)
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(database))
    except psycopg.errors.InsufficientPrivilege as error:
        sys.exit(
            f"Cannot recreate the database {name!r}: {error}. Give the role CREATEDB, or "
            f"create it owned by the role: createdb -O {parts.username} {name}"
        )
    except psycopg.OperationalError as error:
        sys.exit(
            f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432} ({error}). "
            "Start it (e.g. 'pg_ctlcluster 15 main start') or set DATABASE_URL."
        )


def site_env(database: str, redis_url: str) -> dict[str, str]:
    """Production settings, minus HTTPS: the load comes over plain HTTP on loopback."""
    return {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        say(result.stdout + result.stderr)
        sys.exit(f"manage.py {' '.join(args)} failed (exit {result.returncode})")
    return result.stdout


class RedisServer:
    """A redis-server of our own on a free port, with nothing written to disk."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        command = shutil.which("redis-server")
        if command is None:
            sys.exit("redis-server is missing: apt-get install redis-server")
        with open(self.workdir / "redis.log", "ab") as log:
            self.process = subprocess.Popen(
                [command, "--port", str(self.port), "--bind", HOST, "--save", "",
                 "--appendonly", "no", "--dir", str(self.workdir)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.ping():
                return
            time.sleep(0.05)
        sys.exit(f"redis-server did not start on port {self.port}")

    def ping(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def commands_processed(self) -> int:
        with socket.create_connection((HOST, self.port), timeout=2) as sock:
            sock.sendall(b"INFO stats\r\n")
            data = b""
            while b"total_commands_processed" not in data or not data.endswith(b"\r\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        found = re.search(rb"total_commands_processed:(\d+)", data)
        return int(found.group(1)) if found else 0

    def kill(self) -> None:
        """Stop it as a crash would: no goodbye to its clients."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


class GunicornServer:
    def __init__(self, env: dict[str, str], workers: int, workdir: Path):
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.log_path = workdir / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        gunicorn = str(BIN / "gunicorn")
        options = subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
        command = [gunicorn]
        if GUNICORN_CONFIG.exists():
            command += ["--config", "python:careers.gunicorn"]
        command += [
            "careers.wsgi", "--bind", f"{HOST}:{self.port}",
            "--workers", str(self.workers), "--worker-class", "sync", "--log-level", "info",
        ]  # fmt: skip
        if "--no-control-socket" in options:
            command.append("--no-control-socket")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                say(self.log()[-3000:])
                sys.exit("gunicorn exited while starting")
            try:
                http_request(self.port, "GET", "/", timeout=5)
                return
            except OSError:
                time.sleep(0.2)
        sys.exit("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def log_summary(log: str) -> dict[str, object]:
    """What the server's log says went wrong: error responses, the exception that ended each
    traceback (not the ones it was raised while handling), worker timeouts and boots."""
    lines = [line.rstrip() for line in log.splitlines()]
    exceptions = Counter()
    for number, line in enumerate(lines):
        if not re.match(r"^[\w.]+(Error|Exception|Timeout|Canceled)\b", line):
            continue
        # The next line that is not blank nor the message's own continuation.
        following = next((text for text in lines[number + 1 :] if text[:1].strip()), "")
        if not following.startswith(("The above exception", "During handling")):
            exceptions[line[:160]] += 1
    responses = Counter(
        found.group(1)
        for found in (re.match(r"^([A-Z][A-Za-z ]+): /", line) for line in lines)
        if found
    )
    return {
        "server_errors_logged": responses["Internal Server Error"],
        "responses_logged": responses,
        "worker_timeouts": log.count("WORKER TIMEOUT"),
        "workers_booted": log.count("Booting worker"),
        "workers_recycled": log.count("Autorestarting worker"),
        "exceptions": exceptions.most_common(5),
    }


def logged_responses(summary: dict) -> str:
    counts = summary["responses_logged"]
    return ", ".join(f"{name} x {n}" for name, n in counts.most_common()) or "none"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str
    seconds: float = 0.0

    def cookie(self, name: str) -> str | None:
        for header in self.headers.get_all("Set-Cookie") or []:
            if header.startswith(f"{name}="):
                return header.split(";", 1)[0].split("=", 1)[1]
        return None


def http_request(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    timeout: float = 60,
    connection: http.client.HTTPConnection | None = None,
) -> Reply:
    """One request; on a connection of the caller's to keep it alive, else on a new one."""
    own = connection is None
    conn = connection or http.client.HTTPConnection(HOST, port, timeout=timeout)
    start = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return Reply(
            response.status,
            response.headers,
            data.decode("utf-8", errors="replace"),
            time.perf_counter() - start,
        )
    finally:
        if own:
            conn.close()


@dataclass
class Site:
    port: int
    env: dict[str, str]
    database_url: str
    redis: RedisServer
    gunicorn: GunicornServer
    cookie_name: str
    learners: list[dict[str, str]]
    workdir: Path
    timings: dict[str, float] = field(default_factory=dict)

    def learner_headers(self, learner: dict[str, str], **extra: str) -> dict[str, str]:
        return {"Cookie": f"{self.cookie_name}={learner['session']}", **extra}

    def floor_path(self) -> str:
        """A health check when the site has one, else the home page."""
        try:
            if http_request(self.port, "GET", "/healthz", timeout=10).status == 200:
                return "/healthz"
        except OSError:
            pass
        return "/"

    def idle_latency(self, path: str) -> float:
        """The median time of one request to a page while nothing else runs."""
        times = sorted(http_request(self.port, "GET", path).seconds for _ in range(7))
        return times[len(times) // 2]

    def drain(self, path: str, quick: float, limit: float = 600) -> float:
        """Wait until every worker answers the page quickly again; the seconds it took.

        A sync worker finishes the requests it has accepted even after their client left,
        so a run that ends with requests queued would slow down the next one."""
        start = time.monotonic()
        streak = 0
        with ThreadPoolExecutor(self.gunicorn.workers) as pool:
            while streak < 3 and time.monotonic() - start < limit:
                replies = list(
                    pool.map(
                        lambda _: http_request(self.port, "GET", path),
                        range(self.gunicorn.workers),
                    )
                )
                streak = streak + 1 if max(r.seconds for r in replies) < quick else 0
        return time.monotonic() - start

    def warm(self, requests: list[tuple[str, str, dict[str, str], str | None]]) -> float:
        """Send the requests, several at a time so every worker gets some; the slowest time."""
        with ThreadPoolExecutor(self.gunicorn.workers * 2) as pool:
            replies = list(
                pool.map(lambda r: http_request(self.port, r[0], r[1], r[2], r[3]), requests)
            )
        return max(reply.seconds for reply in replies)


@contextlib.contextmanager
def bench_site(*, workers: int, offerings: int, learners: int) -> Iterator[Site]:
    """A fresh database filled for the benchmark, Redis and gunicorn; all stopped after."""
    workdir = Path(tempfile.mkdtemp(prefix="raasta-bench-"))
    url = database_url()
    redis = RedisServer(workdir)
    gunicorn = None
    try:
        timings = {}
        start = time.monotonic()
        database_recreate(url)
        redis.start()
        env = site_env(url, redis.url)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_catalog")
        timings["migrate_and_seed_s"] = time.monotonic() - start
        start = time.monotonic()
        sessions_file = workdir / "sessions.json"
        say(
            manage(
                env,
                "make_bench_data",
                "--offerings",
                str(offerings),
                "--learners",
                str(learners),
                "--sessions-file",
                str(sessions_file),
            ).strip()
        )
        timings["bench_data_s"] = time.monotonic() - start
        sessions = json.loads(sessions_file.read_text())
        gunicorn = GunicornServer(env, workers, workdir)
        gunicorn.start()
        yield Site(
            port=gunicorn.port,
            env=env,
            database_url=url,
            redis=redis,
            gunicorn=gunicorn,
            cookie_name=sessions["cookie"],
            learners=sessions["learners"],
            workdir=workdir,
            timings=timings,
        )
    finally:
        if gunicorn is not None:
            gunicorn.stop()
            if os.environ.get("BENCH_LOG"):
                shutil.copyfile(gunicorn.log_path, os.environ["BENCH_LOG"])
        redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)
