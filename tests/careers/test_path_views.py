"""The learning path page, its marks, filters, options, sharing and calendar."""

import pickle
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from careers import learning_path
from careers.forms import PathFilterForm
from careers.model_store import recommender_model
from careers.models import Profile, ProfileSkill, SharedPath, StepStatus
from catalog.models import Offering, Role, Sector, Skill
from catalog.services import catalog_version_bump
from tests.factories import OfferingFactory
from tests.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_catalog")]
PATH = reverse("careers:path")
MARK = reverse("careers:mark")


@pytest.fixture
def learner(client):
    user = get_user_model().objects.create_user(
        username="zara@example.pk", email="zara@example.pk", password="pass-phrase-123"
    )
    profile = Profile.objects.create(
        user=user,
        target_role=Role.objects.get(slug="nlp-engineer"),
        city="lahore",
        budget_pkr=0,
        hours_per_week=6,
    )
    profile.sectors.add(Sector.objects.get(slug="education"))
    ProfileSkill.objects.create(profile=profile, skill=Skill.objects.get(slug="python"), level=2)
    client.force_login(user)
    return profile


def steps_of(response):
    return response.context["view"].steps


def path_steps(client, profile, **filters):
    """The steps of the learner's page, as the page was just served: the page may be read
    back whole from the shared cache, without the view it was drawn from."""
    assert client.get(PATH, filters).status_code == 200
    profile = Profile.objects.get(pk=profile.pk)
    return learning_path.learning_path_for(
        profile=profile, filters=PathFilterForm(filters).filters()
    ).steps


def test_path_page_shows_ordered_free_steps_with_totals_plan_and_gap(client, learner):
    response = client.get(PATH)
    body = response.content.decode()
    steps = steps_of(response)
    assert steps and all(item.offering.cost_pkr == 0 for item in steps)
    assert [item.step.order for item in steps] == list(range(1, len(steps) + 1))
    assert "Your path to NLP engineer" in body
    assert 'id="path-progress-bar" max="100" value="0"' in body
    assert "Week by week" in body and "This week" in body
    assert '<table class="gap-table">' in body and 'class="bar"' in body
    assert steps[0].start_week == 1
    assert steps[1].start_week == steps[0].end_week + 1


def count_queries(client) -> int:
    return len(page_queries(client, PATH))


def test_path_page_queries_are_bounded_whatever_the_catalog_size(client, learner):
    client.get(PATH)  # fit the model once, as the first request of a process does
    seed_size = count_queries(client)
    python = Skill.objects.get(slug="python")
    for n in range(60):
        OfferingFactory(slug=f"extra-{n}", skills={python: 1})
    client.get(PATH)  # the catalog changed: this request refits
    assert count_queries(client) == seed_size <= 12


def test_htmx_filter_change_returns_only_the_path_body(client, learner):
    response = client.get(PATH, {"online": "on"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="path-body">')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"free": "on"}, lambda item: item.offering.cost_pkr == 0),
        ({"online": "on"}, lambda item: item.offering.delivery != "in_person"),
        (
            {"exclude": ["practice", "degree"]},
            lambda item: item.offering.kind not in ("practice", "degree"),
        ),
        (
            {"in_city": "on"},
            lambda item: item.offering.city == "lahore" and item.offering.delivery != "online",
        ),
    ],
)
def test_filters_reshape_the_path(client, learner, params, check):
    learner.budget_pkr = 500000
    learner.save()
    response = client.get(PATH, params)
    assert all(check(item) for item in steps_of(response))
    query = response.context["filters_query"]
    for name in params:
        assert name in query


def test_nonsense_filters_are_ignored(client, learner):
    response = client.get(PATH, {"exclude": "spaceship", "free": "maybe"})
    assert response.status_code == 200


