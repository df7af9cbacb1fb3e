"""Who may open which page: every named URL in the URLconf, requested with GET by five actors.

ACCESS holds, for each URL name, what anonymous visitors, another learner, the owner of the
data, a catalog editor and a superuser get. A URL added to the URLconf without an entry, or
an entry left behind by a URL that is gone, fails the first two tests.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse

from careers import learning_path, services, sharing
from careers.models import Profile, ProfileSkill, StepStatus
from catalog.models import AccessRoute, CatalogVersion
from tests.factories import (
    EDITORS,
    editors_group_restore,
)
from tests.security.conftest import small_catalog
from tests.urlconf import named_patterns

User = get_user_model()


@dataclass(frozen=True)
class Redirect:
    """A redirect to the page named ``to``; ``back`` when it must carry ?next= to the page
    asked for (a log-in page)."""

    to: str
    back: bool = False

    def __str__(self) -> str:
        return f"redirect to {self.to}"


OK, FORBIDDEN, NOT_FOUND, GET_REFUSED = 200, 403, 404, 405
LOGIN = Redirect("account_login", back=True)
ADMIN_LOGIN = Redirect("admin:login", back=True)
PROFILE_FORM = Redirect("careers:profile_edit")
LEARNER_HOME = Redirect("careers:home")
WHATSAPP = Redirect("https://wa.me/")
Outcome = int | Redirect


class Access(NamedTuple):
    """What a GET gives each actor. ``carries_secret``: the URL holds the owner's own secret
    (an emailed key), so whoever holds it may see the owner's address."""

    anonymous: Outcome
    other: Outcome
    owner: Outcome
    editor: Outcome
    superuser: Outcome
    carries_secret: bool = False


ACTORS = ["anonymous", "other", "owner", "editor", "superuser"]

# Rules shared by many URLs; each URL still has its own entry below and is checked alone.
PUBLIC = Access(OK, OK, OK, OK, OK)
SIGNED_IN = Access(LOGIN, OK, OK, OK, OK)
# Pages built from a finished profile; staff have none, so they are sent to make one.
WITH_PROFILE = Access(LOGIN, OK, OK, PROFILE_FORM, PROFILE_FORM)
POST_ONLY = Access(LOGIN, GET_REFUSED, GET_REFUSED, GET_REFUSED, GET_REFUSED)
POST_ONLY_WITH_PROFILE = Access(LOGIN, GET_REFUSED, GET_REFUSED, PROFILE_FORM, PROFILE_FORM)
SIGNED_OUT_ONLY = Access(OK, LEARNER_HOME, LEARNER_HOME, LEARNER_HOME, LEARNER_HOME)
ADMIN_CATALOG = Access(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK, OK)
ADMIN_USERS = Access(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN, OK)
ADMIN_NOBODY = Access(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN, FORBIDDEN)
ADMIN_POST_ONLY = Access(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, GET_REFUSED, GET_REFUSED)

