"""Load the seed catalog (or another catalog file) into the database, all or nothing."""

import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.loading import DEFAULT_DATA_DIR, CatalogFileError, catalog_plan_from_path
from catalog.services import catalog_load


class Command(BaseCommand):
    help = (
        "Create or update catalog entries from YAML files, matched by slug. "
        "Nothing is written unless every entry is valid; loading twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help="A YAML file, or a folder whose *.yaml files are read together "
            "(default: the seed catalog).",
        )
        parser.add_argument("--check", action="store_true", help="Validate only; write nothing.")

    def handle(self, *args, path: Path, check: bool, **options):
        already_running = set(threading.enumerate())
        try:
            plan = catalog_plan_from_path(path)
            if check:
                self.stdout.write(self.style.SUCCESS(f"{path}: valid, nothing written."))
                return
            report = catalog_load(plan=plan)
        except CatalogFileError as exc:
            count = len(exc.errors)
            raise CommandError(
                f"The catalog was not loaded ({count} problem{'s' if count != 1 else ''}; "
                "nothing was written):\n  " + "\n  ".join(exc.errors)
            ) from exc
        for section, counts in report.sections.items():
            self.stdout.write(
                f"{section:<10} {counts.created:>4} created {counts.updated:>4} updated "
                f"{counts.unchanged:>4} unchanged"
            )
        if not report.changed:
            self.stdout.write(self.style.SUCCESS("The catalog was already up to date."))
        # A change starts work in other threads (the recommender's new model); let what this
        # load started end while the interpreter is still whole, rather than during its
        # shutdown. Threads that were running before (a server's) are not ours to wait for.
        for thread in set(threading.enumerate()) - already_running:
            if not thread.daemon:
                thread.join()
