"""The learner's pages: who may see what, the profile form, export and deletion."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from careers.models import Profile, ProfileSkill, SharedPath, StepNote, StepStatus
from tests.factories import OfferingFactory, RoleFactory, SectorFactory, SkillFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

USER_URLS = [
    ("careers:home", "GET"),
    ("careers:path", "GET"),
    ("careers:mark", "POST"),
    ("careers:path_calendar", "GET"),
    ("careers:share_create", "POST"),
    ("careers:share_revoke", "POST"),
    ("careers:marks", "GET"),
    ("careers:mark_undo", "POST"),
    ("careers:profile", "GET"),
    ("careers:profile_edit", "GET"),
    ("careers:profile_edit", "POST"),
    ("careers:skill_suggestions", "GET"),
    ("careers:skill_row", "GET"),
    ("careers:data_export", "GET"),
    ("careers:account_delete", "GET"),
    ("careers:account_delete", "POST"),
    ("careers:profile_cv", "GET"),
    ("careers:profile_cv", "POST"),
    ("careers:profile_cv_confirm", "POST"),
    ("careers:roles_fit", "GET"),
    ("careers:roles_compare", "GET"),
    ("careers:role_target", "POST"),
]


def make_user(email, **extra):
    return User.objects.create_user(
        username=email, email=email, password="pass-phrase-123", **extra
    )


@pytest.fixture
def catalog():
    python = SkillFactory(slug="python", name="Python", aliases="py")
    tensorflow = SkillFactory(slug="tensorflow", name="TensorFlow", aliases="TF, tf.keras, Keras")
    sql = SkillFactory(slug="sql", name="SQL", aliases="PostgreSQL, MySQL")
    role = RoleFactory(slug="nlp-engineer", name="NLP engineer", skills={python: (2, 5)})
    sector = SectorFactory(slug="education", name="Education")
    return {"python": python, "tensorflow": tensorflow, "sql": sql, "role": role, "sector": sector}


@pytest.fixture
def owner(catalog):
    user = make_user("owner@example.pk")
    profile = Profile.objects.create(
        user=user, target_role=catalog["role"], city="lahore", goal="Secret goal of the owner"
    )
    ProfileSkill.objects.create(profile=profile, skill=catalog["python"], level=2)
    StepStatus.objects.create(
        profile=profile, offering=OfferingFactory(slug="kaggle-python"), status="done"
    )
    return user


def valid_post(catalog, **changes):
    data = {
        "education_level": "bachelors",
        "field_of_study": "Physics",
        "institution": "LUMS",
        "city": "karachi",
        "delivery": "online",
        "target_role": str(catalog["role"].pk),
        "sectors": [str(catalog["sector"].pk)],
        "goal": "Work on Urdu NLP",
        "budget_pkr": "0",
        "hours_per_week": "6",
        "skill-python": "3",
        "skill-sql": "1",
        "action": "save",
    }
    data.update(changes)
    return data


# Who sees what


@pytest.mark.parametrize(("name", "method"), USER_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name, method):
    url = reverse(name)
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "method"), USER_URLS)
@pytest.mark.parametrize("who", ["other learner", "staff"])
def test_nobody_else_ever_sees_the_owners_data(client, owner, name, method, who):
    visitor = make_user(f"{who.replace(' ', '-')}@example.pk", is_staff=(who == "staff"))
    client.force_login(visitor)
    url = reverse(name)
    if method == "GET":
        response = client.get(url, {"skill": "python", "add_skill": "py"})
    elif name == "careers:account_delete":
        response = client.post(url, {"password": "wrong"})
    elif name in ("careers:mark", "careers:mark_undo"):
        response = client.post(url, {"offering": "kaggle-python", "status": "clear"})
    else:
        response = client.post(url, {"action": "add_skill"})
    body = response.content.decode()
    assert "Secret goal of the owner" not in body
    assert "owner@example.pk" not in body
    assert "kaggle-python" not in body
    assert User.objects.filter(email="owner@example.pk").exists()
    assert Profile.objects.get(user=owner).goal == "Secret goal of the owner"
    assert StepStatus.objects.filter(profile__user=owner, offering__slug="kaggle-python").exists()


def test_the_owner_sees_their_own_profile(client, owner):
    client.force_login(owner)
    body = client.get(reverse("careers:profile")).content.decode()
    assert "Secret goal of the owner" in body
    assert "Python" in body


def test_home_sends_a_new_learner_to_the_profile_form(client, catalog):
    client.force_login(make_user("new@example.pk"))
    assert client.get(reverse("careers:home"))["Location"] == reverse("careers:profile_edit")


# The profile form


def test_saving_writes_profile_sectors_and_skills(client, catalog):
    user = make_user("learner@example.pk")
    client.force_login(user)
    response = client.post(reverse("careers:profile_edit"), valid_post(catalog))
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.city, profile.delivery, profile.hours_per_week) == ("karachi", "online", 6)
    assert list(profile.sectors.values_list("slug", flat=True)) == ["education"]
    assert dict(profile.skills.values_list("skill__slug", "level")) == {"python": 3, "sql": 1}


def test_saving_again_changes_and_removes_skills(client, catalog):
    user = make_user("learner@example.pk")
    client.force_login(user)
    client.post(reverse("careers:profile_edit"), valid_post(catalog))
    client.post(
        reverse("careers:profile_edit"),
        valid_post(catalog, **{"skill-python": "1", "remove-sql": "1"}),
    )
    profile = Profile.objects.get(user=user)
    assert dict(profile.skills.values_list("skill__slug", "level")) == {"python": 1}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours_per_week": "0"}, "Enter at least 1 hour a week."),
        ({"hours_per_week": "81"}, "Enter at most 80 hours a week."),
        ({"hours_per_week": "six"}, "Enter a whole number of hours, from 1 to 80."),
        ({"budget_pkr": "-100"}, "The budget cannot be negative."),
        ({"budget_pkr": "99999999"}, "Enter a monthly budget of at most 10,000,000 rupees."),
        ({"target_role": ""}, "Choose the role you are aiming for."),
        ({"target_role": "99999"}, "Choose one of the roles in the list."),
        ({"skill-cobol": "2"}, "is not a skill in the catalog."),
        ({"skill-python": "7"}, "Choose beginner, working or advanced for Python."),
        ({"add_skill": "quantum knitting"}, "No skill is called"),
    ],
)
def test_a_bad_answer_is_explained_keeps_what_was_typed_and_saves_nothing(
    client, catalog, changes, message
):
    user = make_user("learner@example.pk")
    client.force_login(user)
    response = client.post(reverse("careers:profile_edit"), valid_post(catalog, **changes))
    body = response.content.decode()
    assert response.status_code == 422
    assert message in body
    assert 'value="Physics"' in body
    assert "Work on Urdu NLP" in body
    assert not Profile.objects.filter(user=user).exists()


def test_adding_a_skill_without_javascript_finds_it_by_alias_and_saves_nothing(client, catalog):
    user = make_user("learner@example.pk")
    client.force_login(user)
    data = valid_post(catalog, action="add_skill", add_skill="tf", add_level="2")
    response = client.post(reverse("careers:profile_edit"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="skill-tensorflow"' in body
    assert 'name="skill-python"' in body
    assert 'value="Physics"' in body
    assert "errorlist" not in body
    assert not Profile.objects.filter(user=user).exists()


def test_adding_a_skill_already_listed_says_so(client, catalog):
    client.force_login(make_user("learner@example.pk"))
    data = valid_post(catalog, action="add_skill", add_skill="py")
    body = client.post(reverse("careers:profile_edit"), data).content.decode()
    assert "Python is already in your list; change its level there." in body


def test_saving_with_a_listed_skill_still_typed_in_the_finder_just_saves(client, catalog):
    user = make_user("learner@example.pk")
    client.force_login(user)
    response = client.post(reverse("careers:profile_edit"), valid_post(catalog, add_skill="SQL"))
    assert response.status_code == 302
    assert Profile.objects.get(user=user).skills.count() == 2


def test_suggestions_find_skills_by_alias_and_skip_listed_ones(client, catalog):
    client.force_login(make_user("learner@example.pk"))
    url = reverse("careers:skill_suggestions")
    body = client.get(url, {"add_skill": "TF"}, headers={"HX-Request": "true"}).content.decode()
    assert body.strip().startswith('<div id="skill-suggestions"')
    assert "TensorFlow" in body
    listed = client.get(url, {"add_skill": "TF", "skill-tensorflow": "1"}).content.decode()
    assert "<button" not in listed
    assert "TensorFlow is already in your list; change its level there." in listed
    nothing = client.get(url, {"add_skill": "zzz"}).content.decode()
    assert "No skill matches" in nothing


def test_skill_row_fragment_carries_the_chosen_level(client, catalog):
    client.force_login(make_user("learner@example.pk"))
    body = client.get(
        reverse("careers:skill_row"), {"skill": "sql", "add_level": "3"}
    ).content.decode()
    assert 'name="skill-sql"' in body
    assert '<option value="3" selected>' in body
    assert client.get(reverse("careers:skill_row"), {"skill": "nope"}).status_code == 404


# Export and deletion


def test_data_export_holds_the_profile_skills_and_marks(client, owner):
    client.force_login(owner)
    response = client.get(reverse("careers:data_export"))
    assert response["Content-Disposition"].startswith('attachment; filename="raasta-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "owner@example.pk"
    assert data["profile"]["goal"] == "Secret goal of the owner"
    assert data["skills"] == [{"skill": "python", "level": 2}]
    assert [m["offering"] for m in data["marks"]] == ["kaggle-python"]


# The export's name for each stored field of each model that holds a learner's data; the
# rest are keys, not data about the learner.
EXPORTED_FIELDS = {
    Profile: {
        "education_level",
        "field_of_study",
        "institution",
        "city",
        "province",
        "willing_to_relocate",
        "delivery",
        "target_role",
        "sectors",
        "goal",
        "budget_pkr",
        "hours_per_week",
        "language",
        "created_at",
        "updated_at",
    },
    ProfileSkill: {"skill", "level"},
    StepStatus: {"offering", "status", "skill", "marked_at", "updated_at"},
    SharedPath: {"token", "snapshot", "created_at", "revoked_at"},
    StepNote: {"offering", "text", "created_at", "updated_at"},
}
# Keys, not data: `revision` is a random value that only says "changed since".
NOT_DATA = {"id", "profile", "user", "revision"}
RENAMED = {(StepStatus, "created_at"): "marked_at"}


def test_every_stored_field_of_a_learner_is_in_the_export(client, owner):
    """A new field on a learner's model fails this test until the export holds it."""
    profile = owner.profile
    SharedPath.objects.create(profile=profile, token="t" * 40, snapshot={"steps": []})
    StepStatus.objects.update(skill=profile.skills.get().skill)
    StepNote.objects.create(
        profile=profile, offering=StepStatus.objects.first().offering, text="Week 1: NumPy."
    )
    owner.emailaddress_set.create(email=owner.email, verified=True, primary=True)
    client.force_login(owner)
    data = json.loads(client.get(reverse("careers:data_export")).content)
    sections = {
        Profile: [data["profile"]],
        ProfileSkill: data["skills"],
        StepStatus: data["marks"],
        SharedPath: data["shared_paths"],
        StepNote: data["notes"],
    }
    for model, rows in sections.items():
        stored = {
            RENAMED.get((model, field.name), field.name)
            for field in model._meta.get_fields()
            if field.concrete or field.many_to_many
        } - NOT_DATA
        assert stored == EXPORTED_FIELDS[model], model.__name__
        assert rows and all(set(row) >= stored for row in rows), model.__name__
    assert data["marks"][0]["skill"] == "python"
    assert data["shared_paths"][0]["token"] == "t" * 40
    account = data["account"]
    assert account["email_addresses"] == [
        {"email": "owner@example.pk", "verified": True, "primary": True}
    ]
    assert account["last_login"] is not None


def test_data_export_before_a_profile_exists(client, catalog):
    client.force_login(make_user("new@example.pk"))
    data = json.loads(client.get(reverse("careers:data_export")).content)
    assert data["profile"] is None and data["skills"] == [] and data["marks"] == []


def test_deleting_the_account_needs_the_password_and_removes_everything(client, owner):
    client.force_login(owner)
    wrong = client.post(reverse("careers:account_delete"), {"password": "nope"})
    assert wrong.status_code == 422
    assert User.objects.filter(pk=owner.pk).exists()

    response = client.post(reverse("careers:account_delete"), {"password": "pass-phrase-123"})
    assert response["Location"] == reverse("catalog:home")
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Profile.objects.exists()
    assert not ProfileSkill.objects.exists()
    assert not StepStatus.objects.exists()
    assert client.get(reverse("careers:profile")).status_code == 302  # logged out


def test_a_role_page_link_preselects_the_role(client, catalog):
    client.force_login(make_user("new@example.pk"))
    response = client.get(reverse("careers:profile_edit"), {"role": "nlp-engineer"})
    assert response.context["form"]["target_role"].value() == catalog["role"].pk