def test_not_interested_replaces_the_step_and_htmx_gets_only_what_changed(client, learner):
    first = path_steps(client, learner)[0]
    response = client.post(
        MARK,
        {"offering": first.offering.slug, "status": "not_interested"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body
    assert f'id="step-{first.step.skill}"' in body
    assert 'hx-swap-oob="true"' in body
    assert first.offering.title in body  # "You set aside ..."
    assert (
        StepStatus.objects.get(profile=learner, offering=first.offering).status == "not_interested"
    )
    after = path_steps(client, learner)
    assert after[0].step.skill == first.step.skill
    assert after[0].offering != first.offering


def test_a_mark_that_changes_one_step_sends_only_that_step(client, learner):
    steps = path_steps(client, learner)
    target = steps[-1]
    response = client.post(
        MARK,
        {"offering": target.offering.slug, "status": "saved", "skill": target.step.skill},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    sent = re.findall(r'<li id="step-([\w-]+)"', body)
    assert sent == [target.step.skill]
    assert 'id="path-steps"' not in body


def test_a_mark_compares_with_the_page_served_and_builds_the_path_once(
    client, learner, monkeypatch
):
    steps = path_steps(client, learner)
    builds = []
    build = learning_path.learning_path_for
    monkeypatch.setattr(
        learning_path, "learning_path_for", lambda **kw: builds.append(kw) or build(**kw)
    )
    target = steps[-1]
    response = client.post(
        MARK,
        {"offering": target.offering.slug, "status": "saved", "skill": target.step.skill},
        headers={"HX-Request": "true"},
    )
    assert re.findall(r'<li id="step-([\w-]+)"', response.content.decode()) == [target.step.skill]
    assert len(builds) == 1


def test_a_mark_with_no_remembered_page_builds_what_it_showed_and_sends_the_same(client, learner):
    """The remembered page may be gone (evicted, the cache away): the mark then builds the
    path as it stood, and answers with the same parts."""
    first = path_steps(client, learner)[0]
    mark = {"offering": first.offering.slug, "status": "done", "skill": first.step.skill}
    remembered = client.post(MARK, mark, headers={"HX-Request": "true"}).content.decode()
    client.post(MARK, {**mark, "status": "clear"}, headers={"HX-Request": "true"})
    cache.clear()
    rebuilt = client.post(MARK, mark, headers={"HX-Request": "true"}).content.decode()
    ids = re.compile(r'<(?:li|section|div|ol|p) id="([\w-]+)"')
    assert ids.findall(rebuilt) == ids.findall(remembered)
    assert 'id="path-summary"' in rebuilt


def test_done_moves_progress_and_counts_its_skills(client, learner):
    first = path_steps(client, learner)[0]
    response = client.post(
        MARK, {"offering": first.offering.slug, "status": "done"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'id="path-summary"' in body and 'id="path-finished"' in body
    view = client.get(PATH).context["view"]
    assert view.progress_percent > 0
    assert [m.offering for m in view.finished] == [first.offering]
    assert first.offering not in [item.offering for item in view.steps]


def test_marks_work_as_plain_form_posts_and_keep_the_filters(client, learner):
    first = path_steps(client, learner)[0]
    response = client.post(
        MARK, {"offering": first.offering.slug, "status": "saved", "online": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PATH}?online=on#step-list"
    assert StepStatus.objects.get(profile=learner).status == "saved"


def test_undo_takes_a_mark_off(client, learner):
    first = path_steps(client, learner)[0]
    client.post(MARK, {"offering": first.offering.slug, "status": "not_interested"})
    client.post(MARK, {"offering": first.offering.slug, "status": "clear"})
    assert not StepStatus.objects.filter(profile=learner).exists()
    assert path_steps(client, learner)[0].offering == first.offering


def test_bad_marks_are_refused(client, learner):
    assert (
        client.post(
            MARK, {"offering": "fastai-practical-deep-learning", "status": "loved"}
        ).status_code
        == 400
    )
    assert client.post(MARK, {"offering": "no-such-thing", "status": "saved"}).status_code == 404
    retired = OfferingFactory(is_active=False)
    assert client.post(MARK, {"offering": retired.slug, "status": "saved"}).status_code == 404


def test_saved_offering_stays_the_step_for_its_skill(client, learner):
    steps = path_steps(client, learner)
    nlp = next(item for item in steps if item.step.skill == "nlp")
    options = client.get(reverse("careers:path_options", args=["nlp"])).context["options"]
    other = options[0][1]
    assert other != nlp.offering
    client.post(MARK, {"offering": other.slug, "status": "saved", "skill": "nlp"})
    after = path_steps(client, learner)
    kept = next(item for item in after if item.offering == other)
    assert kept.status == "saved"
    assert "nlp" in (kept.step.skill, *kept.step.also_covers)


def test_options_come_as_a_fragment_for_htmx_and_a_page_without(client, learner):
    url = reverse("careers:path_options", args=["machine-learning"])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div class="options-list">')
    page = client.get(url).content.decode()
    assert "<html" in page and "Other options for Machine learning" in page
    assert client.get(reverse("careers:path_options", args=["astrology"])).status_code == 404


def test_dashboard_lists_marks_with_dates_and_undo(client, learner):
    offering = Offering.objects.get(slug="fastai-practical-deep-learning")
    StepStatus.objects.create(profile=learner, offering=offering, status="done")
    body = client.get(reverse("careers:marks")).content.decode()
    assert offering.title in body and "since" in body
    client.post(reverse("careers:mark_undo"), {"offering": offering.slug})
    assert not StepStatus.objects.filter(profile=learner).exists()


def test_share_link_shows_the_path_without_personal_details_and_can_be_revoked(client, learner):
    learner.goal = "Private goal"
    learner.save()
    client.post(reverse("careers:share_create"))
    share = SharedPath.objects.get(profile=learner)
    assert len(share.token) >= 30
    url = reverse("shared_path", args=[share.token])
    client.logout()
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "A learning path to <bdi>NLP engineer</bdi>" in body
    for private in ("zara@example.pk", "Private goal", "Lahore, your city"):
        assert private not in body
    assert response["X-Robots-Tag"] == "noindex"
    # No other site is told the link; the page's own forms still send their origin.
    assert response["Referrer-Policy"] == "same-origin"

    client.force_login(learner.user)
    client.post(reverse("careers:share_revoke"))
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("shared_path", args=["guess"])).status_code == 404


def test_a_new_share_link_replaces_the_old_one(client, learner):
    client.post(reverse("careers:share_create"))
    old = SharedPath.objects.get(profile=learner)
    client.post(reverse("careers:share_create"))
    assert client.get(old.get_absolute_url()).status_code == 404
    assert SharedPath.objects.filter(profile=learner, revoked_at__isnull=True).count() == 1


def test_calendar_file_has_one_event_per_step(client, learner):
    response = client.get(reverse("careers:path_calendar"))
    text = response.content.decode()
    steps = path_steps(client, learner)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    planned = [item for item in steps if item.end_week >= item.start_week]
    assert text.count("BEGIN:VEVENT") == len(planned) > 0
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "DTSTART;VALUE=DATE:" in text


def test_an_incomplete_profile_goes_to_the_form(client):
    user = get_user_model().objects.create_user(username="n@example.pk", email="n@example.pk")
    client.force_login(user)
    assert client.get(PATH)["Location"] == reverse("careers:profile_edit")
    assert recommender_model() is not None


def test_a_shared_path_names_no_budget_or_city_and_reads_in_the_viewers_language(client, learner):
    learner.budget_pkr = 3000
    learner.city = "quetta"
    learner.delivery = "in_person"
    learner.save()
    own = client.get(PATH).content.decode()
    own_unmet = own[own.index('class="unmet"') :]
    assert "Quetta" in own_unmet  # the owner's own page says why, with their city
    client.post(reverse("careers:share_create"))
    share = SharedPath.objects.get(profile=learner)
    assert all(set(item) == {"skill", "code"} for item in share.snapshot["unmet_codes"])
    url = reverse("shared_path", args=[share.token])
    client.logout()
    body = client.get(url).content.decode()
    unmet = body[body.index('class="unmet"') :]
    assert "Quetta" not in unmet and "3,000" not in unmet and "3000" not in unmet
    assert "this learner can reach" in unmet
    client.post(reverse("set_language"), {"language": "ur", "next": url})
    urdu = client.get(url).content.decode()
    assert "Closes a gap in" not in urdu and "comes first" not in urdu


def test_totals_say_free_plus_the_steps_whose_cost_is_not_published(client, learner):
    learner.budget_pkr = 5000
    learner.save()
    view = client.get(PATH).context["view"]
    assert view.unknown_costs  # the seed catalog has such steps for this learner
    body = client.get(PATH).content.decode()
    assert f"plus {view.unknown_costs} step" in body
    assert "Not known" not in body
    client.post(reverse("careers:share_create"))
    share = SharedPath.objects.get(profile=learner)
    shared = client.get(reverse("shared_path", args=[share.token])).content.decode()
    assert f"plus {view.unknown_costs} step" in shared
    # Weeks resting on estimates say so there too, as on the learner's own page.
    assert view.estimated_weeks and f"({view.estimated_weeks} estimated)" in shared


def test_a_path_whose_every_cost_is_unpublished_is_not_called_free():
    """With no step's cost known, the total is how many steps publish none; "Free" would
    claim what nobody knows."""
    from django.template import Context, Template

    def total(known, unknown, steps):
        tag = "{% load humanize_pkr %}{% cost_total known unknown steps %}"
        return Template(tag).render(Context({"known": known, "unknown": unknown, "steps": steps}))

    assert total(0, 2, 2) == '2<span class="cost-note">steps whose cost is not published</span>'
    assert total(0, 1, 1) == '1<span class="cost-note">step whose cost is not published</span>'
    assert total(0, 2, 3).startswith("Free<span") and "plus 2 steps" in total(0, 2, 3)
    assert total(0, 0, 3) == "Free"
    assert total(5000, 0, 1) == "PKR 5,000"


REGIONS = (
    "path-summary", "this-week", "path-unmet", "gap-chart", "week-plan", "path-finished",
    "path-communities",
)  # fmt: skip


def page_parts(html: str) -> dict[str, str]:
    """Each region and each step of a full path page, CSRF tokens masked."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    parts = {
        name: re.search(rf'<section id="{name}".*?</section>', html, re.S).group(0)
        for name in REGIONS
    }
    steps = re.search(r'<ol id="path-steps".*?</ol>\s*</section>', html, re.S).group(0)
    for match in re.finditer(r'<li id="step-([\w-]+)".*?(?=<li id="step-|</ol>)', steps, re.S):
        parts[f"step-{match.group(1)}"] = match.group(0)
    parts["order"] = " ".join(re.findall(r'<li id="step-([\w-]+)"', steps))
    return parts


def sent_parts(body: str) -> set[str]:
    return set(re.findall(r'<(?:section|li|ol) id="([\w-]+)"[^>]*hx-swap-oob', body))


@pytest.mark.parametrize(
    "status_for", [lambda i: "saved", lambda i: "in_progress", lambda i: "done",
                   lambda i: "not_interested", lambda i: ["done", "clear"][i % 2]],
    ids=["saved", "in_progress", "done", "not_interested", "done-then-clear"],
)  # fmt: skip
def test_a_mark_sends_every_part_whose_page_changed(client, learner, status_for):
    """The answer is worked out from the path's data, not by rendering the page twice; the
    full page before and after each mark is the reference it must agree with."""
    for turn in range(4):
        before = page_parts(client.get(PATH).content.decode())
        steps = path_steps(client, learner)
        if not steps:
            break
        target = steps[turn % len(steps)]
        status = status_for(turn)
        if status == "clear":
            target = steps[0]
        response = client.post(
            MARK,
            {"offering": target.offering.slug, "status": status, "skill": target.step.skill},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        after = page_parts(client.get(PATH).content.decode())
        sent = sent_parts(response.content.decode())
        if before["order"] != after["order"]:
            assert "path-steps" in sent
        changed = {name for name in after if name != "order" and before.get(name) != after[name]}
        if "path-steps" in sent:
            changed = {name for name in changed if not name.startswith("step-")}
        assert changed <= sent, f"{status} on {target.step.skill}: {changed - sent} not sent"


def count_builds(monkeypatch) -> list:
    """Record each time a path is planned, letting it run. The shared cache starts empty:
    an earlier test's learner may have been the same, and kept their path."""
    from careers.recommender import path as path_module

    cache.clear()

    built = []
    real = path_module._PathBuilder.build

    def build(self):
        built.append(self.learner)
        return real(self)

    monkeypatch.setattr(path_module._PathBuilder, "build", build)
    return built


def test_a_page_shown_again_unchanged_is_not_planned_again(client, learner, monkeypatch):
    built = count_builds(monkeypatch)
    first = client.get(PATH)
    again = client.get(PATH)
    assert len(built) == 1
    assert again.content.decode().count('class="step') == first.content.decode().count(
        'class="step'
    )
    assert ANY_TOKEN.sub("", again.content.decode()) == ANY_TOKEN.sub("", first.content.decode())


def test_a_path_read_back_from_the_shared_cache_gives_its_reasons_in_words(learner, monkeypatch):
    """A kept path holds its reasons as codes, not the catalog that words them: read back,
    it is worded again from the model it was planned on."""
    built = count_builds(monkeypatch)
    planned = learning_path.learning_path_for(profile=learner).steps[0].step
    read_back = learning_path.learning_path_for(profile=learner).steps[0].step
    assert len(built) == 1
    assert read_back.reasons and read_back.reasons == planned.reasons
    assert pickle.loads(pickle.dumps(planned)).wording is None
    assert planned.wording is not None


def test_a_path_kept_by_an_earlier_release_of_the_planner_is_planned_again(
    client, learner, monkeypatch
):
    built = count_builds(monkeypatch)
    client.get(PATH)
    monkeypatch.setattr(learning_path, "planner_release", lambda: "a-later-release")
    page = client.get(PATH)
    assert len(built) == 2
    assert steps_of(page)[0].step.reasons


def test_a_mark_a_profile_change_or_another_language_plans_again(client, learner, monkeypatch):
    built = count_builds(monkeypatch)
    first = path_steps(client, learner)
    client.post(MARK, {"offering": first[0].offering.slug, "status": "not_interested"})
    after_mark = path_steps(client, learner)
    assert after_mark[0].offering.slug != first[0].offering.slug
    planned = len(built)
    learner.hours_per_week = 12
    learner.save()
    client.get(PATH)
    assert len(built) == planned + 1
    client.cookies["django_language"] = "ur"
    urdu = client.get(PATH, headers={"accept-language": "ur"})
    assert len(built) == planned + 2
    with translation.override("ur"):
        in_urdu = urdu.context["view"].steps[0].step.reasons
    with translation.override("en"):
        assert in_urdu != after_mark[0].step.reasons


def test_a_new_catalog_version_plans_again(client, learner, monkeypatch):
    built = count_builds(monkeypatch)
    client.get(PATH)
    catalog_version_bump()
    client.get(PATH)
    assert len(built) == 2


def count_body_renders(monkeypatch) -> list:
    """Record each time the path's body is rendered, letting it run; the shared cache
    starts empty."""
    from careers import views

    cache.clear()
    rendered = []
    real = views.render_to_string

    def render(template_name, *args, **kwargs):
        rendered.append(template_name)
        return real(template_name, *args, **kwargs)

    monkeypatch.setattr(views, "render_to_string", render)
    return rendered


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
ANY_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')


def test_a_path_shown_again_unchanged_is_not_rendered_again_yet_keeps_fresh_tokens(
    learner, monkeypatch
):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner.user)
    rendered = count_body_renders(monkeypatch)
    first = client.get(PATH).content.decode()
    again = client.get(PATH).content.decode()
    partial = client.get(PATH, headers={"HX-Request": "true"}).content.decode()
    assert rendered == ["careers/path.html#path-body", "careers/path.html#path-content"]
    assert ANY_TOKEN.sub("", again) == ANY_TOKEN.sub("", first)
    assert ANY_TOKEN.sub("", partial) in ANY_TOKEN.sub("", again)
    tokens = TOKEN.findall(again)
    assert tokens and "\x00" not in again
    # Each response masks the token afresh (as Django does), and the kept copy's forms work.
    assert set(tokens).isdisjoint(TOKEN.findall(first))
    offering = re.search(r'name="offering" value="([^"]+)"', again).group(1)
    marked = client.post(
        MARK, {"offering": offering, "status": "saved", "csrfmiddlewaretoken": tokens[-1]}
    )
    assert marked.status_code == 302


def test_whatever_the_body_shows_changing_renders_it_again(client, learner, monkeypatch):
    rendered = count_body_renders(monkeypatch)
    first = path_steps(client, learner)[0]
    client.post(
        reverse("careers:note"),
        {"offering": first.offering.slug, "skill": first.step.skill, "note": "Ask Ali about it"},
    )
    assert "Ask Ali about it" in client.get(PATH).content.decode()
    Offering.objects.filter(slug=first.offering.slug).update(title="A renamed course")
    catalog_version_bump()
    assert "A renamed course" in client.get(PATH).content.decode()
    client.get(PATH, {"free": "on"})
    client.cookies["django_language"] = "ur"
    client.get(PATH, headers={"accept-language": "ur"})
    assert rendered.count("careers/path.html#path-body") == 5
    assert rendered.count("careers/path.html#path-content") == 5


def test_two_learners_with_the_same_path_never_see_each_others_page(client, learner):
    cache.clear()
    twin_user = get_user_model().objects.create_user(
        username="twin@example.pk", email="twin@example.pk", password="pass-phrase-123"
    )
    twin = Profile.objects.get(pk=learner.pk)
    twin.pk, twin.id, twin.user = None, None, twin_user
    twin._state.adding = True
    twin.save()
    twin.sectors.set(learner.sectors.all())
    ProfileSkill.objects.create(profile=twin, skill=Skill.objects.get(slug="python"), level=2)
    first = path_steps(client, learner)[0]
    client.post(
        reverse("careers:note"),
        {"offering": first.offering.slug, "skill": first.step.skill, "note": "Zara's own note"},
    )
    assert "Zara&#x27;s own note" in client.get(PATH).content.decode()
    client.force_login(twin_user)
    twin_page = client.get(PATH).content.decode()
    assert path_steps(client, twin)[0].offering == first.offering
    assert "own note" not in twin_page


def test_making_or_stopping_a_share_link_shows_on_the_kept_page(client, learner):
    cache.clear()
    assert "Make a share link" in client.get(PATH).content.decode()
    client.post(reverse("careers:share_create"))
    shared = client.get(PATH).content.decode()
    token = SharedPath.objects.get(profile=learner, revoked_at__isnull=True).token
    assert token in shared and "Stop sharing" in shared
    client.post(reverse("careers:share_revoke"))
    assert "Make a share link" in client.get(PATH).content.decode()


def reprice_first_step(client, learner, **price) -> None:
    """Give the first step of a learner with a budget a new published price."""
    cache.clear()
    learner.budget_pkr = 100_000
    learner.save()
    first = path_steps(client, learner)[0]
    Offering.objects.filter(slug=first.offering.slug).update(
        cost_period=Offering.CostPeriod.PER_MONTH, **price
    )
    catalog_version_bump()


def test_a_step_shows_its_cost_as_published_with_what_it_covers(client, learner):
    reprice_first_step(client, learner, cost_pkr=None, cost_usd=49)
    page = client.get(PATH).content.decode()
    assert "US$49 (about PKR" in page and ") a month</span>" in page


def test_a_shared_path_says_what_a_periodic_fee_covers(client, learner):
    reprice_first_step(client, learner, cost_pkr=2000)
    client.post(reverse("careers:share_create"))
    token = SharedPath.objects.get(profile=learner, revoked_at__isnull=True).token
    client.logout()
    shared = client.get(reverse("shared_path", args=[token])).content.decode()
    assert "PKR 2,000 a month" in shared


def test_a_shared_path_shows_a_dollar_price_as_the_owners_page_does(client, learner):
    reprice_first_step(client, learner, cost_pkr=None, cost_usd=49)
    client.post(reverse("careers:share_create"))
    token = SharedPath.objects.get(profile=learner, revoked_at__isnull=True).token
    client.logout()
    shared = client.get(reverse("shared_path", args=[token])).content.decode()
    assert "US$49 (about PKR" in shared and ") a month" in shared


def test_a_path_with_skills_still_uncovered_never_says_the_learner_is_done(client, learner):
    """A commerce graduate in Multan who studies only in person: once the two steps the
    catalog has for her are marked, or with "In my city" on, no step is left but six skills
    are not covered. The page must not congratulate her nor say she has every skill."""
    learner.target_role = Role.objects.get(slug="bi-analyst")
    learner.city, learner.delivery, learner.budget_pkr = "multan", "in_person", 5000
    learner.education_level = "bachelors"
    learner.save()
    learner.skills.all().delete()
    done_words = (
        "Nothing left to learn for this role",
        "You already have every skill this role asks for",
        "Well done",
        "You have finished every step of this path",
    )
    body = client.get(PATH, {"in_city": "on"}).content.decode()
    assert 'id="path-unmet"' in body and "Not covered yet" in body
    for words in done_words:
        assert words not in body
    assert "No offering that fits your settings teaches what is left" in body
    assert 'value="0"' in body.split('id="path-progress-bar"')[1][:40]

    steps = path_steps(client, learner)
    assert steps
    client.post(MARK, {"offering": steps[0].offering.slug, "status": "done"})
    for step in steps[1:]:
        client.post(MARK, {"offering": step.offering.slug, "status": "not_interested"})
    client.get(PATH)  # the marks' own messages ("Done: …. Well done!") are shown once
    body = client.get(PATH).content.decode()
    assert not path_steps(client, learner) and "Not covered yet" in body
    for words in done_words:
        assert words not in body
    assert "You have finished the steps that fit your settings" in body
    week = learning_path.week_plan_text(
        view=learning_path.learning_path_for(profile=Profile.objects.get(pk=learner.pk))
    )
    assert "I have finished every step" not in week


def test_a_plain_form_mark_says_what_it_did_and_returns_to_its_step(client, learner):
    """Without JavaScript a mark reloads the page and says what happened. A step still in
    the list is where the page opens; one that left it (done, set aside) opens the page at
    the top, on the message."""
    first, second = path_steps(client, learner)[:2]
    response = client.post(
        MARK, {"offering": second.offering.slug, "status": "saved", "skill": second.step.skill}
    )
    assert response["Location"] == f"{PATH}#step-{second.step.skill}"
    page = client.get(response["Location"]).content.decode()
    assert f"Saved: {second.offering.title}." in page
    response = client.post(
        MARK, {"offering": first.offering.slug, "status": "done", "skill": first.step.skill}
    )
    assert response["Location"] == PATH
    page = client.get(response["Location"]).content.decode()
    assert f"Done: {first.offering.title}. Well done!" in page


def test_setting_aside_the_last_option_says_so_instead_of_promising_another(client, learner):
    learner.target_role = Role.objects.get(slug="bi-analyst")
    learner.city, learner.delivery, learner.budget_pkr = "multan", "in_person", 5000
    learner.education_level = "bachelors"
    learner.save()
    learner.skills.all().delete()
    steps = path_steps(client, learner)
    last = steps[-1]  # the only offering in reach for its skill
    response = client.post(
        MARK,
        {"offering": last.offering.slug, "status": "not_interested", "skill": last.step.skill},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert last.step.skill not in [s.step.skill for s in path_steps(client, learner)]
    assert "The path now shows another option" not in body
    assert "No other offering fits you for this step" in body


def test_a_started_step_is_this_weeks_work_and_comes_first_in_the_week_plan(client, learner):
    steps = path_steps(client, learner)
    third = steps[2]
    client.post(
        MARK, {"offering": third.offering.slug, "status": "in_progress", "skill": third.step.skill}
    )
    view = learning_path.learning_path_for(profile=Profile.objects.get(pk=learner.pk))
    started = next(item for item in view.steps if item.step.skill == third.step.skill)
    assert view.this_week is started and started.start_week == 1
    others = [item for item in view.steps if item is not started and item.in_plan]
    assert others[0].start_week == started.end_week + 1  # the rest follow it, in order
    assert view.total_weeks == max(item.end_week for item in view.steps)
    body = client.get(PATH).content.decode()
    this_week = body.split('id="this-week"')[1].split("</section>")[0]
    assert third.offering.title in this_week


def test_the_path_is_the_same_in_every_language(learner):
    """Only the words change with the language: the learner's vector is built from the
    English names the offerings were read in, not the Urdu ones shown to an Urdu reader."""
    learner.target_role = Role.objects.get(slug="data-analyst")
    learner.save()
    paths = {}
    for language in ("en", "ur"):
        with translation.override(language):
            view = learning_path.learning_path_for(profile=Profile.objects.get(pk=learner.pk))
            paths[language] = [(s.step.skill, s.step.offering) for s in view.steps]
    assert paths["en"] == paths["ur"]
