"""Every page a person can open, by URL name, for the browser tests that visit them all
(axe, the keyboard): who opens it and how to build its address from the test's data."""

from collections.abc import Callable

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, expect

from catalog.models import Offering, Role, Skill

PASSWORD = "a-long-pass-phrase-for-gilgit"


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


def contexts_open(browser: Browser, base: str, learner, editor, language: str) -> dict:
    """A phone-sized browser context for each actor, in ``language``; bypass_csp lets a test
    add its own script (axe, a listener); the pages themselves are unchanged."""
    visitor = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    visitor.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return {
        VISITOR: visitor,
        LEARNER: signed_in_context(browser, base, learner.email, language),
        EDITOR: signed_in_context(browser, base, editor.email, language),
    }


def pages_to_visit(world: dict, admin: bool = True) -> list[tuple[str, str]]:
    """(actor, path) for every page, the log-out page last so the session lasts to the end."""
    checks = [(VISITOR, NOT_FOUND_PAGE)] + [
        (actor, build(world))
        for name, (actor, build) in PAGES.items()
        if admin or not name.startswith("admin:")
    ]
    checks.sort(key=lambda check: check[1] == reverse("account_logout"))
    return checks
