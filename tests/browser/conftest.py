"""Data for the browser tests that visit every page: a learner with a path, an editor, a
shared path and an address still waiting for confirmation."""

import pytest

from careers import learning_path, services, sharing
from tests.browser.pages import PASSWORD
from tests.factories import editor_create, learner_create, user_create


@pytest.fixture
def learner():
    return learner_create(
        "sadia@example.pk",
        password=PASSWORD,
        role="ml-engineer",
        skills={"python": 2},
        sectors=("healthcare",),
        city="peshawar",
        budget_pkr=0,
        hours_per_week=8,
        education_level="bachelors",
    )


@pytest.fixture
def editor():
    return editor_create(password=PASSWORD)


@pytest.fixture
def world(seed_catalog, learner, editor) -> dict:
    """What the pages need: a shared path and an address still waiting for confirmation."""
    profile = learner.profile
    snapshot = sharing.path_snapshot(view=learning_path.learning_path_for(profile=profile))
    share = services.path_share_create(profile=profile, snapshot=snapshot)
    newcomer = user_create("newcomer@example.pk", password=PASSWORD)
    unconfirmed = newcomer.emailaddress_set.get()
    unconfirmed.verified = False
    unconfirmed.save()
    return {"learner": learner, "share_token": share.token, "unconfirmed": unconfirmed}
