"""A new learner gets a free NLP path, reshapes it, marks steps and shares it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from catalog.prerequisites import prerequisite_closure
from catalog.selectors import skill_prerequisite_graph
from tests.browser.test_profile import add_skill, htmx_settled, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Kept out of test-results/, which pytest-playwright empties at the start of a run.
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def shot(page: Page, name: str, near: str = "h1") -> None:
    """A phone-sized picture of one state, scrolled to the part that changed."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(near).first.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"path-{name}.png")


def step_skills(page: Page) -> list[str]:
    ids = page.locator("#path-steps > li.step").evaluate_all("els => els.map(e => e.id)")
    return [i.removeprefix("step-") for i in ids]


def fill_nlp_profile(page: Page) -> None:
    page.get_by_label("City").select_option(label="Lahore")
    add_skill(page, "pyth", "Python", "Working")
    page.get_by_label("Target role").select_option(label="NLP engineer")
    page.get_by_label("Monthly budget in PKR").fill("0")
    page.get_by_label("Hours per week").fill("6")
    page.get_by_role("button", name="Save profile").click()


def test_path_from_sign_up_to_sharing(live_server, seed_catalog, page: Page, browser):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, live_server.url, "bilal@example.pk")
    fill_nlp_profile(page)
    expect(page).to_have_url(re.compile(r"/me/path/$"))
    expect(page.get_by_role("heading", name="Your path to NLP engineer")).to_be_visible()
    shot(page, "1-new")

    skills = step_skills(page)
    assert "nlp" in skills and "machine-learning" in skills
    graph = skill_prerequisite_graph()
    for position, skill in enumerate(skills):
        needs = prerequisite_closure(graph, [skill]) - {skill}
        assert not needs & set(skills[position + 1 :]), f"{skill} comes before what it needs"
    for cost in page.locator("#path-steps .cost").all_inner_texts():
        assert cost == "Free"

    page.evaluate("window.__sameDocument = true")
    first = page.locator("#path-steps > li.step").first
    first_skill = skills[0]
    first_title = first.locator("h3 a").inner_text()
    first.get_by_role("button", name="Not interested").click()
    replaced = page.locator(f"#step-{first_skill}")
    expect(replaced.locator("h3 a")).not_to_have_text(first_title)
    expect(replaced.get_by_text(f"You set aside “{first_title}”.")).to_be_visible()
    # Keyboard and screen-reader users stay on the step they marked.
    page.wait_for_function(f"document.activeElement.closest('#step-{first_skill}') !== null")
    assert page.evaluate("window.__sameDocument") is True
    shot(page, "2-replaced", f"#step-{first_skill}")

    progress = page.locator("#path-progress-bar")
    expect(progress).to_have_attribute("value", "0")
    done_title = page.locator("#path-steps > li.step").first.locator("h3 a").inner_text()
    htmx_settled(page)
    page.locator("#path-steps > li.step").first.get_by_role("button", name="Done").click()
    expect(progress).not_to_have_attribute("value", "0")
    expect(page.locator("#path-finished")).to_contain_text(done_title)
    expect(page.locator("#path-summary")).to_contain_text("1 of")
    assert page.evaluate("window.__sameDocument") is True
    shot(page, "3-done", "#path-summary")

    # The filters fold away on a phone until asked for, and stay open while one is on.
    expect(page.get_by_label("Online only")).to_be_hidden()
    page.locator(".reshape > summary").click()
    page.get_by_label("Online only").check()
    expect(page).to_have_url(re.compile(r"online=on"))
    for meta in page.locator("#path-steps .meta").all_inner_texts():
        assert "In person" not in meta
    shot(page, "4-online", "#path-filters")
    page.reload()
    expect(page.get_by_label("Online only")).to_be_checked()

    page.get_by_role("button", name="Make a share link").click()
    link = page.locator(".share-url").input_value()
    assert re.search(r"/p/[\w-]{20,}/$", link)
    fresh = browser.new_context()
    shared = fresh.new_page()
    shared.goto(link)
    expect(shared.get_by_role("heading", name="A learning path to NLP engineer")).to_be_visible()
    expect(shared.locator("body")).not_to_contain_text("bilal@example.pk")
    shared.set_viewport_size({"width": 390, "height": 844})
    shared.screenshot(path=SHOTS / "path-5-shared.png")
    # A visitor reads it in their own language: the switch works on the shared page too.
    shared.locator("header").get_by_role("button", name="اردو").click()
    expect(shared.locator("html")).to_have_attribute("lang", "ur")
    expect(shared).to_have_url(link)
    shared.screenshot(path=SHOTS / "path-6-shared-ur.png")

    htmx_settled(page)
    page.get_by_role("button", name="Stop sharing").click()
    assert shared.goto(link).status == 404
    fresh.close()


def test_marks_work_without_javascript(live_server, seed_catalog, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_up(page, live_server.url, "nojs@example.pk")
    fill_nlp_profile(page)
    context.close()

    no_js = browser.new_context(java_script_enabled=False)
    page = no_js.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("nojs@example.pk")
    page.get_by_label("Password:").fill("a-long-pass-phrase-for-lahore")
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/me/path/"))
    first = page.locator("#path-steps > li.step").first
    title = first.locator("h3 a").inner_text()
    first.get_by_role("button", name="Save").click()
    expect(page.locator("#path-steps > li.step").first.locator(".badge")).to_have_text("Saved")
    page.goto(f"{live_server.url}/me/marks/")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    no_js.close()
