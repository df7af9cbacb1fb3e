"""Every control on every page (outside Django's own admin) is reached with the Tab key
alone, in order, and shows where the focus is when it gets there.

The flows that change a page (marks, options, notes, the skill finder) are walked with the
keyboard in test_urdu_and_keyboard.py and test_cv_and_roles.py; this test makes sure no page
has a control the keyboard cannot reach or an outline that is not drawn.
"""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from tests.browser.pages import LEARNER, contexts_open, pages_to_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tag each control a person could use: visible, enabled, not inside a closed <details>
# (its summary is what opens it). Radios of one group share a stop: Tab reaches the
# group, the arrow keys move within it.
TAG_CONTROLS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const controls = [];
  for (const el of document.querySelectorAll(selector)) {
    // Hidden from assistive technology and from Tab on purpose (a form's default button).
    if (el.disabled || el.closest('[inert], [aria-hidden="true"]')) continue;
    let shut = false;
    const closed = 'details:not([open])';
    for (let d = el.closest(closed); d; d = d.parentElement.closest(closed)) {
      if (el !== d.querySelector(':scope > summary')) shut = true;
    }
    if (shut || !el.checkVisibility({visibilityProperty: true})) continue;
    const key = el.type === 'radio' ? 'radio:' + el.name : 'control:' + controls.length;
    el.dataset.kb = key;
    controls.push({key, what: el.outerHTML.slice(0, 120)});
  }
  window.__kbSeen = {};
  document.addEventListener('focusin', (event) => {
    const el = event.target;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const ringed = style.boxShadow && style.boxShadow !== 'none';
    if (el.dataset && el.dataset.kb) {
      window.__kbSeen[el.dataset.kb] = outlined || ringed;
    }
  });
  return controls;
}"""


def tab_through(page: Page, url: str) -> dict[str, list[str]]:
    page.goto(url)
    controls = page.evaluate(TAG_CONTROLS)
    keys = {c["key"] for c in controls}
    # Each stop once, a few spare for the browser's own stops (none are expected).
    for _ in range(len(keys) + 5):
        page.keyboard.press("Tab")
    seen = page.evaluate("window.__kbSeen")
    what = {c["key"]: c["what"] for c in controls}
    return {
        "not reached": [what[k] for k in keys if k not in seen],
        "no visible focus": [what[k] for k, visible in seen.items() if not visible],
    }


def test_every_control_is_reached_with_tab_and_shows_its_focus(
    live_server, world, learner, editor, browser: Browser
):
    base = live_server.url
    contexts = contexts_open(browser, base, learner, editor, "en")
    pages = {actor: context.new_page() for actor, context in contexts.items()}
    problems = {}
    # The path again with its filters unfolded (they open when one is in use).
    unfolded = (LEARNER, reverse("careers:path") + "?free=on&exclude=degree")
    for actor, path in [*pages_to_visit(world, admin=False), unfolded]:
        found = {k: v for k, v in tab_through(pages[actor], base + path).items() if v}
        if found:
            problems[path] = found
    for context in contexts.values():
        context.close()
    assert not problems, json.dumps(problems, indent=1)


def test_the_check_finds_an_unreachable_control_and_a_missing_outline(
    live_server, seed_catalog, browser: Browser
):
    """The check itself: a link taken out of the tab order and outlines removed by a
    stylesheet are both reported."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.add_init_script(
        """addEventListener('DOMContentLoaded', () => {
          document.querySelector('header nav a[href]').setAttribute('tabindex', '-1');
          const style = document.createElement('style');
          style.textContent = ':focus-visible { outline: none !important; }';
          document.head.append(style);
        })"""
    )
    found = tab_through(page, live_server.url + "/catalog/")
    context.close()
    assert len(found["not reached"]) == 1, found
    assert found["not reached"][0].startswith("<a "), found
    assert found["no visible focus"], found
