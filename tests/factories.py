"""factory_boy factories for the catalog."""

import importlib
from types import SimpleNamespace

import factory
from django.apps import apps as global_apps
from django.contrib.auth.models import Group

from catalog.models import (
    Offering,
    OfferingSkill,
    Provider,
    Role,
    RoleSkill,
    Sector,
    Skill,
    Source,
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    url = "https://example.org/source"


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.Sequence(lambda n: f"skill-{n}")
    category = Skill.Category.ML


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    kind = Provider.Kind.UNIVERSITY
    source = factory.SubFactory(SourceFactory)


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Offering {n}")
    slug = factory.Sequence(lambda n: f"offering-{n}")
    kind = Offering.Kind.ONLINE_COURSE
    provider = factory.SubFactory(ProviderFactory)
    summary = "A course that teaches something useful."
    delivery = Offering.Delivery.ONLINE
    cost_pkr = 0
    level = Offering.Level.BEGINNER
    duration_weeks = 4
    source = factory.SubFactory(SourceFactory)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        """``skills={skill: level}`` sets what the offering teaches."""
        for skill, level in (extracted or {}).items():
            OfferingSkill.objects.create(offering=self, skill=skill, level=level)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    summary = "A job."
    basis = "Built for a test."
    source = factory.SubFactory(SourceFactory)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        """``skills={skill: (level, weight)}`` sets what the role needs."""
        for skill, (level, weight) in (extracted or {}).items():
            RoleSkill.objects.create(role=self, skill=skill, level=level, weight=weight)


EDITORS = "Catalog editors"
EDITOR_GROUP_MIGRATIONS = [
    ("catalog.migrations.0004_catalog_editors_group", "create_group"),
    ("catalog.migrations.0006_editors_manage_access_routes", "grant"),
]


def editors_group_restore() -> None:
    """Make the "Catalog editors" group again as its migrations do: transactional tests
    empty every table when they finish, data migrations' rows included."""
    if Group.objects.filter(name=EDITORS).exists():
        return
    schema_editor = SimpleNamespace(connection=SimpleNamespace(alias="default"))
    for module, function in EDITOR_GROUP_MIGRATIONS:
        getattr(importlib.import_module(module), function)(global_apps, schema_editor)


def user_create(
    email: str, *, password: str = "a-long-passphrase", username: str | None = None, **extra
):
    """A user with a verified address, who can sign in through the site's log-in page."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username or email, email=email, password=password, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def learner_create(
    email: str,
    *,
    role: str,
    skills: dict[str, int],
    sectors: tuple[str, ...] = (),
    password: str = "a-long-passphrase",
    username: str | None = None,
    **profile,
):
    """A learner with a finished profile: the role, skills (slug: level) and sectors by
    slug, from the catalog in the database; other profile fields as given."""
    from careers.models import Profile, ProfileSkill

    user = user_create(email, password=password, username=username)
    made = Profile.objects.create(user=user, target_role=Role.objects.get(slug=role), **profile)
    made.sectors.add(*Sector.objects.filter(slug__in=sectors))
    ProfileSkill.objects.bulk_create(
        ProfileSkill(profile=made, skill=Skill.objects.get(slug=slug), level=level)
        for slug, level in skills.items()
    )
    return user


def editor_create(email: str = "editor@example.pk", password: str = "a-long-passphrase"):
    """A staff member in the "Catalog editors" group, with a verified address, who can sign
    in through the site's log-in page."""
    editors_group_restore()
    user = user_create(email, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user
