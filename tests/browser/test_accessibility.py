"""axe-core (from its npm package, see package.json here) finds no serious or critical
violation on any page, in English and in Urdu, for a visitor, a learner and an editor."""

import json
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, expect

from careers.models import Profile, ProfileSkill
from catalog.models import Offering, Role, Sector, Skill
from tests.factories import editor_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
PASSWORD = "a-long-pass-phrase-for-gilgit"
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


def signed_in_context(browser: Browser, base: str, email: str, language: str) -> BrowserContext:
    # bypass_csp lets the test add axe's script; the pages themselves are unchanged.
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("body")).not_to_contain_text("The email address and/or password")
    page.close()
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return context


def make_user(email: str, **extra):
    user = get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def learner():
    user = make_user("sadia@example.pk")
    profile = Profile.objects.create(
        user=user,
        target_role=Role.objects.get(slug="ml-engineer"),
        city="peshawar",
        budget_pkr=0,
        hours_per_week=8,
        education_level="bachelors",
    )
    profile.sectors.add(Sector.objects.get(slug="healthcare"))
    ProfileSkill.objects.create(profile=profile, skill=Skill.objects.get(slug="python"), level=2)
    return user


@pytest.fixture
def editor():
    return editor_create(password=PASSWORD)


def public_urls(base: str) -> list[str]:
    offering = Offering.objects.active().filter(provider__isnull=False).first()
    return [
        base + reverse("catalog:home"),
        base + reverse("catalog:offering_list") + "?q=python",
        base + offering.get_absolute_url(),
        base + offering.provider.get_absolute_url(),
        base + reverse("catalog:skill_list"),
        base + Skill.objects.get(slug="machine-learning").get_absolute_url(),
        base + reverse("catalog:role_list"),
        base + Role.objects.get(slug="data-scientist").get_absolute_url(),
        base + reverse("account_login"),
        base + reverse("account_signup"),
        base + "/no-such-page/",
    ]


def learner_urls(base: str) -> list[str]:
    return [
        base + reverse("careers:path"),
        base + reverse("careers:path_options", args=["machine-learning"]),
        base + reverse("careers:profile"),
        base + reverse("careers:profile_edit"),
        base + reverse("careers:marks"),
        base + reverse("careers:roles_fit"),
        base + reverse("careers:roles_compare"),
        base + reverse("careers:profile_cv"),
        base + reverse("account_email"),
    ]


def editor_urls(base: str) -> list[str]:
    offering = Offering.objects.active().first()
    role = Role.objects.get(slug="ml-engineer")
    return [
        base + "/admin/",
        base + "/admin/catalog/offering/",
        base + f"/admin/catalog/offering/{offering.pk}/change/",
        base + "/admin/catalog/offering/add/",
        base + f"/admin/catalog/role/{role.pk}/change/",
        base + "/admin/catalog/offering/import/",
    ]


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_serious_or_critical_violation_on_any_page(
    live_server, seed_catalog, learner, editor, browser: Browser, language
):
    assert AXE.exists(), "run `make test` (it installs axe-core with npm ci)"
    base = live_server.url
    visitor = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    visitor.add_cookies([{"name": "django_language", "value": language, "url": base}])
    problems = {}
    for context, urls in (
        (visitor, public_urls(base)),
        (signed_in_context(browser, base, learner.email, language), learner_urls(base)),
        (signed_in_context(browser, base, editor.email, language), editor_urls(base)),
    ):
        for url in urls:
            found = axe_problems(context, url)
            if found:
                problems[url.removeprefix(base)] = found
        context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
