"""Propose skills, levels and evidence from a CV's text, as the profile page does."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.model_store import skill_extractor


class Command(BaseCommand):
    help = (
        "Read a CV or LinkedIn text file and print the skills it supports, each with a "
        "level (1-3) and the words that show it. Exit status 2 for a missing, empty or "
        "unreadable file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--text-file", required=True, type=Path, help="A UTF-8 text file.")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, text_file: Path, format: str, **options):
        try:
            text = text_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"--text-file: {text_file} does not exist", returncode=2) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                f"--text-file: {text_file} cannot be read as UTF-8 text ({exc})", returncode=2
            ) from None
        if not text.strip():
            raise CommandError(f"--text-file: {text_file} is empty", returncode=2)
        proposed = skill_extractor().extract(text)
        if format == "json":
            skills = [
                {"skill": p.skill, "level": p.level, "evidence": p.evidence} for p in proposed
            ]
            self.stdout.write(json.dumps({"skills": skills}, ensure_ascii=False, indent=2))
            return
        if not proposed:
            self.stdout.write("No skills found in the text.")
        for p in proposed:
            self.stdout.write(f"{p.skill} (level {p.level}): {p.evidence}")
