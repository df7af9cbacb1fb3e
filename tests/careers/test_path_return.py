"""A path a learner comes back to: notes on each step, a copy that opens offline, this
week's plan as plain text for a message, and marks that say what they did."""

import re
from urllib.parse import unquote_plus

import pytest
from django.core.management import call_command
from django.urls import reverse

from careers.models import StepNote
from tests.careers.test_path_views import learner  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_catalog")]
PATH = reverse("careers:path")
NOTE = reverse("careers:note")
OFFLINE = reverse("careers:path_offline")


@pytest.fixture(scope="module", autouse=True)
def compiled_messages():
    call_command("compilemessages", locale=["ur"], verbosity=0)


def first_step(client):
    return client.get(PATH).context["view"].steps[0]


def test_a_note_is_kept_shown_on_the_step_and_removed_when_emptied(client, learner):  # noqa: F811
    step = first_step(client)
    data = {"offering": step.offering.slug, "skill": step.step.skill}
    response = client.post(NOTE, {**data, "note": "Chapter 2 done. https://example.org/my-notes"})
    assert response.status_code == 302
    assert StepNote.objects.get(profile=learner).text.startswith("Chapter 2 done.")
    body = client.get(PATH).content.decode()
    assert "Chapter 2 done. https://example.org/my-notes</p>" in body
    assert "Change your note" in body
    # The form comes on demand: a page of its own without JavaScript, a fragment with htmx.
    page = client.get(NOTE, data).content.decode()
    assert "Chapter 2 done. https://example.org/my-notes</textarea>" in page and "<html" in page
    fragment = client.get(NOTE, data, headers={"HX-Request": "true"}).content.decode()
    assert "<textarea" in fragment and "<html" not in fragment

    response = client.post(NOTE, {**data, "note": "   "}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="announce"' in response.content.decode()
    assert "Your note is removed." in response.content.decode()
    assert not StepNote.objects.filter(profile=learner).exists()


def test_a_note_too_long_is_refused_with_a_message_and_the_old_note_kept(client, learner):  # noqa: F811
    step = first_step(client)
    data = {"offering": step.offering.slug, "skill": step.step.skill}
    client.post(NOTE, {**data, "note": "short"})
    response = client.post(NOTE, {**data, "note": "x" * 2001}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "2000 characters; this one has 2001" in response.content.decode()
    # Without JavaScript the form comes back with what was typed, nothing lost.
    response = client.post(NOTE, {**data, "note": "y" * 2001})
    assert response.status_code == 422
    assert "y" * 2001 + "</textarea>" in response.content.decode()
    assert StepNote.objects.get(profile=learner).text == "short"


def test_notes_are_in_the_data_export_and_beside_their_marks(client, learner):  # noqa: F811
    step = first_step(client)
    client.post(NOTE, {"offering": step.offering.slug, "note": "Mine."})
    client.post(
        reverse("careers:mark"),
        {"offering": step.offering.slug, "skill": step.step.skill, "status": "saved"},
    )
    marks = client.get(reverse("careers:marks")).content.decode()
    assert '<p class="note-text" dir="auto">Mine.</p>' in marks
    data = client.get(reverse("careers:data_export")).json()
    assert data["notes"][0]["offering"] == step.offering.slug
    assert data["notes"][0]["text"] == "Mine."


def test_the_offline_copy_holds_the_whole_path_with_notes_and_needs_nothing_else(
    client,
    learner,  # noqa: F811
):
    view = client.get(PATH).context["view"]
    client.post(NOTE, {"offering": view.steps[0].offering.slug, "note": "Notebook on Kaggle."})
    response = client.get(OFFLINE + "?download=1")
    body = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="raasta-path.html"'
    for item in view.steps:
        assert item.offering.title in body
    assert "Notebook on Kaggle." in body
    assert "Week by week" in body
    # Self-contained: no stylesheet, script, image or font to fetch.
    assert not re.search(r"<link[^>]+stylesheet|<script|<img|@import|url\(", body)
    assert "<style>" in body
    # Its own policy allows its inline style; nothing else is loosened.
    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src 'self'" in policy


def test_print_opens_the_same_copy_in_the_page_without_any_script(client, learner):  # noqa: F811
    body = client.get(PATH).content.decode()
    assert "data-print" not in body
    assert f'href="{OFFLINE}">Print</a>' in body
    response = client.get(OFFLINE)
    assert response.status_code == 200 and "Content-Disposition" not in response


def test_the_offline_copy_is_in_the_learners_language(client, learner):  # noqa: F811
    client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    body = client.get(OFFLINE).content.decode()
    assert '<html lang="ur" dir="rtl">' in body
    assert "ہفتہ وار" in body or "ہفتے" in body


def test_this_weeks_plan_is_short_plain_text_ready_for_whatsapp(client, learner):  # noqa: F811
    response = client.get(PATH)
    text = response.context["week_text"]
    step = response.context["view"].steps[0]
    assert len(text.splitlines()) <= 6 and len(text) < 600
    assert step.offering.title in text and "<" not in text
    assert "6 hours this week." in text
    whatsapp = client.get(reverse("careers:week_whatsapp"))
    assert whatsapp.status_code == 302
    assert whatsapp["Location"].startswith("https://wa.me/?text=")
    assert unquote_plus(whatsapp["Location"].split("text=", 1)[1]) == text


def test_a_mark_is_announced_to_screen_readers(client, learner):  # noqa: F811
    step = first_step(client)
    response = client.post(
        reverse("careers:mark"),
        {"offering": step.offering.slug, "skill": step.step.skill, "status": "saved"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert '<div id="announce" class="messages" role="status" hx-swap-oob="true">' in body
    assert f"Saved: {step.offering.title}." in body


def test_the_calendar_speaks_the_learners_language(client, learner):  # noqa: F811
    client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    body = client.get(reverse("careers:path_calendar")).content.decode()
    assert "estimated length" not in body and " weeks)" not in body
