"""axe-core (from its npm package, see package.json here) finds no serious or critical
violation on any page, in English and in Urdu, for a visitor, a learner and an editor."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.browser.pages import (
    NOT_PAGES,
    PAGES,
    POST_ONLY,
    contexts_open,
    pages_to_visit,
)
from tests.urlconf import named_patterns

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_problems(context: BrowserContext, url: str) -> list[str]:
    page = context.new_page()
    try:
        response = page.goto(url)
        assert response and response.status in (200, 404), url
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ["violations"]});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
            }"""
        )
    finally:
        page.close()
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {v['nodes']}"
        for v in result
        if v["impact"] in BLOCKING
    ]


def test_every_page_outside_the_admin_is_checked():
    """The admin's other pages are Django's own templates; the ones above carry ours."""
    names = {name for name, _ in named_patterns()}
    listed = PAGES.keys() | NOT_PAGES.keys() | POST_ONLY
    unlisted = sorted(n for n in names - listed if not n.startswith("admin:"))
    assert not unlisted, f"add these to PAGES or NOT_PAGES in tests/browser/pages.py: {unlisted}"
    gone = sorted(listed - names)
    assert not gone, f"no longer in the URLconf: {gone}"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_serious_or_critical_violation_on_any_page(
    live_server, world, learner, editor, browser: Browser, language
):
    assert AXE.exists(), "run `make test` (it installs axe-core with npm ci)"
    base = live_server.url
    contexts = contexts_open(browser, base, learner, editor, language)
    problems = {}
    for actor, path in pages_to_visit(world):
        found = axe_problems(contexts[actor], base + path)
        if found:
            problems[path] = found
    for context in contexts.values():
        context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
