"""A catalog editor works in the admin in headless Chromium: edit, import, see it published."""

import re

import pytest
from playwright.sync_api import Page, expect

from catalog.models import Offering
from tests.factories import editor_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "slug,title,kind,summary,delivery,cost_pkr,level,source,skills"


@pytest.fixture
def editor():
    return editor_create()


@pytest.fixture
def admin_page(live_server, seed_catalog, editor, page: Page) -> Page:
    # The admin sends editors to the site's log-in page, with its rate limits.
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill("editor@example.pk")
    page.get_by_label("Password:").fill("a-long-passphrase")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Offerings")).to_be_visible()
    return page


def import_csv(page: Page, live_server, name: str, text: str) -> None:
    page.goto(f"{live_server.url}/admin/catalog/offering/import/")
    page.get_by_label("File to import").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()


def test_an_editor_makes_an_offering_free(admin_page: Page):
    page = admin_page
    offering = Offering.objects.exclude(cost_pkr=0).order_by("title")[0]

    page.get_by_role("link", name="Offerings").click()
    page.locator("#searchbar").fill(offering.title)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=offering.title, exact=True).click()
    page.get_by_label("Cost in PKR").fill("0")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    row = page.locator("#result_list tr", has_text=offering.title)
    expect(row.locator(".field-cost")).to_have_text("Free")
    offering.refresh_from_db()
    assert offering.cost_pkr == 0


def test_an_import_with_a_bad_row_shows_the_error_and_changes_nothing(
    admin_page: Page, live_server
):
    page = admin_page
    before = Offering.objects.count()
    source = Offering.objects.first().source.key
    text = "\n".join(
        [
            HEADER,
            f"fine-course,Fine course,bootcamp,Learn,online,0,beginner,{source},python:1",
            f"broken-course,Broken course,bootcamp,Learn,online,-5,beginner,{source},python:7",
        ]
    )

    import_csv(page, live_server, "bad.csv", text)

    errors = page.locator(".import-row-errors")
    expect(page.get_by_role("heading", name=re.compile("Nothing was imported"))).to_be_visible()
    expect(errors).to_contain_text("Row 2, column cost_pkr: Ensure this value is greater than")
    expect(errors).to_contain_text("Row 2, column skills: level for 'python' must be 1, 2 or 3")
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert Offering.objects.count() == before
    assert not Offering.objects.filter(slug="fine-course").exists()


def test_an_imported_offering_reaches_the_public_catalog(admin_page: Page, live_server):
    page = admin_page
    source = Offering.objects.first().source.key
    title = "Urdu speech recognition clinic"
    text = "\n".join(
        [
            HEADER,
            f"urdu-speech-clinic,{title},bootcamp,Hands-on speech models for Urdu,online,0,"
            f"intermediate,{source},python:2",
        ]
    )

    import_csv(page, live_server, "good.csv", text)
    expect(page.locator(".import-summary")).to_contain_text("1 to add, 0 to change, 0 unchanged")
    expect(page.locator("table.import-preview tr.new")).to_contain_text(title)
    page.get_by_role("button", name="Confirm import").click()

    expect(page.locator(".messagelist .success")).to_contain_text("Import finished: 1 new")
    page.goto(f"{live_server.url}/catalog/?q={title}")
    expect(page.locator("#results .card").first).to_contain_text(title)


def test_an_offering_made_free_in_the_admin_reaches_a_free_only_learners_path(
    admin_page: Page, live_server, browser, django_user_model
):
    from allauth.account.models import EmailAddress

    from careers.models import Profile, ProfileSkill, StepStatus
    from catalog.models import Role, Skill

    paid = Offering.objects.get(slug="coursera-nlp-specialization")
    assert paid.cost_pkr is None
    learner = django_user_model.objects.create_user(
        "hina@example.pk", "hina@example.pk", "a-long-passphrase"
    )
    EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)
    profile = Profile.objects.create(
        user=learner, target_role=Role.objects.get(slug="nlp-engineer"), budget_pkr=0
    )
    ProfileSkill.objects.create(profile=profile, skill=Skill.objects.get(slug="python"), level=2)
    # She saved the course for NLP when it was not free; a free-only path leaves it out.
    StepStatus.objects.create(
        profile=profile, offering=paid, status="saved", skill=Skill.objects.get(slug="nlp")
    )
    learner_page = browser.new_context().new_page()
    learner_page.goto(f"{live_server.url}/accounts/login/")
    learner_page.get_by_label("Email").fill("hina@example.pk")
    learner_page.get_by_label("Password:").fill("a-long-passphrase")
    learner_page.get_by_role("button", name="Sign In").click()
    learner_page.goto(f"{live_server.url}/me/path/?free=on")
    expect(learner_page.locator("#path-steps")).not_to_contain_text(paid.title)

    page = admin_page
    page.goto(f"{live_server.url}/admin/catalog/offering/")
    page.locator("#searchbar").fill("Natural Language Processing Specialization")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=paid.title, exact=True).click()
    page.get_by_label("Cost in PKR").fill("0")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    learner_page.reload()
    step = learner_page.locator("#step-nlp")
    expect(step.locator("h3 a")).to_have_text(paid.title)
    expect(step.locator(".cost")).to_have_text("Free")