ACCESS: dict[str, Access] = {
    # The public catalog and shared paths.
    "catalog:home": PUBLIC,
    "catalog:offering_list": PUBLIC,
    "catalog:offering_detail": PUBLIC,
    "catalog:skill_list": PUBLIC,
    "catalog:skill_detail": PUBLIC,
    "catalog:role_list": PUBLIC,
    "catalog:role_detail": PUBLIC,
    "catalog:provider_detail": PUBLIC,
    "shared_path": PUBLIC,
    "csp_report": Access(GET_REFUSED, GET_REFUSED, GET_REFUSED, GET_REFUSED, GET_REFUSED),
    "set_language": Access(*[Redirect("catalog:home")] * 5),
    # The learner's own pages.
    "careers:home": Access(
        LOGIN, Redirect("careers:path"), Redirect("careers:path"), PROFILE_FORM, PROFILE_FORM
    ),
    "careers:profile": WITH_PROFILE,
    "careers:profile_edit": SIGNED_IN,
    "careers:skill_suggestions": SIGNED_IN,
    "careers:skill_row": SIGNED_IN,
    "careers:profile_cv": SIGNED_IN,
    "careers:profile_cv_confirm": POST_ONLY,
    "careers:roles_fit": SIGNED_IN,
    "careers:roles_compare": SIGNED_IN,
    "careers:role_target": POST_ONLY,
    "careers:path": WITH_PROFILE,
    "careers:mark": POST_ONLY_WITH_PROFILE,
    "careers:path_options": WITH_PROFILE,
    "careers:path_calendar": WITH_PROFILE,
    "careers:note": Access(LOGIN, NOT_FOUND, NOT_FOUND, PROFILE_FORM, PROFILE_FORM),
    "careers:path_offline": WITH_PROFILE,
    "careers:week_whatsapp": Access(LOGIN, WHATSAPP, WHATSAPP, PROFILE_FORM, PROFILE_FORM),
    "careers:share_create": POST_ONLY_WITH_PROFILE,
    "careers:share_revoke": POST_ONLY,
    "careers:marks": WITH_PROFILE,
    "careers:mark_undo": POST_ONLY,
    "careers:data_export": SIGNED_IN,
    "careers:account_delete": SIGNED_IN,
    # Accounts (django-allauth).
    "account_login": SIGNED_OUT_ONLY,
    "account_signup": SIGNED_OUT_ONLY,
    "account_logout": Access(Redirect("catalog:home"), OK, OK, OK, OK),
    "account_inactive": PUBLIC,
    "account_reauthenticate": SIGNED_IN,
    "account_email": SIGNED_IN,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": SIGNED_IN,
    # Everyone here has a password already, so setting one means changing it.
    "account_set_password": Access(LOGIN, *[Redirect("account_change_password")] * 4),
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    # No log-in code was sent, so there is nothing to confirm.
    "account_confirm_login_code": Access(Redirect("account_login"), *[LEARNER_HOME] * 4),
    # The owner's emailed key is the credential: whoever holds it sees the confirm page.
    "account_confirm_email": Access(OK, OK, OK, OK, OK, carries_secret=True),
    # A valid reset key is moved from the address into the session before the form shows.
    "account_reset_password_from_key": Access(
        *[Redirect("account_reset_password_from_key")] * 5, carries_secret=True
    ),
    # The admin site.
    "admin:index": ADMIN_CATALOG,
    "admin:app_list": ADMIN_CATALOG,
    "admin:autocomplete": ADMIN_CATALOG,
    "admin:jsi18n": ADMIN_CATALOG,
    "admin:password_change": ADMIN_CATALOG,
    "admin:password_change_done": ADMIN_CATALOG,
    "admin:view_on_site": Access(
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        ADMIN_LOGIN,
        Redirect("catalog:offering_detail"),
        Redirect("catalog:offering_detail"),
    ),
    # Staff go through allauth's log-in (and its rate limits); a signed-in learner is refused.
    "admin:login": Access(
        LOGIN, FORBIDDEN, FORBIDDEN, Redirect("admin:index"), Redirect("admin:index")
    ),
    "admin:logout": Access(
        Redirect("admin:index"),
        Redirect("admin:index"),
        Redirect("admin:index"),
        GET_REFUSED,
        GET_REFUSED,
    ),
    "admin:auth_user_changelist": ADMIN_USERS,
    "admin:auth_user_add": ADMIN_USERS,
    "admin:auth_user_change": ADMIN_USERS,
    "admin:auth_user_delete": ADMIN_USERS,
    "admin:auth_user_history": ADMIN_USERS,
    "admin:auth_user_password_change": ADMIN_USERS,
    "admin:auth_group_changelist": ADMIN_USERS,
    "admin:auth_group_add": ADMIN_USERS,
    "admin:auth_group_change": ADMIN_USERS,
    "admin:auth_group_delete": ADMIN_USERS,
    "admin:auth_group_history": ADMIN_USERS,
    "admin:account_emailaddress_changelist": ADMIN_USERS,
    "admin:account_emailaddress_add": ADMIN_USERS,
    "admin:account_emailaddress_change": ADMIN_USERS,
    "admin:account_emailaddress_delete": ADMIN_USERS,
    "admin:account_emailaddress_history": ADMIN_USERS,
    "admin:catalog_source_changelist": ADMIN_CATALOG,
    "admin:catalog_source_add": ADMIN_CATALOG,
    "admin:catalog_source_change": ADMIN_CATALOG,
    "admin:catalog_source_delete": ADMIN_CATALOG,
    "admin:catalog_source_history": ADMIN_CATALOG,
    "admin:catalog_source_import": ADMIN_CATALOG,
    "admin:catalog_source_process_import": ADMIN_POST_ONLY,
    "admin:catalog_source_export": ADMIN_CATALOG,
    "admin:catalog_sector_changelist": ADMIN_CATALOG,
    "admin:catalog_sector_add": ADMIN_CATALOG,
    "admin:catalog_sector_change": ADMIN_CATALOG,
    "admin:catalog_sector_delete": ADMIN_CATALOG,
    "admin:catalog_sector_history": ADMIN_CATALOG,
    "admin:catalog_sector_import": ADMIN_CATALOG,
    "admin:catalog_sector_process_import": ADMIN_POST_ONLY,
    "admin:catalog_sector_export": ADMIN_CATALOG,
    "admin:catalog_skill_changelist": ADMIN_CATALOG,
    "admin:catalog_skill_add": ADMIN_CATALOG,
    "admin:catalog_skill_change": ADMIN_CATALOG,
    "admin:catalog_skill_delete": ADMIN_CATALOG,
    "admin:catalog_skill_history": ADMIN_CATALOG,
    "admin:catalog_skill_import": ADMIN_CATALOG,
    "admin:catalog_skill_process_import": ADMIN_POST_ONLY,
    "admin:catalog_skill_export": ADMIN_CATALOG,
    "admin:catalog_provider_changelist": ADMIN_CATALOG,
    "admin:catalog_provider_add": ADMIN_CATALOG,
    "admin:catalog_provider_change": ADMIN_CATALOG,
    "admin:catalog_provider_delete": ADMIN_CATALOG,
    "admin:catalog_provider_history": ADMIN_CATALOG,
    "admin:catalog_provider_import": ADMIN_CATALOG,
    "admin:catalog_provider_process_import": ADMIN_POST_ONLY,
    "admin:catalog_provider_export": ADMIN_CATALOG,
    "admin:catalog_offering_changelist": ADMIN_CATALOG,
    "admin:catalog_offering_add": ADMIN_CATALOG,
    "admin:catalog_offering_change": ADMIN_CATALOG,
    "admin:catalog_offering_delete": ADMIN_CATALOG,
    "admin:catalog_offering_history": ADMIN_CATALOG,
    "admin:catalog_offering_import": ADMIN_CATALOG,
    "admin:catalog_offering_process_import": ADMIN_POST_ONLY,
    "admin:catalog_offering_export": ADMIN_CATALOG,
    "admin:catalog_role_changelist": ADMIN_CATALOG,
    "admin:catalog_role_add": ADMIN_CATALOG,
    "admin:catalog_role_change": ADMIN_CATALOG,
    "admin:catalog_role_delete": ADMIN_CATALOG,
    "admin:catalog_role_history": ADMIN_CATALOG,
    "admin:catalog_role_import": ADMIN_CATALOG,
    "admin:catalog_role_process_import": ADMIN_POST_ONLY,
    "admin:catalog_role_export": ADMIN_CATALOG,
    "admin:catalog_accessroute_changelist": ADMIN_CATALOG,
    "admin:catalog_accessroute_add": ADMIN_CATALOG,
    "admin:catalog_accessroute_change": ADMIN_CATALOG,
    "admin:catalog_accessroute_delete": ADMIN_CATALOG,
    "admin:catalog_accessroute_history": ADMIN_CATALOG,
    # The catalog version moves by itself: anyone on the catalog may look, nobody may edit.
    "admin:catalog_catalogversion_changelist": ADMIN_CATALOG,
    "admin:catalog_catalogversion_change": ADMIN_CATALOG,
    "admin:catalog_catalogversion_history": ADMIN_CATALOG,
    "admin:catalog_catalogversion_add": ADMIN_NOBODY,
    "admin:catalog_catalogversion_delete": ADMIN_NOBODY,
}


