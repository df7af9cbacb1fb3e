"""What a learner on a metered phone connection pays for each page and each swap.

The test server sends static files uncompressed; in production WhiteNoise sends the Brotli
file it made at collectstatic (or gzip), so a static file counts here at its Brotli size.
Pages count as they came over the wire (Django's GZipMiddleware compresses them), headers
included; a swap counts its compressed body, and its headers are reported beside it."""

from pathlib import Path

import brotli
import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_path import fill_nlp_profile
from tests.browser.test_profile import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_LOAD_BUDGET = 30 * 1024
SWAP_BUDGET = 5 * 1024
REPORT = Path(__file__).resolve().parents[2] / "test-results" / "transfer-sizes.txt"


def static_size(body: bytes) -> int:
    return len(brotli.compress(body, quality=11))


def record(page: Page):
    """Every response the page receives, with the bytes it cost."""
    costs = []

    def on_finished(request):
        response = request.response()
        if response is None:
            return
        sizes = request.sizes()
        if "/static/" in request.url:
            cost = static_size(response.body()) + sizes["responseHeadersSize"]
        else:
            cost = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        costs.append((request.url, request.headers.get("hx-request"), cost))

    page.on("requestfinished", on_finished)
    return costs


def test_pages_and_swaps_stay_within_the_budget(live_server, seed_catalog, page: Page, browser):
    base = live_server.url
    lines = []
    # A first visit: nothing cached.
    for path in ("/", "/catalog/", "/catalog/?q=python", "/skills/", "/roles/"):
        context = browser.new_context()
        fresh = context.new_page()
        costs = record(fresh)
        fresh.goto(base + path, wait_until="networkidle")
        total = sum(cost for _, _, cost in costs)
        lines.append(f"first load {path}: {total / 1024:.1f} KB")
        assert total <= FIRST_LOAD_BUDGET, (path, costs)
        context.close()

    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, base, "sana@example.pk")
    fill_nlp_profile(page)
    page.goto(base + "/me/path/", wait_until="networkidle")

    def swap(action, label):
        with page.expect_request_finished(lambda r: r.headers.get("hx-request")) as done:
            action()
        request = done.value
        sizes = request.sizes()
        # The swap's own bytes, compressed as sent; its headers (about 0.8 KB, most of it
        # the security policy and the CSRF cookie's renewal) are reported beside it.
        cost = sizes["responseBodySize"]
        lines.append(
            f"swap {label}: {cost / 1024:.1f} KB"
            f" (+ {sizes['responseHeadersSize'] / 1024:.1f} KB of headers)"
        )
        assert cost <= SWAP_BUDGET, (label, request.url, cost)

    swap(lambda: page.locator("#path-steps li.step button[value=saved]").first.click(), "mark")
    swap(
        lambda: page.locator("#path-steps li.step [data-disclosure]").first.click(),
        "other options",
    )
    page.locator(".reshape > summary").click()
    swap(lambda: page.get_by_label("Free only").check(), "path filter")
    page.goto(base + "/catalog/", wait_until="networkidle")
    swap(lambda: page.locator("#id_q").fill("python"), "catalog search")
    expect(page.locator("#results")).to_be_visible()

    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
