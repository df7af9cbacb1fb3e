"""A learner's path page kept whole while nothing it shows has changed: a return visit reads
the session, the account, the profile and the catalog's version, and nothing else. Every
change to what the page shows, by any route, gives the learner a new revision, so the next
visit shows it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from careers import services
from careers.models import Profile, ProfileSkill, SharedPath, StepNote, StepStatus
from catalog.models import Offering, Sector, Skill
from catalog.services import catalog_version_bump
from tests.careers.test_path_views import learner, path_steps  # noqa: F401  (fixture)
from tests.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_catalog")]
PATH = reverse("careers:path")


def revision(profile) -> str:
    return str(Profile.objects.values_list("revision", flat=True).get(pk=profile.pk))


def test_a_return_visit_reads_only_the_session_account_profile_and_catalog_version(
    client,
    learner,  # noqa: F811
):
    client.get(PATH)
    queries = page_queries(client, PATH)
    tables = [next(t for t in TABLES if t in sql) for sql in queries]
    assert tables == ["django_session", "auth_user", "careers_profile", "catalog_catalogversion"]
    # The same for the body alone, as htmx asks for it when the filters change.
    client.get(PATH, {"online": "on"}, headers={"HX-Request": "true"})
    with_htmx = page_queries(client, PATH, online="on")
    assert len(with_htmx) == 4


TABLES = ("django_session", "auth_user", "careers_profile", "catalog_catalogversion", "")


def first_step(client, profile):
    return path_steps(client, profile)[0]


def change_hours(client, profile):
    profile.hours_per_week = 17
    profile.save()
    return "Plan 17 hours this week."


def change_skill(client, profile):
    ProfileSkill.objects.filter(profile=profile, skill__slug="python").delete()
    return "Python"  # the first step now teaches Python


def add_note(client, profile):
    step = first_step(client, profile)
    services.note_set(profile=profile, offering=step.offering, text="Ask Ali about this one")
    return "Ask Ali about this one"


def mark_done(client, profile):
    step = first_step(client, profile)
    StepStatus.objects.create(profile=profile, offering=step.offering, status="done")
    return "1 of"


def share(client, profile):
    services.path_share_create(profile=profile, snapshot={"steps": []})
    return SharedPath.objects.get(profile=profile, revoked_at__isnull=True).token


def stop_sharing(client, profile):
    services.path_share_create(profile=profile, snapshot={"steps": []})
    client.get(PATH)
    services.path_share_revoke(profile=profile)
    return "Make a share link"


def rename_offering(client, profile):
    step = first_step(client, profile)
    Offering.objects.filter(pk=step.offering.pk).update(title="A renamed course")
    catalog_version_bump()
    return "A renamed course"


@pytest.mark.parametrize(
    "change",
    [change_hours, change_skill, add_note, mark_done, share, stop_sharing, rename_offering],
)
def test_every_change_to_what_the_page_shows_is_shown_on_the_next_visit(
    client,
    learner,  # noqa: F811
    change,
):
    cache.clear()
    client.get(PATH)
    client.get(PATH)  # now kept
    learner.refresh_from_db()
    expected = change(client, learner)
    assert expected in client.get(PATH).content.decode()


@pytest.mark.parametrize(
    "write",
    [
        lambda p: Profile.objects.get(pk=p.pk).save(),
        lambda p: Profile.objects.get(pk=p.pk).save(update_fields=["goal"]),
        lambda p: p.sectors.add(Sector.objects.get(slug="healthcare")),
        lambda p: p.sectors.clear(),
        lambda p: ProfileSkill.objects.filter(profile=p).update_or_create(
            profile=p, skill=Skill.objects.get(slug="sql"), defaults={"level": 1}
        ),
        lambda p: ProfileSkill.objects.filter(profile=p).delete(),
        lambda p: services.mark_set(
            profile=p, offering=Offering.objects.active().first(), status="saved"
        ),
        lambda p: services.mark_set(
            profile=p, offering=Offering.objects.active().first(), status="clear"
        ),
        lambda p: StepNote.objects.create(
            profile=p, offering=Offering.objects.active().first(), text="hello"
        ),
        lambda p: services.path_share_create(profile=p, snapshot={}),
        lambda p: services.path_share_revoke(profile=p),
        lambda p: services.profile_target_role_set(user=p.user, role=p.target_role),
        lambda p: services.profile_skills_add(user=p.user, skills={Skill.objects.first(): 2}),
    ],
)
def test_each_write_to_a_learners_data_gives_a_new_revision(learner, write):  # noqa: F811
    services.mark_set(profile=learner, offering=Offering.objects.active().first(), status="done")
    services.path_share_create(profile=learner, snapshot={})
    before = revision(learner)
    write(learner)
    assert revision(learner) != before


def test_a_revision_never_repeats_when_an_old_copy_of_the_profile_is_saved(learner):  # noqa: F811
    stale = Profile.objects.get(pk=learner.pk)
    seen = {revision(learner)}
    learner.hours_per_week = 9
    learner.save()
    seen.add(revision(learner))
    stale.save()  # writes the revision it was read with, then gets a new one
    assert revision(learner) not in seen


def test_a_learner_deleted_with_their_marks_leaves_nothing_to_bump(client, learner):  # noqa: F811
    services.mark_set(profile=learner, offering=Offering.objects.active().first(), status="done")
    user = learner.user
    services.account_delete(user=user)
    assert not Profile.objects.filter(pk=learner.pk).exists()
    assert not get_user_model().objects.filter(pk=user.pk).exists()