PATTERNS = dict(named_patterns())


# The rows every request is built from


@dataclass
class World:
    users: dict[str, Any]
    #: One stored row per admin model, by "app_label.model_name".
    objects: dict[str, Any]
    share_token: str


OWNER_EMAIL = "owner-private@example.pk"
OTHER_EMAIL = "other-private@example.pk"
PRIVATE = {
    "owner": (OWNER_EMAIL, "Owner's private goal: Urdu speech models"),
    "other": (OTHER_EMAIL, "Other's private goal: crop yield forecasts"),
}


def learner_make(email: str, goal: str, *, role, skill, offering):
    user = User.objects.create_user(username=email, email=email, password="pass-phrase-123")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = Profile.objects.create(user=user, target_role=role, city="lahore", goal=goal)
    ProfileSkill.objects.create(profile=profile, skill=skill, level=1)
    StepStatus.objects.create(profile=profile, offering=offering, status="saved")
    return user


def world_build() -> World:
    editors_group_restore()
    version, _ = CatalogVersion.objects.get_or_create(pk=1)
    catalog = small_catalog("matrix")
    source, sector, provider = catalog["source"], catalog["sector"], catalog["provider"]
    python, offering, role = catalog["python"], catalog["offering"], catalog["role"]
    route = AccessRoute.objects.create(
        slug="matrix-route", name="Matrix route", provider=provider, source=source
    )
    learners = {
        actor: learner_make(email, goal, role=role, skill=python, offering=offering)
        for actor, (email, goal) in PRIVATE.items()
    }
    editor = User.objects.create_user(
        username="editor@example.pk", email="editor@example.pk", password="pw", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    superuser = User.objects.create_superuser(
        username="root@example.pk", email="root@example.pk", password="pw"
    )
    profile = learners["owner"].profile
    snapshot = sharing.path_snapshot(view=learning_path.learning_path_for(profile=profile))
    share = services.path_share_create(profile=profile, snapshot=snapshot)
    return World(
        users={**learners, "editor": editor, "superuser": superuser},
        objects={
            "catalog.source": source,
            "catalog.sector": sector,
            "catalog.skill": python,
            "catalog.provider": provider,
            "catalog.offering": offering,
            "catalog.role": role,
            "catalog.accessroute": route,
            "catalog.catalogversion": version,
            "auth.user": learners["owner"],
            "auth.group": Group.objects.get(name=EDITORS),
            "account.emailaddress": EmailAddress.objects.get(user=learners["owner"]),
        },
        share_token=share.token,
    )


@pytest.fixture(scope="module")
def world(module_db) -> World:
    return world_build()


# How to build each URL


def _reset_key(world: World) -> dict[str, str]:
    # The token changes when the owner logs in, so it is made after the actor has.
    owner = User.objects.get(pk=world.users["owner"].pk)
    return {"uidb36": user_pk_to_url_str(owner), "key": default_token_generator.make_token(owner)}


def _offering_on_site(world: World) -> dict[str, Any]:
    offering = world.objects["catalog.offering"]
    return {
        "content_type_id": ContentType.objects.get_for_model(offering).pk,
        "object_id": offering.pk,
    }


ARGUMENTS: dict[str, Callable[[World], dict[str, Any]]] = {
    "shared_path": lambda w: {"token": w.share_token},
    "catalog:offering_detail": lambda w: {"slug": w.objects["catalog.offering"].slug},
    "catalog:skill_detail": lambda w: {"slug": w.objects["catalog.skill"].slug},
    "catalog:role_detail": lambda w: {"slug": w.objects["catalog.role"].slug},
    "catalog:provider_detail": lambda w: {"slug": w.objects["catalog.provider"].slug},
    "careers:path_options": lambda w: {"skill": "sql"},
    "account_confirm_email": lambda w: {
        "key": EmailConfirmationHMAC(w.objects["account.emailaddress"]).key
    },
    "account_reset_password_from_key": _reset_key,
    "admin:app_list": lambda w: {"app_label": "catalog"},
    "admin:view_on_site": _offering_on_site,
    "admin:auth_user_password_change": lambda w: {"id": w.users["owner"].pk},
}
QUERIES: dict[str, dict[str, str]] = {
    "careers:skill_row": {"skill": "python"},
    "careers:skill_suggestions": {"add_skill": "py"},
    "admin:autocomplete": {
        "app_label": "catalog",
        "model_name": "offering",
        "field_name": "provider",
    },
}


def url_for(name: str, world: World) -> str:
    """The URL of ``name`` with arguments from real rows; an admin object page uses the row
    of its model in ``world.objects``."""
    if name in ARGUMENTS:
        return reverse(name, kwargs=ARGUMENTS[name](world))
    if name.startswith("admin:") and "object_id" in PATTERNS[name].pattern.regex.groupindex:
        model = name.removeprefix("admin:").rsplit("_", 1)[0]
        for label, row in world.objects.items():
            if label.replace(".", "_") == model:
                return reverse(name, kwargs={"object_id": row.pk})
        pytest.fail(f"{name}: add a stored {model} row to world_build() and World.objects.")
    return reverse(name)


# The tests


def test_every_named_url_has_an_entry():
    missing = sorted(PATTERNS.keys() - ACCESS.keys())
    assert not missing, (
        "These URLs have no entry in ACCESS in tests/security/test_access_matrix.py: "
        + ", ".join(missing)
        + ". Add one per URL saying what anonymous visitors, another learner, the owner, a "
        "catalog editor and a superuser get (and its arguments in ARGUMENTS if it takes any)."
    )


def test_every_entry_names_a_url_that_exists():
    stale = sorted((ACCESS.keys() | ARGUMENTS.keys() | QUERIES.keys()) - PATTERNS.keys())
    assert not stale, (
        "These entries name URLs the URLconf no longer has; remove them: " + ", ".join(stale)
    )


def assert_outcome(response, expected: Outcome, url: str) -> None:
    location = response.get("Location", "")
    if isinstance(expected, int):
        assert response.status_code == expected, f"{url}: {response.status_code} {location}"
        return
    assert response.status_code == 302, f"{url}: {response.status_code}, not {expected}"
    target = urlsplit(location)
    if expected.to.startswith("https://"):  # off the site, on purpose
        assert location.startswith(expected.to), f"{url}: went to {location}"
        return
    assert resolve(target.path).view_name == expected.to, f"{url}: went to {location}"
    if expected.back:
        back = [urlsplit(page).path for page in parse_qs(target.query).get("next", [])]
        assert back == [url], f"{url}: went to {location}"


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_get(client, world, name, actor):
    if actor != "anonymous":
        client.force_login(world.users[actor])
    url = url_for(name, world)

    response = client.get(url, QUERIES.get(name, {}))

    access = ACCESS[name]
    assert_outcome(response, getattr(access, actor), url)
    body = response.content.decode(errors="replace")
    if actor == "superuser":
        return  # the superuser may read every learner's account in the admin
    for learner, private in PRIVATE.items():
        if learner == actor or (learner == "owner" and access.carries_secret):
            continue
        for text in private:
            assert text not in body, f"{actor} saw {learner}'s {text!r} at {url}"
    if name == "careers:data_export" and actor in PRIVATE:
        assert PRIVATE[actor][0] in body


def test_the_data_export_holds_the_requesters_data_only(client, world, db):
    client.force_login(world.users["other"])

    export = client.get(reverse("careers:data_export")).json()

    text = str(export)
    assert OTHER_EMAIL in text
    assert OWNER_EMAIL not in text
    assert PRIVATE["owner"][1] not in text


def test_the_shared_path_shows_the_owners_path_and_no_personal_details(client, world, db):
    client.force_login(world.users["other"])

    response = client.get(reverse("shared_path", args=[world.share_token]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Python" in body or "SQL" in body
    for text in (*PRIVATE["owner"], "lahore", "Lahore"):
        assert text not in body
