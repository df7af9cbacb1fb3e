"""Print what the catalog holds and how much of it is known, sourced and recently checked."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from catalog.coverage import THRESHOLDS, catalog_coverage
from catalog.models import City, Offering


class Command(BaseCommand):
    help = (
        "Counts by kind, city, language and skill; the shares with a known length, a known "
        "cost or free route, a specific page and a recent check; and role levels that too "
        "few offerings reach. --strict exits 1 when a threshold is not met."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="Exit 1 if any threshold is not met."
        )

    def handle(self, *args, strict: bool, **options):
        report = catalog_coverage(today=timezone.localdate())
        out = self.stdout.write
        kinds = dict(Offering.Kind.choices)
        out(f"Active offerings: {report.active}")
        out("\nBy kind")
        for kind, count in report.by_kind.most_common():
            out(f"  {kinds.get(kind, kind):<22} {count:>4}")
        out("\nBy language")
        languages = dict(Offering.Language.choices)
        for language, count in report.by_language.most_common():
            out(f"  {languages.get(language, language):<22} {count:>4}")
        out("\nIn person or hybrid, by city")
        for city in City:
            counts = report.by_city.get(city.value)
            total = sum(counts.values()) if counts else 0
            detail = (
                ", ".join(f"{kinds[k]} {n}" for k, n in counts.most_common()) if counts else ""
            )
            out(f"  {city.label:<12} {total:>4}  {detail}")
        out("\nBy skill: active offerings reaching level 1 / 2 / 3")
        for slug, (one, two, three) in report.by_skill.items():
            out(f"  {slug:<22} {one:>4} {two:>4} {three:>4}")

        def line(label: str, part: int, whole: int, rule: str) -> None:
            out(f"  {label:<46} {part:>4} of {whole:<4} {report.share(part, whole):>6.1%}  {rule}")

        out("\nFacts")
        line(
            "courses, certificates, bootcamps with a length",
            report.courses_with_length,
            report.courses,
            f"(at least {THRESHOLDS['courses_with_length']:.0%})",
        )
        line(
            "offerings with neither a cost nor a free route",
            report.without_cost_or_route,
            report.active,
            f"(at most {THRESHOLDS['without_cost_or_route']:.0%})",
        )
        line(
            "offerings whose address is a specific page",
            report.specific_url,
            report.active,
            f"(at least {THRESHOLDS['specific_url']:.0%})",
        )
        line(
            "  of them on another site than the provider's",
            report.elsewhere_url,
            report.specific_url,
            "(a provider's own page is better)",
        )
        line("offerings checked in the last 12 months", report.recently_checked, report.active, "")
        out(f"  rounds or events announced ahead: {report.upcoming_rounds}")
        out(f"  rounds or events with no date ahead: {report.past_rounds}")

        out("\nRole levels that fewer than two active offerings (one free) reach")
        if not report.role_gaps:
            out("  none")
        for gap in report.role_gaps:
            out(
                f"  {gap.role}: {gap.skill} at level {gap.level} "
                f"({gap.offerings} offerings, {gap.free_offerings} free)"
            )
        failures = report.threshold_failures()
        out("\nThresholds: " + ("all met" if not failures else f"{len(failures)} not met"))
        for failure in failures:
            out(f"  - {failure}")
        if strict and failures:
            raise CommandError("The catalog is below its thresholds.", returncode=1)
