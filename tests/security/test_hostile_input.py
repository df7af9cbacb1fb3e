"""Random and hostile input at every public page, learner form, command and import.

Whatever arrives, the answer is never a server error and never half a change: a form either
saves and redirects or shows why it did not, a command either works or exits 2 naming the
problem, a file is either loaded or refused whole. A NUL byte, which PostgreSQL cannot store,
is refused with 400 before any query.
"""

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.http import QueryDict
from django.urls import resolve, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from careers import learning_path, services, sharing
from careers.models import Profile, ProfileSkill, SharedPath, StepStatus
from careers.recommender.persona import KEYS as PERSONA_KEYS
from catalog.loading import RELATIONS, SCALARS, SECTIONS
from catalog.models import CatalogVersion
from tests.security.conftest import small_catalog

pytestmark = pytest.mark.django_db
User = get_user_model()

NUL = "\x00"
PROPERTY = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Hostile values

SAMPLES = [
    NUL,
    "python\x00",
    "\x00'; DROP TABLE catalog_offering; --",
    "'; DROP TABLE catalog_offering; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "{{ request }}{% debug %}",
    "${jndi:ldap://example.org/a}",
    "../../etc/passwd",
    "%00",
    "%s%s%n",
    "مشین لرننگ اور ڈیٹا سائنس",
    "لاہور",
    "۵۰۰۰",
    "٣٤٥",
    "١٠٬٠٠٠",
    "\u202egnp.exe",
    "\u200f\u200e\ufeff",
    "e\u0301\u0301\u0301",
    "\U0001f4a9\U0001f1f5\U0001f1f0",
    "\uffff\ufffe\ufffd",
    "\u2028\u2029\r\n\t\x0b\x0c",
    "\x1b[31mred\x1b[0m",
    "",
    " ",
    "9" * 400,
    "-1",
    "0",
    "-0",
    "-99999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "3.5",
    "true",
    "null",
    "[]",
    "{}",
    "x" * 5000,
    "ﷺ" * 300,
]
ODD_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
HOSTILE = st.one_of(
    st.sampled_from(SAMPLES),
    ODD_TEXT,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(str),
)
# A value, or the same key sent several times.
HOSTILE_VALUES = st.one_of(HOSTILE, st.lists(HOSTILE, min_size=2, max_size=3))
SLUGGISH = st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True)
# Query strings written by hand: broken and overlong percent escapes, odd separators.
RAW_QUERY = st.lists(
    st.one_of(
        st.sampled_from(
            ["%00", "%C0%80", "%FF", "%E2%80%AE", "%", "%%", "%G1", "+", "&&", "==", ";", "="]
        ),
        st.text("abcqkindpage=&%+;0123456789", max_size=12),
    ),
    max_size=8,
).map("".join)


def has_nul(value: Any, depth: int = 0) -> bool:
    """Whether a NUL byte is anywhere in a value, its keys or its items."""
    if isinstance(value, str):
        return NUL in value
    if depth > 50:  # YAML aliases can make a value that contains itself
        return False
    if isinstance(value, dict):
        return any(has_nul(k, depth + 1) or has_nul(v, depth + 1) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item, depth + 1) for item in value)
    return False


def last(value: str | list[str] | None) -> str | None:
    """What a view reading one value gets when a key is sent several times."""
    return value[-1] if isinstance(value, list) else value


def post_form(client, url: str, data: dict[str, Any], **headers):
    """A urlencoded POST, so any key or value arrives as typed."""
    body = urlencode(data, doseq=True)
    return client.post(
        url, body, content_type="application/x-www-form-urlencoded", headers=headers
    )


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each example starts from the same rows, and a failed query cannot spoil the next."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def redirected_to(response) -> str:
    """The name of the page a redirect goes to."""
    return resolve(urlsplit(response["Location"]).path).view_name


def assert_refused_nul(response) -> None:
    assert response.status_code == 400, response.status_code


# The rows every example starts from


