"""A learner lets Raasta read their CV, picks a role from "which role fits me" and sees
their path; the profile saves with Enter; and the same flow works with the keyboard alone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_profile import htmx_settled, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CV = """Hina Baloch, Quetta
Experience
Data officer, provincial health department (2021-2024): cleaned and analysed patient
records in Excel every week and built Power BI dashboards for district managers.
Wrote SQL queries against the hospital database daily.
Completed a Coursera course on Python.
I want to learn machine learning."""


def tab_to(page: Page, target: Locator, limit: int = 120) -> None:
    """Press Tab until the target has focus, as a keyboard user would."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("Tab never reached the element")


def test_cv_to_confirmed_skills_to_a_chosen_role_to_the_path(live_server, seed_catalog, page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, live_server.url, "hina.cv@example.pk")
    page.get_by_role("link", name="Or let Raasta read your CV").click()
    page.get_by_label(re.compile("Paste your CV")).fill(CV)
    page.get_by_role("button", name="Suggest my skills").click()

    expect(page.get_by_role("heading", name="Skills from your CV")).to_be_visible()
    bi_tools = page.locator("li.cv-skill", has_text="BI tools")
    expect(bi_tools.locator(".evidence")).to_contain_text("built Power BI dashboards")
    expect(page.get_by_label("Machine learning")).to_have_count(0)  # only wished for
    page.get_by_label("Spreadsheets (Excel)").uncheck()
    page.screenshot(path=str(SCREENSHOTS / "cv-proposals-phone.png"), full_page=True)
    page.get_by_role("button", name="Add the ticked skills").click()
    expect(
        page.get_by_text(re.compile(r"skills? from your CV (is|are) in your profile"))
    ).to_be_visible()
    rows = page.locator("#skill-rows")
    expect(rows.get_by_label("SQL", exact=True)).to_be_visible()
    expect(rows.get_by_label("Spreadsheets (Excel)", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Not sure? See which role fits you").click()
    expect(page.get_by_role("heading", name="Which role fits me")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "roles-fit-phone.png"), full_page=False)
    page.get_by_role("button", name="Make BI analyst my target").click()
    expect(page.get_by_role("heading", name="Your path to BI analyst")).to_be_visible()


def test_enter_in_any_field_saves_the_profile(live_server, seed_catalog, page):
    sign_up(page, live_server.url, "bilal.enter@example.pk")
    page.get_by_label("Target role").select_option(label="Data analyst")
    page.get_by_label("Monthly budget in PKR").fill("۵۰۰۰")
    page.get_by_label("Field of study").fill("Economics")
    page.get_by_label("Field of study").press("Enter")
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()


def test_the_same_flow_with_the_keyboard_alone(live_server, seed_catalog, page):
    sign_up(page, live_server.url, "zara.keys@example.pk")
    tab_to(page, page.get_by_role("link", name="Or let Raasta read your CV"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label(re.compile("Paste your CV")))
    page.keyboard.type(CV)
    tab_to(page, page.get_by_role("button", name="Suggest my skills"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Skills from your CV")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Add the ticked skills"))
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"from your CV (is|are) in your profile"))).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Not sure? See which role fits you"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Make Data analyst my target"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your path to Data analyst")).to_be_visible()

    page.goto(f"{live_server.url}/me/profile/edit/")
    finder = page.get_by_label("Find a skill")
    tab_to(page, finder)
    page.keyboard.type("stat")
    suggestion = page.locator("#skill-suggestions").get_by_role(
        "button", name=re.compile("Statistics")
    )
    expect(suggestion).to_be_visible()
    htmx_settled(page)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#skill-suggestions button").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#skill-rows").get_by_label("Statistics", exact=True)).to_be_visible()
    # Enter in the finder itself adds the first suggestion; it does not save and leave.
    htmx_settled(page)
    finder.focus()
    page.keyboard.type("docker")
    expect(
        page.locator("#skill-suggestions").get_by_role("button", name=re.compile("Docker"))
    ).to_be_visible()
    htmx_settled(page)
    page.keyboard.press("Enter")
    expect(page.locator("#skill-rows").get_by_label("Docker", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/me/profile/edit/"))
    expect(page.get_by_text("Your profile is saved")).to_have_count(0)
