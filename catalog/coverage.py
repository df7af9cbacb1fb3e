"""How complete and trustworthy the catalog is: the figures behind `catalog_report`.

The thresholds are the product's floor: the seed catalog is tested against them, so the
catalog cannot quietly get worse.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.db.models import Prefetch

from catalog.models import City, Offering, OfferingSkill, RoleSkill

COURSE_KINDS = (Offering.Kind.ONLINE_COURSE, Offering.Kind.CERTIFICATE, Offering.Kind.BOOTCAMP)
PLACE_KINDS = (
    Offering.Kind.DEGREE,
    Offering.Kind.BOOTCAMP,
    Offering.Kind.COMMUNITY,
    Offering.Kind.MEETUP,
    Offering.Kind.CONFERENCE,
    Offering.Kind.CERTIFICATE,
    Offering.Kind.INTERNSHIP,
)
RECENT_CHECK = timedelta(days=365)

THRESHOLDS = {
    "active_offerings": 250,  # at least
    "courses_with_length": 0.80,  # share of courses, certificates and bootcamps, at least
    "without_cost_or_route": 0.10,  # share of offerings, at most
    "specific_url": 0.90,  # share of offerings, at least
}


@dataclass
class RoleLevelGap:
    """A level a role requires that too few active offerings reach."""

    role: str
    skill: str
    level: int
    offerings: int
    free_offerings: int


@dataclass
class CatalogCoverage:
    today: date
    active: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_city: dict[str, Counter] = field(default_factory=dict)
    by_language: Counter = field(default_factory=Counter)
    by_skill: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    courses: int = 0
    courses_with_length: int = 0
    without_cost_or_route: int = 0
    specific_url: int = 0
    # Of those, addresses on another site than the provider's own (a news report, a listing,
    # notes): facts may be sourced there, but a learner is better sent to the provider.
    elsewhere_url: int = 0
    recently_checked: int = 0
    upcoming_rounds: int = 0
    past_rounds: int = 0
    role_gaps: list[RoleLevelGap] = field(default_factory=list)

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def cities_without_place(self) -> list[str]:
        return [
            city.value
            for city in City
            if city != City.OTHER and not sum(self.by_city.get(city.value, Counter()).values())
        ]

    def threshold_failures(self) -> list[str]:
        failures = []
        if self.active < THRESHOLDS["active_offerings"]:
            failures.append(
                f"{self.active} active offerings; at least {THRESHOLDS['active_offerings']}"
            )
        checks = (
            (
                "courses_with_length",
                self.share(self.courses_with_length, self.courses),
                "at least",
            ),
            ("specific_url", self.share(self.specific_url, self.active), "at least"),
        )
        for name, value, _ in checks:
            if value < THRESHOLDS[name]:
                failures.append(f"{name} is {value:.0%}; at least {THRESHOLDS[name]:.0%}")
        unknown = self.share(self.without_cost_or_route, self.active)
        if unknown > THRESHOLDS["without_cost_or_route"]:
            failures.append(
                f"without_cost_or_route is {unknown:.0%}; "
                f"at most {THRESHOLDS['without_cost_or_route']:.0%}"
            )
        for city in self.cities_without_place:
            failures.append(f"no in-person or hybrid option in {city}")
        for gap in self.role_gaps:
            failures.append(
                f"{gap.role} needs {gap.skill} at level {gap.level}: "
                f"{gap.offerings} active offerings reach it, {gap.free_offerings} free"
            )
        return failures


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


def url_is_specific(url: str, provider_url: str) -> bool:
    """An address for the offering itself, not its provider's home page. A bare host counts
    only as a site of the offering's own under its provider's domain (cs231n.stanford.edu
    for Stanford, course.fast.ai for fast.ai)."""
    if not url:
        return False
    parts = urlsplit(url)
    host, home_host = _host(url), _host(provider_url) if provider_url else ""
    if parts.path.strip("/") == "" and not parts.query and not parts.fragment:
        return bool(home_host) and host.endswith("." + home_host)
    if home_host and host == home_host:
        home = urlsplit(provider_url)
        same_page = parts.path.strip("/") == home.path.strip("/") and parts.query == home.query
        return not same_page
    return True


def url_on_other_site(url: str, provider_url: str) -> bool:
    """An address on neither the provider's host nor a subdomain of it."""
    if not url or not provider_url:
        return False
    host, home = _host(url), _host(provider_url)
    return bool(home) and host != home and not host.endswith("." + home)


def catalog_coverage(*, today: date) -> CatalogCoverage:
    """Count what the active catalog holds and how much of it is known and checked."""
    report = CatalogCoverage(today=today)
    offerings = (
        Offering.objects.active()
        .select_related("provider", "source")
        .prefetch_related(
            Prefetch("skills_taught", queryset=OfferingSkill.objects.select_related("skill")),
            "free_routes",
        )
    )
    reach: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for offering in offerings:
        report.active += 1
        report.by_kind[offering.kind] += 1
        report.by_language[offering.language] += 1
        if offering.city and offering.delivery != Offering.Delivery.ONLINE:
            report.by_city.setdefault(offering.city, Counter())[offering.kind] += 1
        if offering.kind in COURSE_KINDS:
            report.courses += 1
            if offering.duration_weeks or offering.total_hours:
                report.courses_with_length += 1
        has_route = any(route.is_active for route in offering.free_routes.all())
        if not offering.cost_is_known and not has_route:
            report.without_cost_or_route += 1
        provider_url = offering.provider.url if offering.provider else ""
        if url_is_specific(offering.url, provider_url):
            report.specific_url += 1
            report.elsewhere_url += url_on_other_site(offering.url, provider_url)
        checked = offering.source.checked_on
        if checked and today - checked <= RECENT_CHECK:
            report.recently_checked += 1
        if offering.upcoming_start(today):
            report.upcoming_rounds += 1
        elif offering.schedule in (Offering.Schedule.COHORT, Offering.Schedule.EVENT):
            report.past_rounds += 1
        for taught in offering.skills_taught.all():
            reach[taught.skill.slug].append((taught.level, offering.is_free))

    for slug, levels in sorted(reach.items()):
        report.by_skill[slug] = tuple(
            sum(1 for level, _ in levels if level >= wanted) for wanted in (1, 2, 3)
        )
    for need in RoleSkill.objects.select_related("role", "skill").order_by("role__slug", "skill"):
        reaching = [free for level, free in reach.get(need.skill.slug, []) if level >= need.level]
        if len(reaching) < 2 or not any(reaching):
            report.role_gaps.append(
                RoleLevelGap(
                    role=need.role.slug,
                    skill=need.skill.slug,
                    level=need.level,
                    offerings=len(reaching),
                    free_offerings=sum(reaching),
                )
            )
    return report