@dataclass
class World:
    learner: Any
    profile: Profile
    role_pk: int
    sector_pk: int
    share_token: str
    slugs: dict[str, str]


@pytest.fixture(scope="module")
def world(module_db) -> World:
    CatalogVersion.objects.get_or_create(pk=1)
    catalog = small_catalog("hostile")
    sector, provider = catalog["sector"], catalog["provider"]
    python, offering, role = catalog["python"], catalog["offering"], catalog["role"]
    learner = User.objects.create_user(
        username="hostile@example.pk", email="hostile@example.pk", password="pass-phrase-123"
    )
    profile = Profile.objects.create(
        user=learner, target_role=role, city="lahore", goal="Analyse crop data"
    )
    profile.sectors.add(sector)
    ProfileSkill.objects.create(profile=profile, skill=python, level=1)
    StepStatus.objects.create(profile=profile, offering=offering, status="saved")
    snapshot = sharing.path_snapshot(view=learning_path.learning_path_for(profile=profile))
    share = services.path_share_create(profile=profile, snapshot=snapshot)
    return World(
        learner=learner,
        profile=profile,
        role_pk=role.pk,
        sector_pk=sector.pk,
        share_token=share.token,
        slugs={
            "offering": offering.slug,
            "skill": python.slug,
            "role": role.slug,
            "provider": provider.slug,
        },
    )


@pytest.fixture
def learner_client(client, world, db):
    client.force_login(world.learner)
    return client


def learner_state(profile: Profile) -> tuple:
    """Everything a learner's form posts can change."""
    row = Profile.objects.filter(pk=profile.pk).values().get()
    return (
        row,
        sorted(Profile.sectors.through.objects.filter(profile=profile).values_list("sector")),
        sorted(ProfileSkill.objects.filter(profile=profile).values_list("skill__slug", "level")),
        sorted(StepStatus.objects.filter(profile=profile).values_list("offering", "status")),
        sorted(SharedPath.objects.filter(profile=profile).values_list("token", "revoked_at")),
        User.objects.filter(pk=profile.user_id).exists(),
    )


# Public pages


PUBLIC_PAGES = {
    "catalog:home": ({}, ["q", "page"]),
    "catalog:offering_list": (
        {},
        ["q", "kind", "skill", "sector", "city", "delivery", "free", "page"],
    ),
    "catalog:offering_detail": ({"slug": "offering"}, ["q"]),
    "catalog:skill_list": ({}, ["q"]),
    "catalog:skill_detail": ({"slug": "skill"}, ["q"]),
    "catalog:role_list": ({}, ["q"]),
    "catalog:role_detail": ({"slug": "role"}, ["q"]),
    "catalog:provider_detail": ({"slug": "provider"}, ["q", "page"]),
    "shared_path": ({"token": "share"}, ["q"]),
}


def public_url(name: str, world: World) -> str:
    kwargs = {
        key: world.share_token if what == "share" else world.slugs[what]
        for key, what in PUBLIC_PAGES[name][0].items()
    }
    return reverse(name, kwargs=kwargs)


def query_pairs(keys: list[str]):
    key = st.one_of(st.sampled_from(keys), HOSTILE)
    return st.lists(st.tuples(key, HOSTILE), max_size=8)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
@PROPERTY
@given(data=st.data(), htmx=st.booleans())
def test_a_public_page_answers_any_query_string(client, world, db, name, data, htmx):
    pairs = data.draw(st.one_of(query_pairs(PUBLIC_PAGES[name][1]), RAW_QUERY), label="query")
    query = urlencode(pairs) if isinstance(pairs, list) else pairs
    headers = {"HX-Request": "true"} if htmx else {}

    with rolled_back():
        response = client.get(f"{public_url(name, world)}?{query}", headers=headers)

    parsed = QueryDict(query)
    if any(has_nul(key) or has_nul(values) for key, values in parsed.lists()):
        assert_refused_nul(response)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("prefix", ["/catalog/", "/skills/", "/roles/", "/providers/", "/p/"])
