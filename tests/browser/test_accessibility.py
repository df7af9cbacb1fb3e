"""axe-core (from its npm package, see package.json here) finds no serious or critical
violation on any page, in English and in Urdu, for a visitor, a learner and an editor."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, reverse
from playwright.sync_api import Browser, BrowserContext, expect

from careers import selectors, services
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


def _offering(world) -> Offering:
    return Offering.objects.active().filter(provider__isnull=False).first()


def _confirm_key(world) -> dict:
    return {"key": EmailConfirmationHMAC(world["unconfirmed"]).key}


def _reset_key(world) -> dict:
    learner = get_user_model().objects.get(pk=world["learner"].pk)
    return {
        "uidb36": user_pk_to_url_str(learner),
        "key": default_token_generator.make_token(learner),
    }


# Every page a person can open, by URL name: who opens it, and how to build its address
# (arguments, query). A new URL in the URLconf must be added here or to NOT_PAGES below.
VISITOR, LEARNER, EDITOR = "visitor", "learner", "editor"
PAGES: dict[str, tuple[str, Callable[[dict], str]]] = {
    "catalog:home": (VISITOR, lambda w: reverse("catalog:home")),
    "catalog:offering_list": (VISITOR, lambda w: reverse("catalog:offering_list") + "?q=python"),
    "catalog:offering_detail": (VISITOR, lambda w: _offering(w).get_absolute_url()),
    "catalog:provider_detail": (VISITOR, lambda w: _offering(w).provider.get_absolute_url()),
    "catalog:skill_list": (VISITOR, lambda w: reverse("catalog:skill_list")),
    "catalog:skill_detail": (
        VISITOR,
        lambda w: Skill.objects.get(slug="machine-learning").get_absolute_url(),
    ),
    "catalog:role_list": (VISITOR, lambda w: reverse("catalog:role_list")),
    "catalog:role_detail": (
        VISITOR,
        lambda w: Role.objects.get(slug="data-scientist").get_absolute_url(),
    ),
    "shared_path": (VISITOR, lambda w: reverse("shared_path", args=[w["share_token"]])),
    "account_login": (VISITOR, lambda w: reverse("account_login")),
    "account_signup": (VISITOR, lambda w: reverse("account_signup")),
    "account_inactive": (VISITOR, lambda w: reverse("account_inactive")),
    "account_email_verification_sent": (
        VISITOR,
        lambda w: reverse("account_email_verification_sent"),
    ),
    "account_confirm_email": (
        VISITOR,
        lambda w: reverse("account_confirm_email", kwargs=_confirm_key(w)),
    ),
    "account_reset_password": (VISITOR, lambda w: reverse("account_reset_password")),
    "account_reset_password_done": (VISITOR, lambda w: reverse("account_reset_password_done")),
    "account_reset_password_from_key": (
        VISITOR,
        lambda w: reverse("account_reset_password_from_key", kwargs=_reset_key(w)),
    ),
    "account_reset_password_from_key_done": (
        VISITOR,
        lambda w: reverse("account_reset_password_from_key_done"),
    ),
    "careers:path": (LEARNER, lambda w: reverse("careers:path")),
    "careers:path_options": (
        LEARNER,
        lambda w: reverse("careers:path_options", args=["machine-learning"]),
    ),
    "careers:note": (
        LEARNER,
        lambda w: reverse("careers:note") + f"?offering={_offering(w).slug}&skill=python",
    ),
    "careers:path_offline": (LEARNER, lambda w: reverse("careers:path_offline")),
    "careers:profile": (LEARNER, lambda w: reverse("careers:profile")),
    "careers:profile_edit": (LEARNER, lambda w: reverse("careers:profile_edit")),
    "careers:profile_cv": (LEARNER, lambda w: reverse("careers:profile_cv")),
    "careers:marks": (LEARNER, lambda w: reverse("careers:marks")),
    "careers:roles_fit": (LEARNER, lambda w: reverse("careers:roles_fit")),
    "careers:roles_compare": (LEARNER, lambda w: reverse("careers:roles_compare")),
    "careers:account_delete": (LEARNER, lambda w: reverse("careers:account_delete")),
    "account_email": (LEARNER, lambda w: reverse("account_email")),
    "account_change_password": (LEARNER, lambda w: reverse("account_change_password")),
    "account_reauthenticate": (LEARNER, lambda w: reverse("account_reauthenticate")),
    "account_logout": (LEARNER, lambda w: reverse("account_logout")),
    "admin:index": (EDITOR, lambda w: reverse("admin:index")),
    "admin:catalog_offering_changelist": (
        EDITOR,
        lambda w: reverse("admin:catalog_offering_changelist"),
    ),
    "admin:catalog_offering_change": (
        EDITOR,
        lambda w: reverse("admin:catalog_offering_change", args=[_offering(w).pk]),
    ),
    "admin:catalog_offering_add": (EDITOR, lambda w: reverse("admin:catalog_offering_add")),
    "admin:catalog_role_change": (
        EDITOR,
        lambda w: reverse(
            "admin:catalog_role_change", args=[Role.objects.get(slug="ml-engineer").pk]
        ),
    ),
    "admin:catalog_offering_import": (EDITOR, lambda w: reverse("admin:catalog_offering_import")),
    "admin:catalog_offering_export": (EDITOR, lambda w: reverse("admin:catalog_offering_export")),
}
NOT_FOUND_PAGE = "/no-such-page/"

# Named URLs that are not a page of their own, with the reason.
NOT_PAGES = {
    "careers:home": "redirects to the path or the profile form",
    "careers:skill_suggestions": "a fragment inside the profile form (axe sees it there)",
    "careers:skill_row": "a fragment inside the profile form",
    "careers:path_calendar": "a calendar file",
    "careers:data_export": "a JSON file",
    "careers:week_whatsapp": "redirects to WhatsApp",
    "set_language": "redirects back",
    "csp_report": "takes reports by POST",
    "account_set_password": "redirects to the change-password page",
    "account_confirm_login_code": "redirects: log-in codes are not used",
}
POST_ONLY = {
    "careers:profile_cv_confirm",
    "careers:role_target",
    "careers:mark",
    "careers:share_create",
    "careers:share_revoke",
    "careers:mark_undo",
}


def url_names(patterns, prefix="") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= url_names(entry.url_patterns, space)
        elif entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_page_outside_the_admin_is_checked():
    """The admin's other pages are Django's own templates; the ones above carry ours."""
    names = {n for n in url_names(get_resolver().url_patterns) if not n.startswith("admin:")}
    unlisted = sorted(names - PAGES.keys() - NOT_PAGES.keys() - POST_ONLY)
    assert not unlisted, f"add these to PAGES or NOT_PAGES in {Path(__file__).name}: {unlisted}"
    gone = sorted(
        (PAGES.keys() | NOT_PAGES.keys() | POST_ONLY) - url_names(get_resolver().url_patterns)
    )
    assert not gone, f"no longer in the URLconf: {gone}"


@pytest.fixture
def world(seed_catalog, learner, editor) -> dict:
    """What the pages need: a shared path and an address still waiting for confirmation."""
    profile = learner.profile
    snapshot = selectors.path_snapshot(view=selectors.learning_path_for(profile=profile))
    share = services.path_share_create(profile=profile, snapshot=snapshot)
    newcomer = get_user_model().objects.create_user(
        username="newcomer@example.pk", email="newcomer@example.pk", password=PASSWORD
    )
    unconfirmed = EmailAddress.objects.create(
        user=newcomer, email=newcomer.email, verified=False, primary=True
    )
    return {"learner": learner, "share_token": share.token, "unconfirmed": unconfirmed}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_serious_or_critical_violation_on_any_page(
    live_server, world, learner, editor, browser: Browser, language
):
    assert AXE.exists(), "run `make test` (it installs axe-core with npm ci)"
    base = live_server.url
    visitor = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    visitor.add_cookies([{"name": "django_language", "value": language, "url": base}])
    contexts = {
        VISITOR: visitor,
        LEARNER: signed_in_context(browser, base, learner.email, language),
        EDITOR: signed_in_context(browser, base, editor.email, language),
    }
    problems = {}
    checks = [(VISITOR, NOT_FOUND_PAGE)] + [
        (actor, build(world)) for actor, build in PAGES.values()
    ]
    # The log-out page comes last: it is only looked at, but keep the session to the end.
    checks.sort(key=lambda check: check[1] == reverse("account_logout"))
    for actor, path in checks:
        found = axe_problems(contexts[actor], base + path)
        if found:
            problems[path] = found
    for context in contexts.values():
        context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
