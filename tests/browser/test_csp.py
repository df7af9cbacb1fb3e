"""Every page works under the Content-Security-Policy: Chromium reports no violation.

The policy forbids inline script and style, so a template, htmx or an admin page that
needs either shows up here as a violation (and in the log, through /csp-report/).
"""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from careers.models import Profile, ProfileSkill
from catalog.models import Offering, Role, Skill
from tests.factories import EDITORS, editors_group_restore

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase-for-csp"


def watch_violations(page: Page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def log_in(page: Page, base: str, email: str, next_url: str = "/") -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


@pytest.fixture
def people(seed_catalog, django_user_model):
    editors_group_restore()
    learner = django_user_model.objects.create_user("csp-l", "csp-l@example.pk", PASSWORD)
    editor = django_user_model.objects.create_user(
        "csp-e", "csp-e@example.pk", PASSWORD, is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    for user in (learner, editor):
        user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    profile = Profile.objects.create(
        user=learner, target_role=Role.objects.get(slug="data-analyst"), budget_pkr=0
    )
    ProfileSkill.objects.create(profile=profile, skill=Skill.objects.get(slug="python"), level=1)
    return {"learner": learner, "editor": editor}


def test_public_and_learner_pages_raise_no_violation(live_server, page: Page, people):
    violations = watch_violations(page)
    base = live_server.url
    offering = Offering.objects.active().first()
    for url in ("/", "/catalog/?q=python", f"/catalog/{offering.slug}/", "/skills/", "/roles/"):
        page.goto(base + url)
    page.goto(base + "/catalog/")
    page.get_by_label("Search").fill("data")  # an htmx swap
    expect(page.locator("#results")).to_be_visible()
    log_in(page, base, "csp-l@example.pk", "/me/path/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.locator("#path-steps button", has_text="Save").first.click()  # an htmx mark
    for url in ("/me/profile/edit/", "/me/roles/", "/me/marks/", "/me/profile/cv/"):
        page.goto(base + url)
        expect(page.locator("main")).to_be_visible()
    assert violations == []


def test_admin_pages_raise_no_violation(live_server, page: Page, people):
    violations = watch_violations(page)
    base = live_server.url
    log_in(page, base, "csp-e@example.pk", "/admin/")
    expect(page.get_by_role("link", name="Offerings")).to_be_visible()
    offering = Offering.objects.first()
    role = Role.objects.first()
    for url in (
        "/admin/catalog/offering/",
        f"/admin/catalog/offering/{offering.pk}/change/",
        f"/admin/catalog/role/{role.pk}/change/",
        "/admin/catalog/offering/add/",
        "/admin/catalog/offering/import/",
        "/admin/catalog/offering/export/",
    ):
        page.goto(base + url)
        expect(page.locator("#content")).to_be_visible()
    assert violations == []
