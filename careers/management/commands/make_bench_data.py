"""Fill a benchmark database: synthetic offerings up to a total, learners with profiles and
signed-in sessions. Every row it makes is marked "bench-" and replaced on the next run."""

import json
import random
import re
import time
from importlib import import_module
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from careers.models import Profile, ProfileSkill
from careers.recommender.synthetic import CITIES, DELIVERIES, KINDS, LEVELS
from catalog.models import Offering, OfferingSkill, Provider, Role, Sector, Skill, Source
from catalog.services import catalog_signals_quiet, catalog_version_bump

PREFIX = "bench-"
EMAIL_DOMAIN = "bench.example.com"
PASSWORD = "bench-learner-password"
BATCH = 2000


def _vocabulary() -> list[str]:
    """Words of the seed catalog's summaries, so synthetic text searches like real text."""
    words: list[str] = []
    for summary in Offering.objects.exclude(slug__startswith=PREFIX).values_list(
        "summary", flat=True
    ):
        words += [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", summary)]
    return words or ["learning", "data", "python", "course", "models", "practice"]


class Command(BaseCommand):
    help = (
        "Add synthetic offerings until the catalog has N active ones and M learners with "
        "profiles and sessions; writes the session keys to a JSON file. For benchmarks only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offerings", type=int, default=10_000, help="active offerings")
        parser.add_argument("--learners", type=int, default=1_000)
        parser.add_argument("--sessions-file", type=Path, required=True)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, offerings: int, learners: int, sessions_file: Path, seed: int, **_):
        skills = list(Skill.objects.prefetch_related("prerequisites").order_by("slug"))
        roles = list(Role.objects.order_by("slug"))
        if not (skills and roles and Provider.objects.exists() and Source.objects.exists()):
            raise CommandError("Load the catalog first: python manage.py load_catalog")
        rng = random.Random(seed)
        start = time.perf_counter()
        self.clear()
        added = self.add_offerings(rng, offerings, skills)
        users = self.add_learners(rng, learners, skills, roles)
        catalog_version_bump()
        sessions = self.sessions_for(users)
        sessions_file.write_text(
            json.dumps(
                {
                    "cookie": settings.SESSION_COOKIE_NAME,
                    "password": PASSWORD,
                    "learners": [
                        {"username": user.username, "email": user.email, "session": key}
                        for user, key in zip(users, sessions, strict=True)
                    ],
                }
            )
        )
        self.stdout.write(
            f"bench data: {Offering.objects.active().count()} active offerings "
            f"({added} synthetic), {len(users)} learners with sessions, "
            f"in {time.perf_counter() - start:.1f} s"
        )

    @transaction.atomic
    def clear(self) -> None:
        # Quiet: one version bump at the end instead of one per deleted offering.
        with catalog_signals_quiet():
            get_user_model().objects.filter(username__startswith=PREFIX).delete()
            Offering.objects.filter(slug__startswith=PREFIX).delete()

    @transaction.atomic
    def add_offerings(self, rng: random.Random, total: int, skills: list[Skill]) -> int:
        count = max(0, total - Offering.objects.active().count())
        providers = list(Provider.objects.values_list("pk", flat=True))
        sources = list(Source.objects.values_list("pk", flat=True))
        sectors = list(Sector.objects.values_list("pk", flat=True))
        vocabulary = _vocabulary()
        kinds = dict(Offering.Kind.choices)
        rows = []
        for n in range(count):
            kind = rng.choice(KINDS)
            delivery = rng.choice(DELIVERIES)
            taught = rng.sample(skills, rng.randint(1, 4))
            rows.append(
                Offering(
                    slug=f"{PREFIX}offering-{n}",
                    title=f"Bench {kinds[kind].lower()} {n}: "
                    + ", ".join(skill.name for skill in taught[:2]),
                    kind=kind,
                    provider_id=rng.choice(providers),
                    summary="Synthetic offering for load tests. "
                    + " ".join(rng.choices(vocabulary, k=rng.randint(20, 40))),
                    delivery=delivery,
                    city="" if delivery == "online" else rng.choice(CITIES[1:]),
                    level=rng.choice(LEVELS),
                    cost_pkr=rng.choice([0, 0, None, 5000, 20000, 150000]),
                    duration_weeks=rng.choice([None, 1, 4, 8, 12]),
                    hours_per_week=rng.choice([None, 3, 5, 10]),
                    source_id=rng.choice(sources),
                )
            )
            rows[-1].taught = taught
        Offering.objects.bulk_create(rows, batch_size=BATCH)
        taught_rows, prerequisite_rows, sector_rows = [], [], []
        Prerequisite = Offering.prerequisite_skills.through
        OfferingSector = Offering.sectors.through
        for offering in rows:
            for skill in offering.taught:
                taught_rows.append(
                    OfferingSkill(offering=offering, skill=skill, level=rng.randint(1, 3))
                )
            needed = {p.pk for s in offering.taught for p in s.prerequisites.all()}
            needed -= {s.pk for s in offering.taught}
            for skill_id in sorted(needed)[:2]:
                prerequisite_rows.append(Prerequisite(offering=offering, skill_id=skill_id))
            for sector_id in rng.sample(sectors, rng.randint(0, min(2, len(sectors)))):
                sector_rows.append(OfferingSector(offering=offering, sector_id=sector_id))
        OfferingSkill.objects.bulk_create(taught_rows, batch_size=BATCH)
        Prerequisite.objects.bulk_create(prerequisite_rows, batch_size=BATCH)
        OfferingSector.objects.bulk_create(sector_rows, batch_size=BATCH)
        return count

    @transaction.atomic
    def add_learners(self, rng: random.Random, count: int, skills: list[Skill], roles: list[Role]):
        User = get_user_model()
        # One hash for everyone: hashing a thousand passwords would take minutes.
        password = make_password(PASSWORD)
        users = User.objects.bulk_create(
            [
                User(
                    username=f"{PREFIX}learner-{n}",
                    email=f"{PREFIX}learner-{n}@{EMAIL_DOMAIN}",
                    password=password,
                )
                for n in range(count)
            ],
            batch_size=BATCH,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            batch_size=BATCH,
        )
        profiles = Profile.objects.bulk_create(
            [
                Profile(
                    user=user,
                    education_level=rng.choice(Profile.Education.values),
                    city=rng.choice(["lahore", "karachi", "islamabad", "peshawar", "other"]),
                    delivery=rng.choice(Profile.Delivery.values),
                    target_role=rng.choice(roles),
                    budget_pkr=rng.choice([0, 5000, 20000, 100000]),
                    hours_per_week=rng.choice([2, 6, 10, 20]),
                    goal="Synthetic learner for load tests.",
                )
                for user in users
            ],
            batch_size=BATCH,
        )
        sectors = list(Sector.objects.values_list("pk", flat=True))
        ProfileSector = Profile.sectors.through
        ProfileSkill.objects.bulk_create(
            [
                ProfileSkill(profile=profile, skill=skill, level=rng.randint(1, 3))
                for profile in profiles
                for skill in rng.sample(skills, rng.randint(0, 8))
            ],
            batch_size=BATCH,
        )
        ProfileSector.objects.bulk_create(
            [
                ProfileSector(profile=profile, sector_id=rng.choice(sectors))
                for profile in profiles
            ],
            batch_size=BATCH,
        )
        return users

    @staticmethod
    def sessions_for(users) -> list[str]:
        """A signed-in session per learner, as a log-in would leave it."""
        SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
        keys = []
        for user in users:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            keys.append(session.session_key)
        return keys
