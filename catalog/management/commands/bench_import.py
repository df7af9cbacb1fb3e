"""Time a bulk offering import (preview, then the real thing); prints JSON, keeps nothing."""

import json
import random
import time

import tablib
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import Offering, Provider, Sector, Skill, Source
from catalog.resources import OfferingResource


class _RollBack(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Generate N offering rows as a CSV file, import it through the admin's resource as "
        "a dry run and for real, and print the timings. Everything is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000)

    def handle(self, *args, rows: int, **options):
        skills = list(Skill.objects.values_list("slug", flat=True))
        sectors = list(Sector.objects.values_list("slug", flat=True))
        providers = list(Provider.objects.values_list("slug", flat=True))
        sources = list(Source.objects.values_list("key", flat=True))
        if not (skills and sectors and providers and sources):
            raise CommandError("Load the catalog first: python manage.py load_catalog")
        csv_text = self.generated_csv(rows, skills, sectors, providers, sources)
        timings = {"rows": rows}
        try:
            with transaction.atomic():
                for name, dry_run in (("dry_run", True), ("import", False), ("recheck", True)):
                    dataset = tablib.import_set(csv_text, format="csv")
                    start = time.perf_counter()
                    result = OfferingResource().import_data(dataset, dry_run=dry_run)
                    seconds = time.perf_counter() - start
                    if result.has_errors() or result.has_validation_errors():
                        raise CommandError("the generated file did not import")
                    timings[name] = {
                        "seconds": round(seconds, 2),
                        "rows_per_second": round(rows / seconds),
                        "totals": {k: v for k, v in result.totals.items() if v},
                    }
                raise _RollBack
        except _RollBack:
            pass
        self.stdout.write(json.dumps(timings, indent=2))

    @staticmethod
    def generated_csv(rows, skills, sectors, providers, sources) -> str:
        rng = random.Random(7)
        headers = OfferingResource().export(queryset=Offering.objects.none()).headers
        data = []
        for n in range(rows):
            row = {
                "slug": f"bench-offering-{n}",
                "title": f"Bench offering {n}",
                "kind": rng.choice(["online_course", "bootcamp", "certificate"]),
                "provider": rng.choice(providers),
                "summary": "A generated offering for timing the importer.",
                "url": f"https://example.org/offering/{n}",
                "delivery": "online",
                "city": "",
                "cost_pkr": str(rng.choice([0, 5000, 25000])),
                "level": "beginner",
                "duration_weeks": str(rng.randint(1, 20)),
                "hours_per_week": str(rng.randint(1, 10)),
                "language": "en",
                "cost_usd": "",
                "cost_period": "total",
                "total_hours": "",
                "data_weight": "",
                "schedule": "self_paced",
                "starts_on": "",
                "last_round": "",
                "entry_education": "",
                "entry_test": "",
                "entry_note": "",
                "province": "",
                "free_routes": "",
                "is_active": "1",
                "source": rng.choice(sources),
                "length_source": "",
                "cost_source": "",
                "sectors": ", ".join(rng.sample(sectors, 2)),
                "prerequisites": rng.choice(skills),
                "skills": ", ".join(f"{s}:{rng.randint(1, 3)}" for s in rng.sample(skills, 3)),
            }
            data.append([row[h] for h in headers])
        return tablib.Dataset(*data, headers=headers).export("csv")
