"""Skills from a CV, "which role fits me", and the profile form on a phone."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careers.models import Profile, ProfileSkill
from catalog.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_catalog")]

CV = """Sana Malik, Multan
BS Statistics, Bahauddin Zakariya University (2020-2024)
Thesis: analysed wheat yield data with pandas and scikit-learn.
Internship: built Power BI dashboards for a dairy company and wrote SQL queries daily.
Completed a Coursera course on Excel.
I want to learn deep learning."""


@pytest.fixture
def learner(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="sana@example.com", email="sana@example.com", password="pass-phrase-123"
    )
    client.force_login(user)
    return user


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pasted_cv_proposes_skills_with_levels_and_evidence_and_adds_nothing(client, learner):
    response = client.post(reverse("careers:profile_cv"), {"text": CV})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="bi-tools"' in page
    assert "built Power BI dashboards for a dairy company" in page
    assert 'value="deep-learning"' not in page  # only wished for
    assert not ProfileSkill.objects.exists()


def test_confirming_adds_only_the_ticked_skills_at_the_chosen_levels(client, learner):
    response = client.post(
        reverse("careers:profile_cv_confirm"),
        {
            "proposed": ["sql", "bi-tools", "excel"],
            "keep": ["sql", "bi-tools"],
            "level-sql": "2",
            "level-bi-tools": "3",
            "level-excel": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("careers:profile_edit") + "#skills")
    rows = dict(
        ProfileSkill.objects.filter(profile__user=learner).values_list("skill__slug", "level")
    )
    assert rows == {"sql": 2, "bi-tools": 3}


def test_confirming_nothing_says_so_and_keeps_the_proposals(client, learner):
    response = client.post(
        reverse("careers:profile_cv_confirm"),
        {"proposed": ["sql"], "level-sql": "2", "evidence-sql": "wrote SQL queries daily"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Tick at least one skill to add" in page
    assert "wrote SQL queries daily" in page


def test_a_word_file_is_read_and_not_stored(client, learner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("cv.docx", docx_bytes(CV))
    response = client.post(reverse("careers:profile_cv"), {"file": upload})
    assert response.status_code == 200
    assert 'value="sql"' in response.content.decode()
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"%PDF" + b"0" * (2 * 1024 * 1024), "larger than 2 MB"),
        ("cv.txt", b"plain words", "Upload a PDF or a Word (.docx) file"),
        ("cv.docx", b"PK\x03\x04broken", "Upload a PDF or a Word (.docx) file"),
        ("scan.pdf", None, "No text was found in this file"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(client, learner, name, content, message):
    upload = SimpleUploadedFile(name, content if content is not None else blank_pdf_bytes())
    response = client.post(reverse("careers:profile_cv"), {"file": upload})
    assert response.status_code == 422
    assert message in response.content.decode()


def test_an_empty_cv_form_asks_for_text_or_a_file(client, learner):
    response = client.post(reverse("careers:profile_cv"), {"text": "  "})
    assert response.status_code == 422
    assert "Paste your CV&#x27;s text or choose a file to upload." in response.content.decode()


def test_the_fit_page_ranks_every_role_with_weeks_cost_and_a_target_button(client, learner):
    Profile.objects.create(user=learner, hours_per_week=10)
    client.post(
        reverse("careers:profile_cv_confirm"),
        {
            "proposed": ["sql", "excel"],
            "keep": ["sql", "excel"],
            "level-sql": "3",
            "level-excel": "2",
        },
    )
    client.get(reverse("careers:roles_fit"))  # the first request fits the model
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("careers:roles_fit"))
    assert response.status_code == 200
    page = response.content.decode()
    for role in Role.objects.all():
        assert f'id="role-{role.slug}"' in page
    assert page.index('id="role-data-analyst"') < page.index('id="role-ai-researcher"')
    assert "Weeks to be ready" in page and "Make BI analyst my target" in page
    assert len(queries) <= 12, "\n".join(q["sql"][:90] for q in queries)


def test_making_a_role_the_target_leads_to_the_path(client, learner):
    response = client.post(reverse("careers:role_target"), {"role": "bi-analyst"})
    assert response.status_code == 302
    assert response["Location"] == reverse("careers:path")
    assert Profile.objects.get(user=learner).target_role.slug == "bi-analyst"
    assert client.post(reverse("careers:role_target"), {"role": "pilot"}).status_code == 400


def test_two_roles_compare_side_by_side(client, learner):
    response = client.get(
        reverse("careers:roles_compare"), {"a": "data-analyst", "b": "bi-analyst"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Data analyst" in page and "BI analyst" in page
    assert "BI tools (Power BI, Tableau)" in page


def test_profile_numbers_accept_urdu_and_arabic_indic_digits(client, learner):
    data = {
        "target_role": Role.objects.get(slug="data-analyst").pk,
        "delivery": "any",
        "budget_pkr": "۵۰۰۰",
        "hours_per_week": "١٢",
        "action": "save",
    }
    response = client.post(reverse("careers:profile_edit"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = Profile.objects.get(user=learner)
    assert (profile.budget_pkr, profile.hours_per_week) == (5000, 12)


def test_a_failed_save_lists_each_problem_with_a_link_to_its_field(client, learner):
    response = client.post(
        reverse("careers:profile_edit"),
        {"delivery": "any", "budget_pkr": "lots", "hours_per_week": "6", "action": "save"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert '<a href="#id_target_role">Target role: Choose the role you are aiming for.</a>' in page
    assert '<a href="#id_budget_pkr">Monthly budget in PKR:' in page


def test_the_first_submit_button_saves_so_enter_saves(client, learner):
    page = client.get(reverse("careers:profile_edit")).content.decode()
    form = page[page.index('class="profile-form"') :]
    first_button = form[form.index("<button") : form.index(">", form.index("<button"))]
    assert 'value="save"' in first_button
    assert form.index('id="id_target_role"') < form.index('id="id_city"')


def test_extract_skills_prints_the_contract(tmp_path):
    cv = tmp_path / "cv.txt"
    cv.write_text(CV, encoding="utf-8")
    out = io.StringIO()
    call_command("extract_skills", "--text-file", str(cv), "--format", "json", stdout=out)
    skills = json.loads(out.getvalue())["skills"]
    assert {"skill", "level", "evidence"} == set(skills[0])
    assert {s["skill"] for s in skills} >= {"sql", "bi-tools", "excel"}
    assert all(s["level"] in (1, 2, 3) for s in skills)


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "does not exist"), ("   \n", "is empty"), (b"\xff\xfe\x00bad", "cannot be read")],
)
def test_extract_skills_refuses_bad_files_with_status_2(tmp_path, content, message):
    cv = tmp_path / "cv.txt"
    if isinstance(content, bytes):
        cv.write_bytes(content)
    elif content is not None:
        cv.write_text(content)
    with pytest.raises(CommandError) as error:
        call_command("extract_skills", "--text-file", str(cv))
    assert error.value.returncode == 2
    assert message in str(error.value)


def test_suggest_roles_ranks_every_role_and_validates_like_recommend(tmp_path):
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"skills": {"sql": 3, "excel": 2}, "hours_per_week": 10}))
    out = io.StringIO()
    call_command("suggest_roles", "--profile", str(profile), stdout=out)
    roles = json.loads(out.getvalue())["roles"]
    assert {r["role"] for r in roles} == set(Role.objects.values_list("slug", flat=True))
    assert {"role", "weeks", "have", "need", "cost_pkr"} <= set(roles[0])
    profile.write_text(json.dumps({"skills": {"cooking": 2}}))
    with pytest.raises(CommandError) as error:
        call_command("suggest_roles", "--profile", str(profile))
    assert error.value.returncode == 2 and "skills" in str(error.value)