@PROPERTY
@given(segment=st.one_of(HOSTILE, SLUGGISH))
@example(segment=NUL)
@example(segment="python-basics\x00")
def test_a_detail_page_answers_any_slug_or_token(client, world, db, prefix, segment):
    with rolled_back():
        response = client.get(f"{prefix}{quote(segment, safe='')}/")

    if NUL in segment:
        assert_refused_nul(response)
    else:
        assert response.status_code in (200, 404)


# The learner's forms


def valid_profile_post(world: World) -> dict[str, Any]:
    return {
        "education_level": "bachelors",
        "field_of_study": "Physics",
        "institution": "LUMS",
        "city": "karachi",
        "delivery": "online",
        "target_role": str(world.role_pk),
        "sectors": [str(world.sector_pk)],
        "goal": "Work on Urdu NLP",
        "budget_pkr": "0",
        "hours_per_week": "6",
        "skill-python": "2",
        "action": "save",
    }


PROFILE_KEYS = [
    "education_level",
    "field_of_study",
    "institution",
    "city",
    "delivery",
    "target_role",
    "sectors",
    "goal",
    "budget_pkr",
    "hours_per_week",
    "willing_to_relocate",
    "skill-python",
    "skill-sql",
    "remove-python",
    "add_skill",
    "add_level",
    "action",
]
FORM_CHANGES = st.dictionaries(
    st.one_of(
        st.sampled_from(PROFILE_KEYS),
        HOSTILE.map(lambda text: f"skill-{text}"),
        HOSTILE,
    ),
    st.one_of(HOSTILE_VALUES, st.sampled_from(["1", "2", "3", "add_skill", "save"])),
    max_size=5,
)


@PROPERTY
@given(changes=FORM_CHANGES)
@example(changes={"budget_pkr": "9" * 400})
@example(changes={"hours_per_week": "-1"})
@example(changes={"goal": "x" * 5000})
@example(changes={"skill-python": "python\x00"})
@example(changes={"add_skill": "\x00", "action": "add_skill"})
@example(changes={"target_role": ["1", "abc"], "sectors": ["'; DROP TABLE", "2"]})
def test_the_profile_form_saves_or_says_why(learner_client, world, changes):
    data = {**valid_profile_post(world), **changes}
    with rolled_back():
        before = learner_state(world.profile)

        response = post_form(learner_client, reverse("careers:profile_edit"), data)

        after = learner_state(world.profile)
        saved = Profile.objects.get(pk=world.profile.pk)
    if has_nul(data):
        assert_refused_nul(response)
        assert after == before
    elif last(data.get("action")) == "add_skill":
        # Adding a skill without JavaScript shows the form again and saves nothing.
        assert response.status_code == 200
        assert after == before
    elif response.status_code == 302:
        assert redirected_to(response) == "careers:home"
        saved.full_clean(exclude=["user"])
    else:
        assert response.status_code == 422, response.status_code
        assert 'class="form-errors"' in response.content.decode()
        assert after == before


@PROPERTY
@given(text=st.one_of(HOSTILE, st.lists(HOSTILE, max_size=20).map("\n".join)))
@example(text="Python, SQL, TensorFlow and Keras at work in Lahore. " * 500)
@example(text="I wrote Python\x00 for five years")
def test_a_pasted_cv_proposes_skills_or_says_why_and_writes_nothing(learner_client, world, text):
    with rolled_back():
        before = learner_state(world.profile)

        response = post_form(learner_client, reverse("careers:profile_cv"), {"text": text})

        after = learner_state(world.profile)
    assert after == before
    if NUL in text:
        assert_refused_nul(response)
    elif response.status_code == 422:
        assert 'class="form-errors"' in response.content.decode()
    else:
        assert response.status_code == 200


CV_SLUGS = st.one_of(st.sampled_from(["python", "sql"]), HOSTILE)


