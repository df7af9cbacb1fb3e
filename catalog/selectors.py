"""Reads of the catalog, shaped for the pages and the recommender."""

from collections.abc import Iterable

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from catalog.models import CatalogVersion, Offering, OfferingSkill, Role, RoleSkill, Skill


def skill_prerequisite_graph() -> dict[str, set[str]]:
    """Every skill slug mapped to the slugs of the skills it requires."""
    graph: dict[str, set[str]] = {
        slug: set() for slug in Skill.objects.values_list("slug", flat=True)
    }
    edges = Skill.prerequisites.through.objects.values_list("from_skill__slug", "to_skill__slug")
    for skill, prerequisite in edges:
        graph[skill].add(prerequisite)
    return graph


def offering_list(*, active_only: bool = True) -> QuerySet[Offering]:
    offerings = (
        Offering.objects.select_related("provider")
        .prefetch_related(
            Prefetch("skills_taught", queryset=OfferingSkill.objects.select_related("skill"))
        )
        .order_by(Lower("title"), "pk")
    )
    return offerings.active() if active_only else offerings


SHORT_WORD = 3  # "TF", "ML", "CV": matched as whole names, not inside other words


def offerings_for_detail() -> QuerySet[Offering]:
    """Active offerings with everything their page shows."""
    return (
        Offering.objects.active()
        .select_related("provider", "source", "length_source", "cost_source")
        .prefetch_related(
            Prefetch("skills_taught", queryset=OfferingSkill.objects.select_related("skill")),
            "prerequisite_skills",
            "sectors",
            "free_routes",
        )
    )


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.annotate(
        offering_count=Count(
            "taught_by", filter=Q(taught_by__offering__is_active=True), distinct=True
        )
    ).order_by("category", "name")


def skills_for_detail() -> QuerySet[Skill]:
    return Skill.objects.prefetch_related("prerequisites", "required_by")


def offerings_for_skill(*, skill: Skill) -> QuerySet[OfferingSkill]:
    """What teaches a skill, deepest first, then cheapest (unknown cost last)."""
    return (
        OfferingSkill.objects.filter(skill=skill, offering__is_active=True)
        .select_related("offering__provider")
        .order_by("-level", F("offering__cost_pkr").asc(nulls_last=True), "offering__title")
    )


def role_list() -> QuerySet[Role]:
    return Role.objects.prefetch_related(
        Prefetch("required_skills", queryset=RoleSkill.objects.select_related("skill"))
    )


def roles_for_detail() -> QuerySet[Role]:
    return Role.objects.select_related("source").prefetch_related(
        Prefetch("required_skills", queryset=RoleSkill.objects.select_related("skill")),
        "sectors",
    )


def catalog_state() -> str:
    """A token that changes with every catalog change and never repeats: what fitted
    models are keyed by. One indexed single-row read."""
    token = CatalogVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return str(token or "")


class _KeptRows:
    """Rows read once per process for one catalog state."""

    def __init__(self, state: str) -> None:
        self.state = state
        self.offerings: dict[str, Offering] = {}
        self.skills: dict[str, Skill] = {}


_kept_rows = _KeptRows("")
# A process keeps at most this many rows of a kind before it starts again.
KEPT_ROWS_LIMIT = 5000


def _rows_for(state: str) -> _KeptRows:
    global _kept_rows
    rows = _kept_rows
    if rows.state != state or not state:
        rows = _KeptRows(state)
        _kept_rows = rows
    return rows


def _kept(table: dict, wanted: Iterable[str], read) -> dict:
    missing = [slug for slug in wanted if slug not in table]
    if missing:
        if len(table) + len(missing) > KEPT_ROWS_LIMIT:
            table.clear()
        table.update(read(missing))
    found = {slug: table.get(slug) for slug in wanted}
    return {slug: row for slug, row in found.items() if row is not None}


def offerings_by_slug(slugs: Iterable[str], *, state: str) -> dict[str, Offering]:
    """Offerings, retired ones too, with their providers, by slug. Read once per process
    for the catalog state `state` (from `catalog_state()`, read before this): the rows a
    path shows are then shared by every page of every learner until the catalog changes.
    Treat them as read-only."""
    return _kept(
        _rows_for(state).offerings,
        list(slugs),
        lambda missing: (
            Offering.objects.filter(slug__in=missing)
            .select_related("provider")
            .in_bulk(field_name="slug")
        ),
    )


def skill_by_slug(slug: str, *, state: str) -> Skill | None:
    """A skill by its slug, read once per process for the catalog state `state`."""
    found = _kept(
        _rows_for(state).skills,
        [slug],
        lambda missing: Skill.objects.filter(slug__in=missing).in_bulk(field_name="slug"),
    )
    return found.get(slug)


def catalog_version() -> int:
    """The catalog's change counter: one indexed single-row read."""
    return CatalogVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def skill_suggestions(*, query: str, exclude: Iterable[str] = (), limit: int = 8) -> list[Skill]:
    """Skills whose name, slug or aliases contain the query, closest matches first."""
    query = query.strip()
    if not query:
        return []
    found = Skill.objects.filter(
        Q(name__icontains=query) | Q(slug__icontains=query) | Q(aliases__icontains=query)
    ).exclude(slug__in=list(exclude))
    lowered = query.lower()

    def closeness(skill: Skill) -> tuple[int, str]:
        names = [skill.name.lower(), skill.slug, *(a.lower() for a in skill.alias_list)]
        if lowered in names:
            return (0, skill.name)
        if any(name.startswith(lowered) for name in names):
            return (1, skill.name)
        return (2, skill.name)

    ranked = sorted(found, key=closeness)
    if len(query) <= SHORT_WORD:
        ranked = [skill for skill in ranked if closeness(skill)[0] < 2]  # exact or prefix only
    return ranked[:limit]


def skills_named(*, query: str) -> list[Skill]:
    """Skills called exactly this, by name, slug or alias, ignoring case."""
    lowered = query.strip().lower()
    if not lowered:
        return []
    return [
        skill
        for skill in skill_suggestions(query=lowered, limit=50)
        if lowered in (skill.name.lower(), skill.slug, *(a.lower() for a in skill.alias_list))
    ]
