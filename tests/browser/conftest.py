"""Data for the browser tests that visit every page: a learner with a path, an editor, a
shared path and an address still waiting for confirmation."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from careers import selectors, services
from careers.models import Profile, ProfileSkill
from catalog.models import Role, Sector, Skill
from tests.browser.pages import PASSWORD, make_user
from tests.factories import editor_create


@pytest.fixture
def learner():
    user = make_user("sadia@example.pk")
    profile = Profile.objects.create(
        user=user,
        target_role=Role.objects.get(slug="ml-engineer"),
        city="peshawar",
        budget_pkr=0,
        hours_per_week=8,
        education_level="bachelors",
    )
    profile.sectors.add(Sector.objects.get(slug="healthcare"))
    ProfileSkill.objects.create(profile=profile, skill=Skill.objects.get(slug="python"), level=2)
    return user


@pytest.fixture
def editor():
    return editor_create(password=PASSWORD)


@pytest.fixture
def world(seed_catalog, learner, editor) -> dict:
    """What the pages need: a shared path and an address still waiting for confirmation."""
    profile = learner.profile
    snapshot = selectors.path_snapshot(view=selectors.learning_path_for(profile=profile))
    share = services.path_share_create(profile=profile, snapshot=snapshot)
    newcomer = get_user_model().objects.create_user(
        username="newcomer@example.pk", email="newcomer@example.pk", password=PASSWORD
    )
    unconfirmed = EmailAddress.objects.create(
        user=newcomer, email=newcomer.email, verified=False, primary=True
    )
    return {"learner": learner, "share_token": share.token, "unconfirmed": unconfirmed}