@PROPERTY
@given(
    keep=st.lists(CV_SLUGS, max_size=3),
    proposed=st.lists(CV_SLUGS, max_size=3),
    levels=st.dictionaries(CV_SLUGS, st.one_of(st.sampled_from(["1", "2", "3"]), HOSTILE)),
    evidence=st.dictionaries(CV_SLUGS, HOSTILE, max_size=2),
)
@example(keep=[], proposed=["python"], levels={"python": "abc"}, evidence={})
@example(keep=["python"], proposed=["python"], levels={"python": "2"}, evidence={})
def test_confirming_cv_skills_adds_them_or_says_why(
    learner_client, world, keep, proposed, levels, evidence
):
    data = {
        "keep": keep,
        "proposed": proposed,
        **{f"level-{slug}": level for slug, level in levels.items()},
        **{f"evidence-{slug}": text for slug, text in evidence.items()},
    }
    with rolled_back():
        before = learner_state(world.profile)

        response = post_form(learner_client, reverse("careers:profile_cv_confirm"), data)

        after = learner_state(world.profile)
    if has_nul(data):
        assert_refused_nul(response)
        assert after == before
    elif response.status_code == 302:
        assert redirected_to(response) == "careers:profile_edit"
    else:
        assert response.status_code == 422, response.status_code
        assert after == before


FILTER_QUERY = st.dictionaries(
    st.one_of(st.sampled_from(["free", "online", "in_city", "exclude"]), HOSTILE),
    st.one_of(HOSTILE_VALUES, st.sampled_from(["on", "1", "degree", "bootcamp", "practice"])),
    max_size=4,
)


@PROPERTY
@given(
    offering=st.one_of(st.sampled_from(["python-basics", "sql-basics"]), HOSTILE),
    status=st.one_of(
        st.sampled_from(["saved", "not_interested", "in_progress", "done", "clear"]), HOSTILE
    ),
    skill=st.one_of(st.sampled_from(["python", "sql"]), HOSTILE),
    filters=FILTER_QUERY,
    htmx=st.booleans(),
)
@example(offering="python-basics\x00", status="done", skill="python", filters={}, htmx=False)
@example(offering="python-basics", status="done\x00", skill="sql", filters={}, htmx=True)
def test_a_mark_is_set_or_refused_whole(
    learner_client, world, offering, status, skill, filters, htmx
):
    data = {**filters, "offering": offering, "status": status, "skill": skill}
    headers = {"HX-Request": "true"} if htmx else {}
    with rolled_back():
        before = learner_state(world.profile)

        response = post_form(learner_client, reverse("careers:mark"), data, **headers)

        after = learner_state(world.profile)
    if has_nul(data):
        assert_refused_nul(response)
        assert after == before
    elif offering not in ("python-basics", "sql-basics"):
        assert response.status_code == 404
        assert after == before
    elif status not in ("saved", "not_interested", "in_progress", "done", "clear"):
        assert response.status_code == 400
        assert after == before
    elif htmx:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert redirected_to(response) == "careers:path"


LEARNER_PAGES = {
    "careers:path": ["free", "online", "in_city", "exclude"],
    "careers:path_calendar": ["free", "online", "in_city", "exclude"],
    "careers:profile": ["q"],
    "careers:profile_edit": ["role"],
    "careers:skill_suggestions": ["add_skill", "skill-python", "skill-sql"],
    "careers:skill_row": ["skill", "add_level", "skill-python"],
    "careers:profile_cv": ["q"],
    "careers:roles_fit": ["q"],
    "careers:roles_compare": ["a", "b"],
    "careers:marks": ["q"],
    "careers:account_delete": ["q"],
}


@pytest.mark.parametrize("name", LEARNER_PAGES)
@PROPERTY
@given(data=st.data(), htmx=st.booleans())
def test_a_learner_page_answers_any_query_string(learner_client, world, name, data, htmx):
    pairs = data.draw(query_pairs(LEARNER_PAGES[name]), label="query")
    headers = {"HX-Request": "true"} if htmx else {}
    with rolled_back():
        response = learner_client.get(f"{reverse(name)}?{urlencode(pairs)}", headers=headers)

    if has_nul(pairs):
        assert_refused_nul(response)
    elif name == "careers:skill_row":
        assert response.status_code in (200, 404)
    else:
        assert response.status_code == 200


