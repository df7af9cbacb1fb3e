"""The catalog admin: who may use it, what it refuses, bulk actions, history, file import."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps as global_apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Offering, OfferingSkill, Skill
from catalog.selectors import catalog_version
from tests.factories import (
    EDITOR_GROUP_MIGRATIONS,
    EDITORS,
    OfferingFactory,
    SkillFactory,
    SourceFactory,
    editors_group_restore,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def editors_group(db):
    editors_group_restore()


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def offering(db):
    return OfferingFactory(title="Intro to machine learning", cost_pkr=12000, url="")


def login(client, django_user_model, who: str):
    if who == "anonymous":
        return client
    if who == "superuser":
        user = django_user_model.objects.create_superuser("root", password="pw")
    else:
        user = django_user_model.objects.create_user(who, password="pw", is_staff=who != "learner")
        if who == "editor":
            user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


URLS = {
    "admin index": "/admin/",
    "offering list": "/admin/catalog/offering/",
    "offering change": "/admin/catalog/offering/{pk}/change/",
    "offering import": "/admin/catalog/offering/import/",
    "offering export": "/admin/catalog/offering/export/",
    "catalog version": "/admin/catalog/catalogversion/1/change/",
    "user list": "/admin/auth/user/",
    "user add": "/admin/auth/user/add/",
    "group list": "/admin/auth/group/",
}
LOGIN = "login"
MATRIX = {
    "anonymous": dict.fromkeys(URLS, LOGIN),
    "learner": dict.fromkeys(URLS, LOGIN),
    "staff without group": {
        "admin index": 200,
        "offering list": 403,
        "offering change": 403,
        "offering import": 403,
        "offering export": 403,
        "catalog version": 403,
        "user list": 403,
        "user add": 403,
        "group list": 403,
    },
    "editor": {
        "admin index": 200,
        "offering list": 200,
        "offering change": 200,
        "offering import": 200,
        "offering export": 200,
        "catalog version": 200,
        "user list": 403,
        "user add": 403,
        "group list": 403,
    },
    "superuser": dict.fromkeys(URLS, 200),
}


@pytest.mark.parametrize(
    ("who", "page"), [(who, page) for who in MATRIX for page in URLS], ids="{0[0]}: {0[1]}".format
)
def test_permission_matrix(client, django_user_model, offering, who, page):
    client = login(client, django_user_model, who.replace("staff without group", "staff"))

    response = client.get(URLS[page].format(pk=offering.pk))

    expected = MATRIX[who][page]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    else:
        assert response.status_code == expected


def test_an_editor_sees_the_catalog_and_not_the_users(client, editor):
    client.force_login(editor)

    index = client.get("/admin/").content.decode()

    assert "/admin/catalog/offering/" in index
    assert "/admin/auth/user/" not in index
    assert "/admin/auth/group/" not in index


def test_an_editor_can_change_an_offering_but_not_the_catalog_version(client, editor, offering):
    client.force_login(editor)

    changed = client.post(
        f"/admin/catalog/offering/{offering.pk}/change/", offering_data(offering, cost_pkr="0")
    )
    version_post = client.post("/admin/catalog/catalogversion/1/change/", {"version": "999"})

    assert changed.status_code == 302
    offering.refresh_from_db()
    assert offering.cost_pkr == 0
    assert version_post.status_code == 403
    assert catalog_version() != 999


def test_the_editors_group_holds_catalog_permissions_and_nothing_else():
    group = Group.objects.get(name=EDITORS)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    editable = [
        "source",
        "sector",
        "skill",
        "provider",
        "offering",
        "offeringskill",
        "accessroute",
        "role",
    ]
    expected = {
        ("catalog", f"{action}_{model}")
        for model in [*editable, "roleskill"]
        for action in ("add", "change", "delete", "view")
    } | {("catalog", "view_catalogversion")}

    assert codenames == expected


def test_the_group_migration_can_run_again_without_change():
    before = set(Group.objects.get(name=EDITORS).permissions.all())

    schema_editor = SimpleNamespace(connection=SimpleNamespace(alias="default"))
    for module, function in EDITOR_GROUP_MIGRATIONS:
        getattr(importlib.import_module(module), function)(global_apps, schema_editor)

    assert Group.objects.filter(name=EDITORS).count() == 1
    assert set(Group.objects.get(name=EDITORS).permissions.all()) == before
    assert Permission.objects.filter(codename="change_offering").count() == 1


# --- validation shows on the field -------------------------------------------------


def offering_data(offering: Offering, **overrides) -> dict:
    data = {
        "title": offering.title,
        "slug": offering.slug,
        "kind": offering.kind,
        "provider": offering.provider_id or "",
        "summary": offering.summary,
        "url": offering.url,
        "is_active": "on" if offering.is_active else "",
        "delivery": offering.delivery,
        "city": offering.city,
        "cost_pkr": "" if offering.cost_pkr is None else offering.cost_pkr,
        "level": offering.level,
        "duration_weeks": offering.duration_weeks or "",
        "hours_per_week": offering.hours_per_week or "",
        "cost_period": offering.cost_period,
        "language": offering.language,
        "schedule": offering.schedule,
        "entry_test": "unknown",
        "starts_on": "",
        "prerequisite_skills": [s.pk for s in offering.prerequisite_skills.all()],
        "sectors": [s.pk for s in offering.sectors.all()],
        "source": offering.source_id,
        "skills_taught-TOTAL_FORMS": "0",
        "skills_taught-INITIAL_FORMS": "0",
        "skills_taught-MIN_NUM_FORMS": "0",
        "skills_taught-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def field_error(response, field: str) -> str:
    """The error text the admin shows next to one field (empty when there is none)."""
    match = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S
    )
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cost_pkr", "-500", "Ensure this value is greater than or equal to 0."),
        ("duration_weeks", "0", "Ensure this value is greater than or equal to 1."),
        ("hours_per_week", "0", "Ensure this value is greater than or equal to 1."),
        ("url", "not a web address", "Enter a valid URL."),
    ],
)
def test_a_bad_offering_value_is_refused_on_its_field(
    admin_client, offering, field, value, message
):
    response = admin_client.post(
        f"/admin/catalog/offering/{offering.pk}/change/", offering_data(offering, **{field: value})
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert field_error(response, field) == message
    offering.refresh_from_db()
    assert offering.cost_pkr == 12000


def test_a_duplicate_slug_is_refused_on_its_field(admin_client, offering):
    OfferingFactory(slug="taken")

    response = admin_client.post(
        "/admin/catalog/offering/add/", offering_data(offering, title="Another", slug="taken")
    )

    assert field_error(response, "slug") == "Offering with this Slug already exists."
    assert Offering.objects.filter(slug="taken").count() == 1


def skill_data(skill: Skill, prerequisites: list[Skill]) -> dict:
    return {
        "name": skill.name,
        "slug": skill.slug,
        "category": skill.category,
        "description": skill.description,
        "aliases": skill.aliases,
        "prerequisites": [p.pk for p in prerequisites],
        "prerequisites_from": skill.prerequisites_from,
    }


def test_a_prerequisite_cycle_is_refused_on_the_prerequisites_field(admin_client):
    python = SkillFactory(slug="python", name="Python")
    ml = SkillFactory(slug="machine-learning", name="Machine learning")
    deep = SkillFactory(slug="deep-learning", name="Deep learning")
    ml.prerequisites.set([python])
    deep.prerequisites.set([ml])

    response = admin_client.post(
        f"/admin/catalog/skill/{python.pk}/change/", skill_data(python, [deep])
    )

    assert field_error(response, "prerequisites") == (
        "Prerequisite cycle: Deep learning → Machine learning → Python → Deep learning"
    )
    assert not python.prerequisites.exists()


def test_a_skill_cannot_require_itself(admin_client):
    python = SkillFactory(slug="python", name="Python")

    response = admin_client.post(
        f"/admin/catalog/skill/{python.pk}/change/", skill_data(python, [python])
    )

    assert field_error(response, "prerequisites") == "Prerequisite cycle: Python → Python"


def test_prerequisites_without_a_cycle_are_saved(admin_client):
    python = SkillFactory(slug="python", name="Python")
    ml = SkillFactory(slug="machine-learning", name="Machine learning")

    response = admin_client.post(f"/admin/catalog/skill/{ml.pk}/change/", skill_data(ml, [python]))

    assert response.status_code == 302
    assert list(ml.prerequisites.all()) == [python]


def test_an_editor_sets_a_skills_urdu_name_and_the_level_its_prerequisites_apply_from(
    admin_client,
):
    deep = SkillFactory(slug="deep-learning", name="Deep learning")
    llms = SkillFactory(slug="llms", name="Large language models")
    data = {**skill_data(llms, [deep]), "name_ur": "لارج لینگویج ماڈلز", "prerequisites_from": 2}

    response = admin_client.post(f"/admin/catalog/skill/{llms.pk}/change/", data)

    assert response.status_code == 302
    llms.refresh_from_db()
    assert (llms.name_ur, llms.prerequisites_from) == ("لارج لینگویج ماڈلز", 2)
    assert list(llms.prerequisites.all()) == [deep]


# --- bulk actions -----------------------------------------------------------------


def test_retire_and_activate_in_bulk_change_rows_and_bump_the_version(admin_client):
    offerings = OfferingFactory.create_batch(3)
    already_retired = OfferingFactory(is_active=False)
    chosen = [*offerings, already_retired]
    version = catalog_version()

    response = admin_client.post(
        "/admin/catalog/offering/",
        {"action": "retire", "_selected_action": [o.pk for o in chosen]},
        follow=True,
    )

    assert "3 offerings retired." in response.content.decode()
    assert not Offering.objects.filter(is_active=True).exists()
    assert catalog_version() == version + 1

    response = admin_client.post(
        "/admin/catalog/offering/",
        {"action": "activate", "_selected_action": [offerings[0].pk]},
        follow=True,
    )

    assert "1 offering activated." in response.content.decode()
    assert list(Offering.objects.filter(is_active=True)) == [offerings[0]]
    assert catalog_version() == version + 2


def test_a_bulk_action_leaves_history(admin_client, offering):
    admin_client.post(
        "/admin/catalog/offering/", {"action": "retire", "_selected_action": [offering.pk]}
    )

    entry = LogEntry.objects.get(object_id=str(offering.pk))
    assert entry.get_change_message() == "Changed Active."


# --- history ----------------------------------------------------------------------


def test_history_names_the_changed_fields_and_inline_skills(admin_client, offering):
    python = SkillFactory(name="Python")
    data = offering_data(offering, cost_pkr="0", title="Intro to ML")
    data.update(
        {
            "skills_taught-TOTAL_FORMS": "1",
            "skills_taught-0-skill": python.pk,
            "skills_taught-0-level": "2",
        }
    )

    admin_client.post(f"/admin/catalog/offering/{offering.pk}/change/", data)

    entry = LogEntry.objects.get(object_id=str(offering.pk))
    assert entry.user.username == "admin"
    assert entry.get_change_message() == (
        "Changed Title and Cost in PKR. Added skill taught “Python (Working)”."
    )
    history = admin_client.get(f"/admin/catalog/offering/{offering.pk}/history/")
    assert "Changed Title and Cost in PKR." in history.content.decode()


# --- import through the admin -----------------------------------------------------

HEADER = "slug,title,kind,summary,delivery,cost_pkr,level,source,skills"


def upload(client, model: str, csv_text: str):
    return client.post(
        f"/admin/catalog/{model}/import/",
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("offerings.csv", csv_text.encode()),
        },
    )


def test_an_import_preview_shows_new_changed_and_unchanged_rows(admin_client, offering):
    source = SourceFactory(key="src")
    SkillFactory(slug="python")
    offering.source = source
    offering.save()
    csv_text = "\n".join(
        [
            HEADER,
            f"{offering.slug},{offering.title},online_course,{offering.summary},online,"
            f"{offering.cost_pkr},beginner,src,",
            "new-course,New course,bootcamp,Learn,online,0,beginner,src,python:2",
        ]
    )
    version = catalog_version()

    preview = upload(admin_client, "offering", csv_text)

    page = preview.content.decode()
    assert "0 to add, 0 to change" not in page
    assert "1 to add, 0 to change, 1 unchanged (left alone)" in page
    assert 'name="confirm"' in page
    assert not Offering.objects.filter(slug="new-course").exists()
    assert catalog_version() == version


def test_a_confirmed_import_writes_rows_and_history(admin_client, offering):
    source = SourceFactory(key="src")
    SkillFactory(slug="python")
    csv_text = "\n".join(
        [
            HEADER,
            f"{offering.slug},{offering.title},online_course,{offering.summary},online,"
            f"0,beginner,{offering.source.key},python:1",
            f"new-course,New course,bootcamp,Learn,online,0,beginner,{source.key},python:2",
        ]
    )
    preview = upload(admin_client, "offering", csv_text)
    confirm = preview.context["confirm_form"]
    version = catalog_version()

    response = admin_client.post(
        "/admin/catalog/offering/process_import/",
        {name: confirm[name].value() for name in confirm.fields},
        follow=True,
    )

    assert "Import finished: 1 new, 1 updated" in response.content.decode()
    new = Offering.objects.get(slug="new-course")
    assert OfferingSkill.objects.get(offering=new).level == 2
    offering.refresh_from_db()
    assert offering.cost_pkr == 0
    assert catalog_version() > version
    messages = {entry.object_repr: entry.get_change_message() for entry in LogEntry.objects.all()}
    assert messages == {
        "New course": "Added by import.",
        offering.title: "Changed Cost in PKR and Skills taught by import.",
    }


def test_an_import_with_a_bad_row_shows_row_column_and_reason(admin_client, offering):
    SourceFactory(key="src")
    csv_text = "\n".join(
        [
            HEADER,
            "good-course,Good,bootcamp,Learn,online,0,beginner,src,",
            "bad-course,Bad,bootcamp,Learn,online,-5,beginner,src,",
        ]
    )

    response = upload(admin_client, "offering", csv_text)

    page = response.content.decode()
    assert "Nothing was imported: 1 row has a problem" in page
    assert re.search(
        r"Row 2, column <span[^>]*>cost_pkr</span>: Ensure this value is greater than or "
        r"equal to 0\.",
        page,
    )
    assert 'name="confirm"' not in page
    assert not Offering.objects.filter(slug__in=["good-course", "bad-course"]).exists()


def test_a_learner_cannot_import(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("learner", password="pw"))

    response = upload(client, "offering", HEADER)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
