"""Reads of the catalog, shaped for the pages and the recommender."""

from collections.abc import Iterable

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
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


MAX_SEARCH_WORDS = 6  # words past this are ignored, so no query costs more than six words


def search_words(query: str) -> list[str]:
    """The distinct words of a query, in order, at most MAX_SEARCH_WORDS of them."""
    words: list[str] = []
    for word in query.split():
        if word.lower() not in (w.lower() for w in words):
            words.append(word[:100])
        if len(words) == MAX_SEARCH_WORDS:
            break
    return words


def _skill_ids_matching(word: str) -> list[int]:
    """Skills a word names: whole names or aliases for short words, any part otherwise."""
    if len(word) <= SHORT_WORD:
        return [skill.pk for skill in skills_named(query=word)]
    return list(
        Skill.objects.filter(Q(name__icontains=word) | Q(aliases__icontains=word)).values_list(
            "pk", flat=True
        )
    )


def offering_search(*, queryset: QuerySet[Offering], query: str) -> QuerySet[Offering]:
    """Offerings matching every word of the query, most relevant first.

    A word matches an offering's title, summary, provider or a skill it teaches. Short words
    match a skill's name or alias, a provider's short name, or a whole word of a title, so
    "TF" finds TensorFlow but not "platform". Each word is one condition on the offering's
    own row (a skill match is an EXISTS subquery, so rows never multiply), and repeated or
    extra words are dropped: the cost is bounded whatever is typed. Relevance adds, per
    word, 4 for the title, 3 for a skill taught, 2 for the provider and 1 for the summary.
    """
    words = search_words(query)
    if not words:
        return queryset
    score = Value(0)
    for word in words:
        if len(word) <= SHORT_WORD:
            title = (
                Q(title__iexact=word)
                | Q(title__istartswith=f"{word} ")
                | Q(title__icontains=f" {word} ")
                | Q(title__iendswith=f" {word}")
                | Q(title__icontains=f"({word})")
            )
            parts = [(title, 4), (Q(provider__short_name__iexact=word), 2)]
        else:
            provider = Q(provider__name__icontains=word) | Q(provider__short_name__icontains=word)
            parts = [(Q(title__icontains=word), 4), (provider, 2), (Q(summary__icontains=word), 1)]
        skill_ids = _skill_ids_matching(word)
        if skill_ids:
            taught = OfferingSkill.objects.filter(offering=OuterRef("pk"), skill__in=skill_ids)
            parts.append((Q(Exists(taught)), 3))
        matches = Q()
        for condition, weight in parts:
            matches |= condition
            score = score + Case(When(condition, then=Value(weight)), default=Value(0))
        queryset = queryset.filter(matches)
    return queryset.annotate(relevance=score).order_by("-relevance", Lower("title"), "pk")


def offerings_for_detail() -> QuerySet[Offering]:
    """Active offerings with everything their page shows."""
    return (
        Offering.objects.active()
        .select_related("provider", "source")
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