@PROPERTY
@given(skill=st.one_of(st.sampled_from(["python", "sql"]), SLUGGISH), filters=FILTER_QUERY)
def test_other_options_for_a_step_answer_any_skill_and_filters(
    learner_client, world, skill, filters
):
    url = reverse("careers:path_options", args=[skill])
    with rolled_back():
        response = learner_client.get(url, filters)

    if has_nul(filters):
        assert_refused_nul(response)
    else:
        assert response.status_code == (200 if skill in ("python", "sql") else 404)


@PROPERTY
@given(role=st.one_of(st.just("data-analyst"), HOSTILE_VALUES))
@example(role="data-analyst\x00")
def test_a_target_role_is_set_or_refused(learner_client, world, role):
    with rolled_back():
        before = learner_state(world.profile)

        response = post_form(learner_client, reverse("careers:role_target"), {"role": role})

        after = learner_state(world.profile)
    if has_nul(role):
        assert_refused_nul(response)
    elif last(role) == "data-analyst":
        assert response.status_code == 302
    else:
        assert response.status_code == 400
    if response.status_code != 302:
        assert after == before


@PROPERTY
@given(password=HOSTILE_VALUES)
def test_a_wrong_password_never_deletes_the_account(learner_client, world, password):
    with rolled_back():
        before = learner_state(world.profile)

        response = post_form(
            learner_client, reverse("careers:account_delete"), {"password": password}
        )

        after = learner_state(world.profile)
    assert after == before
    if has_nul(password):
        assert_refused_nul(response)
    else:
        assert response.status_code == 422
        assert "password is not right" in response.content.decode()


# The recommend command

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    HOSTILE,
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE, inner, max_size=3),
    max_leaves=8,
)
NEAR_VALID = {
    "target_role": st.just("data-analyst"),
    "skills": st.dictionaries(st.sampled_from(["python", "sql"]), st.integers(-5, 5)),
    "sectors": st.lists(st.sampled_from(["education"]), max_size=1),
    "city": st.sampled_from(["", "lahore", "karachi"]),
    "budget_pkr": st.integers(-(10**20), 10**20),
    "hours_per_week": st.integers(-10, 100),
    "delivery": st.sampled_from(["online", "in_person", "any"]),
    "goal": HOSTILE,
    "field_of_study": HOSTILE,
    "education": st.sampled_from(["", "bachelors", "masters", "phd", "other"]),
    "province": st.sampled_from(["", "punjab", "balochistan", "kashmir", "Punjab"]),
    "dismissed": st.lists(st.sampled_from(["python-basics", "sql-basics"]), max_size=2),
    "done": st.lists(st.sampled_from(["python-basics", "sql-basics"]), max_size=2),
}
PERSONAS = st.fixed_dictionaries(
    {},
    optional={key: st.one_of(NEAR_VALID[key], JSON_VALUES) for key in sorted(PERSONA_KEYS)},
)
PROFILE_FILES = st.one_of(
    PERSONAS.map(json.dumps),
    st.tuples(PERSONAS, st.dictionaries(HOSTILE, JSON_VALUES, min_size=1, max_size=2)).map(
        lambda both: json.dumps({**both[0], **both[1]})
    ),
    JSON_VALUES.map(json.dumps),
    HOSTILE,
    st.binary(max_size=40),
)


def keys_of(content: str | bytes) -> list[str]:
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        return []
    return list(data) if isinstance(data, dict) else []


