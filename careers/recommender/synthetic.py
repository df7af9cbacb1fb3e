"""A made-up catalog of any size, for benchmarks and tests that need no database."""

import random

from careers.recommender.data import Catalog, Item, Learner, RoleNeeds

KINDS = ["online_course"] * 6 + [
    "certificate",
    "bootcamp",
    "practice",
    "degree",
    "community",
    "meetup",
]
DELIVERIES = ["online", "online", "in_person", "hybrid"]
CITIES = ["", "islamabad", "lahore", "karachi", "peshawar", "quetta", "multan", "faisalabad"]
LEVELS = ["beginner", "intermediate", "advanced"]


def synthetic_catalog(items: int, *, skills: int = 48, seed: int = 7) -> Catalog:
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(3000)]
    skill_slugs = [f"skill-{n}" for n in range(skills)]
    # Edges only point to lower-numbered skills, so the graph is acyclic by construction.
    prerequisites = {
        slug: frozenset(rng.sample(skill_slugs[:n], min(n, rng.choice([0, 1, 1, 2]))))
        for n, slug in enumerate(skill_slugs)
    }
    sectors = [f"sector-{n}" for n in range(10)]
    providers = [f"provider-{n}" for n in range(max(10, items // 50))]
    offerings = []
    for n in range(items):
        taught = rng.sample(skill_slugs, rng.randint(1, 4))
        kind = rng.choice(KINDS)
        delivery = rng.choice(DELIVERIES)
        offerings.append(
            Item(
                slug=f"offering-{n}",
                title=" ".join(rng.sample(vocabulary, 5)),
                kind=kind,
                provider=rng.choice(providers),
                provider_name="",
                text=" ".join(rng.choices(vocabulary, k=rng.randint(20, 40))),
                delivery=delivery,
                city="" if delivery == "online" else rng.choice(CITIES[1:]),
                level=rng.choice(LEVELS),
                cost_pkr=rng.choice([0, 0, None, 5000, 20000, 150000]),
                duration_weeks=rng.choice([None, 1, 4, 8, 12]),
                hours_per_week=rng.choice([None, 3, 5, 10]),
                skills={slug: rng.randint(1, 3) for slug in taught},
                prerequisites=tuple(
                    p for s in taught for p in prerequisites[s] if p not in taught
                )[:2],
                sectors=tuple(rng.sample(sectors, rng.randint(0, 2))),
            )
        )
    roles = {
        f"role-{n}": RoleNeeds(
            slug=f"role-{n}",
            name=f"Role {n}",
            skills={
                s: (rng.randint(1, 3), rng.randint(1, 5)) for s in rng.sample(skill_slugs, 10)
            },
        )
        for n in range(8)
    }
    return Catalog(
        items=tuple(offerings),
        skill_names={slug: slug.replace("-", " ") for slug in skill_slugs},
        prerequisites=prerequisites,
        roles=roles,
        city_names={c: c.title() for c in CITIES if c},
        sector_names={s: s for s in sectors},
    )


def synthetic_learners(catalog: Catalog, count: int, *, seed: int = 11) -> list[Learner]:
    rng = random.Random(seed)
    skills = list(catalog.skill_names)
    return [
        Learner(
            target_role=rng.choice(list(catalog.roles)),
            skills={s: rng.randint(1, 3) for s in rng.sample(skills, rng.randint(0, 8))},
            sectors=tuple(rng.sample(list(catalog.sector_names), 1)),
            city=rng.choice(["lahore", "karachi", "islamabad", "other"]),
            budget_pkr=rng.choice([0, 20000, None]),
            hours_per_week=rng.choice([2, 6, 10, 20]),
            delivery=rng.choice(["online", "any", "in_person"]),
        )
        for _ in range(count)
    ]
