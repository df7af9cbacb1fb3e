"""A learner does everything in Urdu, on a phone: sign up, confirm, fill the profile, see the
path, mark a step, add a note, save the offline copy. Another does it with the keyboard
alone, and focus never falls back to the top of the page."""

import html
import re
from email import message_from_bytes

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from careers.models import Profile, StepNote, StepStatus
from tests.browser.test_path import fill_nlp_profile
from tests.browser.test_profile import PASSWORD, add_skill, htmx_settled, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URDU = re.compile(r"[\u0600-\u06FF]")


def focused(page: Page) -> str:
    """What has the keyboard focus, as tag#id.class text."""
    return page.evaluate(
        """() => { const e = document.activeElement;
            if (e === document.body) return "BODY";
            const text = (e.textContent || "").trim().slice(0, 40);
            return e.tagName + "#" + e.id + "." + e.className + " " + text; }"""
    )


def test_a_learner_does_everything_in_urdu(live_server, seed_catalog, page: Page, tmp_path):
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/")
    page.locator("header").get_by_role("button", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    page.get_by_role("link", name="میرا راستہ بنائیں: مفت، پانچ منٹ میں").click()

    page.locator("input[name=email]").fill("nadia@example.pk")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(URDU)

    [message] = [m for m in mail.outbox if "nadia@example.pk" in m.to]
    raw = message.message().as_bytes()
    assert b"Content-Transfer-Encoding: 8bit" in raw
    body = message_from_bytes(raw).get_payload(decode=True).decode()
    assert URDU.search(body)
    link = re.search(r"^(https?://\S+/accounts/confirm-email/\S+/)$", body, re.M).group(1)
    page.goto(link)
    expect(page.locator("main h1")).to_contain_text(URDU)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/me/profile/edit/$"))
    assert Profile.objects.get(user__email="nadia@example.pk").language == "ur"
    page.locator("select[name=city]").select_option("quetta")
    page.locator("select[name=target_role]").select_option(label="ڈیٹا اینالسٹ")
    page.locator("input[name=budget_pkr]").fill("۰")  # Urdu digits are numbers too
    page.locator("input[name=hours_per_week]").fill("۶")
    page.locator("main button[name=action][value=save]").last.click()

    expect(page).to_have_url(re.compile(r"/me/path/$"))
    expect(page.locator("h1")).to_contain_text("ڈیٹا اینالسٹ")
    first = page.locator("#path-steps > li.step").first
    title = first.locator("h3 a").inner_text()
    first.locator("button[value=saved]").click()
    expect(page.locator("#announce")).to_contain_text("محفوظ کیا")
    expect(page.locator("#path-steps > li.step").first.locator(".badge")).to_be_visible()

    first = page.locator("#path-steps > li.step").first
    htmx_settled(page)
    first.locator(".note-box a").click()
    first.locator("textarea[name=note]").fill("پہلا ہفتہ: SQL کی بنیادی باتیں۔")
    first.locator(".note-box button").click()
    expect(first.locator(".note-text")).to_have_text("پہلا ہفتہ: SQL کی بنیادی باتیں۔")
    expect(page.locator("#announce")).to_contain_text("آپ کا نوٹ محفوظ ہو گیا۔")
    assert StepNote.objects.get().text == "پہلا ہفتہ: SQL کی بنیادی باتیں۔"
    assert StepStatus.objects.get().status == "saved"

    with page.expect_download() as download:
        page.locator(".path-links a[download]").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "raasta-path.html"
    copy = saved.read_text(encoding="utf-8")
    assert '<html lang="ur" dir="rtl">' in copy
    # A title may hold an apostrophe, which the copy escapes.
    assert "پہلا ہفتہ: SQL کی بنیادی باتیں۔" in copy and title in html.unescape(copy)
    # It opens with no connection: load it from disk with the network cut off.
    offline = page.context.new_page()
    page.context.set_offline(True)
    offline.goto(saved.as_uri())
    expect(offline.locator("h1")).to_contain_text("ڈیٹا اینالسٹ")
    page.context.set_offline(False)


def tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focused element matches the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}; stopped at {focused(page)}")


def test_the_path_works_with_the_keyboard_alone(live_server, seed_catalog, page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, live_server.url, "kamran@example.pk")
    fill_nlp_profile(page)
    expect(page).to_have_url(re.compile(r"/me/path/$"))

    # The skip link is the first stop and takes the keyboard past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip')")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    # Show other options: announced as opened, and the keyboard goes into the list.
    tab_to(page, "#path-steps li.step [data-disclosure]")
    disclosure = page.locator("#path-steps li.step [data-disclosure]").first
    expect(disclosure).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(disclosure).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#path-steps li.step .options").first).to_be_focused()
    htmx_settled(page)

    # Done takes the step away; the keyboard lands on the step that follows, not the top.
    first = page.locator("#path-steps > li.step").first
    done_id = first.get_attribute("id")
    page.keyboard.press("Shift+Tab")
    tab_to(page, f"#{done_id} button[value=done]")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{done_id}")).to_have_count(0)
    expect(page.locator("#announce")).to_contain_text("Done:")
    # Focus moves once the swap has settled: wait for it to land inside the steps.
    expect(page.locator("#path-steps :focus")).to_have_count(1)

    # A note, typed and saved from the keyboard.
    htmx_settled(page)
    tab_to(page, "#path-steps li.step .note-box a")
    page.keyboard.press("Enter")
    expect(page.locator("#path-steps li.step .note-box textarea").first).to_be_focused()
    page.keyboard.type("Read chapter one.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#announce")).to_contain_text("Your note is saved.")
    assert StepNote.objects.get().text == "Read chapter one."


def test_adding_and_removing_skills_keeps_the_keyboard_in_place(
    live_server, seed_catalog, page: Page
):
    sign_up(page, live_server.url, "rabia@example.pk")
    add_skill(page, "pyth", "Python", "Working")
    # The new row's level is focused, ready to change.
    expect(page.locator("#skill-rows select").last).to_be_focused()
    page.locator("#skill-rows input[data-remove-row]").first.click()
    expect(page.locator("#id_add_skill")).to_be_focused()
