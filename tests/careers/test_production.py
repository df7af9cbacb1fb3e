"""Production safety: hostile input refused before any query, the page while the database
is away, the security headers, the shared cache, formula-safe exports and the deploy check."""

import io
import json
import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from catalog.formats import SafeCSV, escape_cell, unescape_cell
from catalog.models import Offering
from tests.factories import OfferingFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/catalog/?q=data%00science",
        "/catalog/?kind=%00",
        "/catalog/?q%00=x",
        "/p/abc%00def/",
        "/catalog/python%00/",
    ],
)
def test_nul_bytes_in_the_address_are_refused_with_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.django_db
def test_nul_bytes_in_a_form_or_cookie_are_refused_before_any_query(
    client, django_user_model, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.post(reverse("account_login"), {"login": "a\x00@example.pk"})
    assert response.status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 400


@contextmanager
def database_away():
    """The database stops answering: the connection points at a port with no database."""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_with_retry_after_while_the_database_is_away(settings, django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database lives in memory and cannot go away (CI runs this)")
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(django_user_model.objects.create_user("away", "away@example.pk"))
    with database_away():
        responses = {url: client.get(url) for url in ("/catalog/", "/", reverse("careers:path"))}
    for url, response in responses.items():
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        body = response.content.decode()
        assert "back in a moment" in body
        for secret in ("Traceback", "SECRET_KEY", "DATABASES", "OperationalError"):
            assert secret not in body


def logged_through_the_console(exc: BaseException) -> str:
    """What the site's console handler writes for a request that failed with `exc`."""
    [console] = [h for h in logging.getLogger().handlers if h.filters]
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        try:
            raise exc
        except type(exc):
            logging.getLogger("django.request").error(
                "Internal Server Error: %s", "/catalog/", exc_info=True
            )
    finally:
        console.setStream(previous)
    return stream.getvalue()


def test_an_outage_logs_one_line_per_request_and_other_errors_their_traceback():
    away = logged_through_the_console(OperationalError("connection refused\nIs it running?"))
    assert away == ("Internal Server Error: /catalog/ (OperationalError: connection refused)\n")
    broken = logged_through_the_console(ValueError("a bug"))
    assert "Traceback" in broken and "ValueError: a bug" in broken


@pytest.mark.django_db
def test_other_errors_stay_500_without_a_traceback(client, settings):
    settings.DEBUG = False
    from careers.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert b"Something went wrong" in response.content


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy(client):
    OfferingFactory(slug="policy-check")
    for url in ("/", "/catalog/", "/catalog/policy-check/", "/accounts/login/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        html = response.content.decode()
        assert " style=" not in html
        assert "hx-on" not in html
        assert '"allowEval": false' in html


# The offline copy is one file that must open with no server: its style is inline, and
# its view sends a policy of its own that allows only that (test_path_return checks it).
SELF_CONTAINED = {"careers/path_offline.html"}


def test_no_template_has_inline_script_style_or_handlers():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if str(template.relative_to(ROOT / "templates")) in SELF_CONTAINED:
            text = text.replace("<style>", "", 1)
        for needle in ("<script>", " style=", "hx-on", " onclick=", " onchange=", "<style"):
            if needle in text:
                offenders.append(f"{template.relative_to(ROOT)}: {needle}")
    assert offenders == []


def test_csp_reports_are_logged(client, caplog):
    report = {"csp-report": {"violated-directive": "script-src", "blocked-uri": "inline"}}
    response = client.post(
        "/csp-report/", json.dumps(report), content_type="application/csp-report"
    )
    assert response.status_code == 204
    assert "script-src" in caplog.text
    assert (
        client.post("/csp-report/", "not json", content_type="application/json").status_code == 400
    )
    assert client.get("/csp-report/").status_code == 405


def test_hsts_subdomains_and_preload_are_opt_in():
    assert django_settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert django_settings.SECURE_HSTS_PRELOAD is False


def test_the_cache_is_shared_database_or_redis():
    backend = django_settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
    else:
        assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert "locmem" not in backend


def deploy_env(**extra) -> dict:
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-deploy-check-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "raasta.example.com",
        "EMAIL_URL": "smtp+tls://raasta:secret@smtp.example.com:587",
        "SESSION_COOKIE_SECURE": "true",
        "CSRF_COOKIE_SECURE": "true",
        **extra,
    }


def test_the_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=deploy_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_settings_take_redis_from_redis_url():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=deploy_env(REDIS_URL="redis://127.0.0.1:6379/0",
                       DJANGO_SETTINGS_MODULE="careers.settings"),
    )  # fmt: skip
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_formula_cells_are_escaped_on_export_and_restored_on_import(text):
    assert escape_cell(text) == "'" + text
    assert unescape_cell(escape_cell(text)) == text
    assert escape_cell("Python for Everybody") == "Python for Everybody"
    assert escape_cell(-5) == -5


@pytest.mark.django_db
def test_a_csv_export_cannot_run_formulas_and_imports_back_unchanged(admin_client):
    OfferingFactory(slug="formula", title='=HYPERLINK("http://evil.example","click")')
    response = admin_client.post(
        "/admin/catalog/offering/export/",
        {"format": "0", **{f"offeringresource_{f}": "on" for f in ("slug", "title")}},
    )
    assert response.status_code == 200
    exported = response.content.decode()
    assert "'=HYPERLINK" in exported
    assert "\n=HYPERLINK" not in exported and ",=HYPERLINK" not in exported
    dataset = SafeCSV().create_dataset(exported)
    titles = dict(zip(dataset["slug"], dataset["title"], strict=True))
    assert titles["formula"] == Offering.objects.get(slug="formula").title