@PROPERTY
@given(content=PROFILE_FILES)
@example(content=json.dumps({"target_role": []}))
@example(content=json.dumps({"target_role": "data-analyst", "sectors": [["education"]]}))
@example(content=json.dumps({"target_role": "data-analyst", "done": [{}]}))
@example(content="[" * 100_000 + "]" * 100_000)
@example(content=b"\xff\xfe\x00{")
def test_recommend_prints_a_path_or_exits_2_naming_the_key(world, db, tmp_path, content):
    profile = tmp_path / "profile.json"
    if isinstance(content, bytes):
        profile.write_bytes(content)
    else:
        profile.write_text(content, encoding="utf-8")
    out = io.StringIO()
    with rolled_back():
        try:
            call_command("recommend", "--profile", str(profile), stdout=out)
        except CommandError as exc:
            assert exc.returncode == 2
            named = ["profile", *PERSONA_KEYS, *keys_of(content)]
            assert any(str(exc).startswith(f"{key}: ") for key in named), str(exc)
            return
    assert json.loads(out.getvalue())["role"] == "data-analyst"


# The catalog loader

FIELD_NAMES = sorted(
    {"slug", "key"} | set().union(*SCALARS.values()) | set().union(*RELATIONS.values())
)
YAML_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.dates(),
    HOSTILE,
    SLUGGISH,
)
YAML_VALUES = st.recursive(
    YAML_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SLUGGISH, inner, max_size=3),
    max_leaves=6,
)
ENTRIES = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), HOSTILE), YAML_VALUES, min_size=1, max_size=6
)
DOCUMENTS = st.dictionaries(
    st.one_of(st.sampled_from(sorted(SECTIONS)), HOSTILE),
    st.one_of(st.lists(ENTRIES, max_size=3), YAML_VALUES),
    max_size=3,
).map(lambda document: yaml.safe_dump(document, allow_unicode=True))
YAML_SNIPPETS = st.sampled_from(
    [
        "sources:",
        "offerings:",
        "- slug: x",
        "  title: X",
        "  starts_on: 2026-02-30",
        "  cost_pkr: 99999999999999999999999",
        "  skills: {python: [1]}",
        "- &a [*a]",
        "!!python/object/apply:os.system ['true']",
        "{",
        "]",
        ": :",
        "\t- tab",
        "'unclosed",
        "? [complex, key]",
        "<<: *missing",
        "key: 0x_",
    ]
)
YAML_FILES = st.one_of(
    DOCUMENTS,
    st.lists(st.one_of(YAML_SNIPPETS, ODD_TEXT), max_size=6).map("\n".join),
)
CATALOG_MODELS = [model for model in apps.get_app_config("catalog").get_models()]


def catalog_counts() -> dict[str, Any]:
    counts: dict[str, Any] = {model._meta.label: model.objects.count() for model in CATALOG_MODELS}
    for model in CATALOG_MODELS:
        for field in model._meta.many_to_many:
            counts[field.remote_field.through._meta.label] = (
                field.remote_field.through.objects.count()
            )
    counts["version"] = list(CatalogVersion.objects.values_list("version", "token"))
    return counts


@PROPERTY
@given(content=YAML_FILES)
@example(content="offerings:\n- slug: x\n  title: X\n  starts_on: 2026-02-30\n")
@example(content="sources:\n- key: s\n  title: S\n  checked_on: 2026-01-01 25:00:00\n")
@example(content="roles:\n- slug: r\n  name: R\n  skills: [{skill: python, level: [1]}]\n")
@example(content="offerings:\n- &a {slug: x, title: X, skills: {python: *a}}\n")
@example(content="providers:\n- slug: a\n  source: {1: x, b: y}\n")
@example(content='sectors:\n- slug: nul-sector\n  name: "Sector\\0"\n')
@example(content="providers:\n- slug: a\n  source: " + "[" * 10_000 + "]" * 10_000 + "\n")
def test_the_loader_loads_a_file_whole_or_refuses_it_naming_the_problem(
    world, db, tmp_path, content
):
    catalog_file = tmp_path / "hostile.yaml"
    catalog_file.write_text(content, encoding="utf-8")
    with rolled_back():
        before = catalog_counts()
        try:
            call_command("load_catalog", str(catalog_file), stdout=io.StringIO())
        except CommandError as exc:
            assert "hostile.yaml" in str(exc)
            assert "nothing was written" in str(exc)
            assert catalog_counts() == before
            return
        # A file that loads holds no NUL (PostgreSQL could not store it), and loads only once.
        assert not has_nul(yaml.safe_load(content))
        loaded = catalog_counts()
        again = io.StringIO()
        call_command("load_catalog", str(catalog_file), stdout=again)
        assert catalog_counts() == loaded


