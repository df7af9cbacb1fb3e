"""Two server processes share one database and one cache, and nothing else.

An edit in one process reaches the learning paths served by another: the learner's path is
fitted in process B, an editor retires that path's first offering in the admin of process
A, A fits and publishes the new model in the background, and B's pages show the path
without it once it is ready: no restart, no shared memory. Failed log-ins are counted
across both processes, so a second server does not double the limit.
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from playwright.sync_api import Page, expect

from careers.models import Profile, ProfileSkill
from catalog.models import Role, Skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-process-pass-phrase"


@pytest.fixture
def fast_password_hashing():
    """The server processes check passwords with the real hashers, so store them so."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database, for the server processes; SQLite's test database lives in memory."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("sharing a database between processes needs PostgreSQL (CI runs it)")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def servers(tmp_path, seed_catalog):
    url = database_url()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "two-process-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_MANIFEST": "false",
        "CONN_MAX_AGE": "0",
        "RECOMMENDER_REFIT": "background",
    }
    ports, processes = [free_port(), free_port()], []
    for port in ports:
        processes.append(
            subprocess.Popen(
                [gunicorn, "careers.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1",
                 "--no-control-socket", "--log-level", "warning"],
                cwd=ROOT, env=env,
            )
        )  # fmt: skip
    try:
        for port in ports:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_an_admin_edit_in_one_process_changes_the_path_served_by_another(servers, browser):
    process_a, process_b = servers
    User = get_user_model()
    learner = User.objects.create_user("l@example.pk", "l@example.pk", PASSWORD)
    User.objects.create_superuser("editor@example.pk", "editor@example.pk", PASSWORD)
    for user in User.objects.all():
        user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    profile = Profile.objects.create(
        user=learner, target_role=Role.objects.get(slug="nlp-engineer"), budget_pkr=0
    )
    ProfileSkill.objects.create(profile=profile, skill=Skill.objects.get(slug="python"), level=2)

    learner_page = browser.new_context().new_page()
    log_in(learner_page, process_b, "l@example.pk")
    learner_page.goto(f"{process_b}/me/path/")
    first = learner_page.locator("#path-steps > li.step").first.locator("h3 a")
    title = first.inner_text()
    slug = first.get_attribute("href").strip("/").split("/")[-1]

    editor_page = browser.new_context().new_page()
    # The admin signs in through the site's log-in page and its shared limits.
    editor_page.goto(f"{process_a}/admin/login/?next=/admin/")
    editor_page.get_by_label("Email").fill("editor@example.pk")
    editor_page.get_by_label("Password:").fill(PASSWORD)
    editor_page.get_by_role("button", name="Sign In").click()
    expect(editor_page).to_have_url(f"{process_a}/admin/")
    editor_page.goto(f"{process_a}/admin/catalog/offering/?q={slug}")
    editor_page.get_by_role("link", name=title).first.click()
    editor_page.get_by_label("Active").uncheck()
    editor_page.get_by_role("button", name="Save", exact=True).click()
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")

    # B keeps serving the model it has until A's background fit is published.
    for _ in range(60):
        learner_page.goto(f"{process_b}/me/path/")
        expect(learner_page.get_by_role("heading", level=1)).to_contain_text("NLP engineer")
        if title not in learner_page.locator("#path-steps").inner_text():
            break
        time.sleep(0.5)
    expect(learner_page.locator("#path-steps")).not_to_contain_text(title)


def test_failed_log_ins_are_limited_across_both_processes(servers):
    User = get_user_model()
    user = User.objects.create_user("target@example.pk", "target@example.pk", PASSWORD)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    def fail_once(base: str) -> str:
        # Behind one host name, as two servers behind a proxy are.
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        url, host = f"{base}/accounts/login/", {"Host": "localhost"}
        form = opener.open(urllib.request.Request(url, headers=host), timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "login": user.email, "password": "wrong-pass"}
        ).encode()
        sent = urllib.request.Request(url, data, headers=host)
        return opener.open(sent, timeout=10).read().decode()

    # allauth allows five failures an address in five minutes; alternate the two servers.
    for attempt in range(5):
        page = fail_once(servers[attempt % 2])
        assert "are not correct" in page
        assert "Too many failed login attempts" not in page
    for base in servers:
        assert "Too many failed login attempts" in fail_once(base)
