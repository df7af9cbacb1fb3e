"""A new learner signs up, confirms their email and fills in their profile."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-pass-phrase-for-lahore"


def sign_up(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    [message] = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()


def htmx_settled(page: Page) -> None:
    """Wait until htmx has wired what it last swapped in. It does so when the new content
    settles (when the htmx-added class goes); a click or a keystroke before then does nothing."""
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    expect(busy).to_have_count(0)


def add_skill(page: Page, typed: str, suggestion: str, level: str) -> None:
    page.get_by_label("Your level").select_option(label=level)
    page.get_by_label("Find a skill").fill(typed)
    chip = page.locator("#skill-suggestions").get_by_role("button", name=re.compile(suggestion))
    expect(chip).to_be_visible()
    htmx_settled(page)
    chip.click()
    expect(page.locator("#skill-rows").get_by_label(suggestion, exact=True)).to_be_visible()
    htmx_settled(page)  # the answer also puts back an empty finder


def test_sign_up_confirm_and_fill_the_profile(live_server, seed_catalog, page: Page):
    started = time.perf_counter()
    sign_up(page, live_server.url, "ayesha@example.pk")
    expect(page).to_have_url(re.compile(r"/me/profile/edit/$"))
    expect(page.get_by_role("heading", name="Tell us about yourself")).to_be_visible()

    page.get_by_label("Level of education").select_option(label="Bachelor's, in progress")
    page.get_by_label("Field of study").fill("Computer science")
    page.get_by_label("Institution").fill("Lahore University of Management Sciences")
    page.get_by_label("City").select_option(label="Lahore")
    page.get_by_label("Online", exact=True).check()

    page.evaluate("window.__sameDocument = true")
    add_skill(page, "Pyth", "Python", "Working")
    add_skill(page, "TF", "TensorFlow", "Beginner")  # found by its alias
    add_skill(page, "sql", "SQL", "Beginner")
    page.locator("#skill-rows").get_by_label("SQL", exact=True).select_option(label="Advanced")
    assert page.evaluate("window.__sameDocument") is True  # no page load while picking

    page.get_by_label("Target role").select_option(label="NLP engineer")
    page.get_by_label("Education", exact=True).check()
    page.get_by_label("Your goal, in your words").fill("Build Urdu language tools.")
    page.get_by_label("Monthly budget in PKR").fill("0")
    page.get_by_label("Hours per week").fill("6")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    elapsed = time.perf_counter() - started
    print(f"\nsign-up to saved profile: {elapsed:.2f} s")

    page.goto(f"{live_server.url}/me/profile/edit/")
    expect(page.get_by_label("City")).to_have_value("lahore")
    rows = page.locator("#skill-rows")
    expect(rows.get_by_label("Python", exact=True)).to_have_value("2")
    expect(rows.get_by_label("TensorFlow", exact=True)).to_have_value("1")
    expect(rows.get_by_label("SQL", exact=True)).to_have_value("3")
    expect(page.get_by_label("Your goal, in your words")).to_have_value(
        "Build Urdu language tools."
    )
    expect(page.get_by_label("Online", exact=True)).to_be_checked()
    expect(page.get_by_label("Education", exact=True)).to_be_checked()

    page.get_by_label("Hours per week").fill("0")
    page.get_by_label("Field of study").fill("Data science")
    page.get_by_role("button", name="Save profile").click()
    expect(
        page.locator("ul.errorlist").get_by_text("Enter at least 1 hour a week.")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Hours per week: Enter at least 1 hour a week.")
    ).to_be_visible()
    expect(page.get_by_label("Field of study")).to_have_value("Data science")
    expect(page.get_by_label("Hours per week")).to_have_value("0")
    expect(rows.get_by_label("SQL", exact=True)).to_have_value("3")

    page.goto(f"{live_server.url}/me/profile/edit/")
    expect(page.get_by_label("Field of study")).to_have_value(
        "Computer science"
    )  # nothing half-saved
