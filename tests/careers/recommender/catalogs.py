"""Small hand-made catalogs in the recommender's plain data, for tests that need no database."""

from careers.recommender.data import Catalog, Item, RoleNeeds

PREREQUISITES = {
    "python": frozenset(),
    "statistics": frozenset(),
    "machine-learning": frozenset({"python", "statistics"}),
    "deep-learning": frozenset({"machine-learning"}),
    "nlp": frozenset({"deep-learning"}),
    "docker": frozenset(),
    "kubernetes": frozenset({"docker"}),
}
NAMES = {
    "python": "Python",
    "statistics": "Statistics",
    "machine-learning": "Machine learning",
    "deep-learning": "Deep learning",
    "nlp": "Natural language processing",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
}


def item(slug: str, skills: dict[str, int], **fields) -> Item:
    values = {
        "title": slug.replace("-", " ").title(),
        "kind": "online_course",
        "provider": f"{slug}-provider",
        "provider_name": f"{slug} provider",
        "text": " ".join(NAMES.get(s, s) for s in skills),
        "delivery": "online",
        "city": "",
        "level": "beginner",
        "cost_pkr": 0,
        "duration_weeks": 4,
        "hours_per_week": 5,
        **fields,
    }
    return Item(slug=slug, skills=skills, **values)


def catalog(
    *items: Item,
    roles: dict[str, dict[str, tuple[int, int]]] | None = None,
    prerequisites: dict[str, frozenset[str]] | None = None,
    prerequisites_from: dict[str, int] | None = None,
) -> Catalog:
    roles = roles or {
        "nlp-engineer": {
            "python": (2, 5),
            "machine-learning": (2, 4),
            "deep-learning": (2, 4),
            "nlp": (2, 5),
        },
        "mlops-engineer": {"python": (1, 3), "docker": (2, 5), "kubernetes": (2, 5)},
    }
    return Catalog(
        items=tuple(items),
        skill_names=NAMES,
        prerequisites=prerequisites or PREREQUISITES,
        prerequisites_from=prerequisites_from or {},
        roles={
            slug: RoleNeeds(slug=slug, name=slug.replace("-", " ").upper(), skills=needs)
            for slug, needs in roles.items()
        },
        city_names={"lahore": "Lahore", "karachi": "Karachi", "other": "Elsewhere"},
        sector_names={"education": "Education", "healthcare": "Healthcare"},
    )


def nlp_catalog(*extra: Item) -> Catalog:
    return catalog(
        item("python-basics", {"python": 2}),
        item("stats-course", {"statistics": 2}),
        item("ml-course", {"machine-learning": 2}, prerequisites=("python",)),
        item("dl-course", {"deep-learning": 2}, prerequisites=("machine-learning",)),
        item("nlp-course", {"nlp": 2}, prerequisites=("deep-learning",)),
        item("docker-guide", {"docker": 2}),
        item("k8s-paid", {"kubernetes": 2}, cost_pkr=30000),
        item("karachi-meetup", {}, kind="meetup", delivery="in_person", city="karachi"),
        item("lahore-meetup", {}, kind="meetup", delivery="in_person", city="lahore"),
        item("online-community", {}, kind="community", cost_pkr=None),
        *extra,
    )