# The admin import

RESOURCE_COLUMNS = {
    "sector": ["slug", "name", "description"],
    "skill": ["slug", "name", "category", "description", "aliases", "prerequisites"],
    "source": ["key", "title", "publisher", "url", "licence", "checked_on"],
    "provider": ["slug", "name", "short_name", "kind", "city", "url", "source"],
    "offering": [
        "slug",
        "title",
        "kind",
        "provider",
        "summary",
        "delivery",
        "cost_pkr",
        "cost_usd",
        "level",
        "duration_weeks",
        "starts_on",
        "is_active",
        "source",
        "sectors",
        "skills",
    ],
    "role": ["slug", "name", "summary", "basis", "source", "sectors", "skills"],
}
PLAUSIBLE_CELLS = st.sampled_from(
    [
        "python",
        "python:2",
        "python:2:5, sql:1:3",
        "python:9",
        "education",
        "hostile-source",
        "hostile-university",
        "online_course",
        "online",
        "beginner",
        "ml",
        "0",
        "12000",
        "2026-01-31",
        "2026-02-30",
        "TRUE",
        '=HYPERLINK("http://example.org")',
        "'=1+1",
        "new-slug",
    ]
)


@st.composite
def csv_files(draw) -> tuple[str, bytes]:
    model = draw(st.sampled_from(sorted(RESOURCE_COLUMNS)))
    columns = RESOURCE_COLUMNS[model]
    header = draw(st.lists(st.one_of(st.sampled_from(columns), HOSTILE), min_size=1, max_size=6))
    cells = st.one_of(PLAUSIBLE_CELLS, HOSTILE)
    rows = draw(st.lists(st.lists(cells, min_size=1, max_size=len(header) + 1), max_size=4))
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    raw = draw(st.one_of(st.just(text.getvalue()), ODD_TEXT, st.binary(max_size=60)))
    return model, raw.encode("utf-8") if isinstance(raw, str) else raw


@PROPERTY
@given(upload=csv_files())
@example(upload=("sector", b"slug,name\nnul-sector,Sector\x00\n"))
@example(upload=("sector", b"slug,name\nnul\x00sector,Sector\n"))
@example(upload=("offering", b"slug,skills,sectors\npython-basics,python\x00:2,education\x00\n"))
@example(upload=("source", b"key,title\x00\nhostile-source,Source\n"))
@example(upload=("sector", b"slug,name\nragged\nnew-sector,New,extra,cells\n"))
@example(upload=("offering", b"slug,cost_pkr\nx,99999999999999999999999\n"))
@example(upload=("sector", b"\xef\xbb\xbfslug,name\n\xff\xfe,\x80\n"))
@example(upload=("offering", b"\n0"))
def test_an_admin_import_previews_or_refuses_and_writes_nothing(admin_client, world, upload):
    model, content = upload
    with rolled_back():
        before = catalog_counts()

        response = admin_client.post(
            f"/admin/catalog/{model}/import/",
            {
                "format": "0",
                "resource": "0",
                "import_file": SimpleUploadedFile("hostile.csv", content),
            },
        )

        assert response.status_code == 200
        assert catalog_counts() == before
        page = response.content.decode()
        if 'name="confirm"' not in page:
            assert "Nothing was imported" in page or 'class="errorlist' in page, page
            return
        assert b"\x00" not in content
        confirm = response.context["confirm_form"]
        done = admin_client.post(
            f"/admin/catalog/{model}/process_import/",
            {name: confirm[name].value() for name in confirm.fields},
        )
        assert done.status_code == 302
