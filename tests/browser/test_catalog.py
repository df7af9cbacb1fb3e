"""A visitor browses the seed catalog in headless Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog_page(live_server, seed_catalog, page: Page) -> Page:
    page.goto(f"{live_server.url}/catalog/")
    return page


def test_search_filter_open_and_follow_a_skill(catalog_page: Page, live_server):
    page = catalog_page
    results = page.locator("#results")

    page.get_by_label("Search").fill("Karachi")
    expect(page).to_have_url(re.compile(r"q=Karachi"))
    expect(results.get_by_role("link", name="Karachi.AI", exact=False).first).to_be_visible()
    for card in results.locator(".card").all():
        expect(card).to_contain_text(re.compile("Karachi", re.IGNORECASE))

    page.get_by_label("Search").fill("")
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Free only").check()
    page.get_by_label("Delivery").select_option("online")
    expect(page).to_have_url(re.compile(r"delivery=online"))
    expect(page).to_have_url(re.compile(r"free=on"))
    cards = results.locator(".card")
    expect(cards.first).to_be_visible()
    for card in cards.all():
        expect(card.locator(".cost")).to_have_text("Free")
        expect(card.locator(".meta")).to_contain_text("Online")

    first = cards.first.locator(".card-title a")
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".facts")).to_contain_text("Free")

    skill_link = page.locator(".skill-levels a").first
    skill_name = skill_link.inner_text()
    skill_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(skill_name)
    expect(page.get_by_role("heading", name="What teaches it")).to_be_visible()
    expect(page.get_by_role("link", name=title).first).to_be_visible()


def test_filters_update_in_place_without_a_page_load(catalog_page: Page):
    page = catalog_page
    page.evaluate("window.__sameDocument = true")
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Kind").select_option("meetup")
    expect(page.locator("#results .card").first).to_be_visible()
    expect(page.locator("#results .tag").first).to_have_text("Meetup")
    assert page.evaluate("window.__sameDocument") is True


def test_nonsense_search_shows_the_empty_state(catalog_page: Page):
    catalog_page.get_by_label("Search").fill("zzqqxx nothing")
    expect(catalog_page.get_by_role("heading", name="Nothing matches that yet")).to_be_visible()


def test_catalog_works_without_javascript(live_server, seed_catalog, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/catalog/")
    page.get_by_label("Search").fill("Karachi")
    page.get_by_role("button", name="Show results").click()
    expect(page).to_have_url(re.compile(r"q=Karachi"))
    expect(page.locator("#results .card").first).to_contain_text("Karachi")
    context.close()
