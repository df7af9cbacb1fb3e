"""Precision and recall of the CV skill extractor against independently labelled CVs."""

import json
from dataclasses import dataclass
from pathlib import Path

from careers.cv.extraction import SkillExtractor, SkillText

EVAL_DIR = Path(__file__).resolve().parent / "eval"
DEV_SHARE = 1 / 3  # the first third of the CVs may guide changes; the rest only measures


@dataclass(frozen=True)
class LabelledCV:
    file: str
    text: str
    skills: dict[str, int]


@dataclass
class ExtractionScores:
    cvs: int
    skill_precision: float
    skill_recall: float
    level_precision: float  # (skill, level) pairs exactly right, of those proposed
    level_recall: float  # (skill, level) pairs exactly right, of those labelled
    level_accuracy: float  # right level, of skills found correctly


def labelled_cvs(folder: Path = EVAL_DIR, split: str = "all") -> list[LabelledCV]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))["cvs"]
    cvs = [
        LabelledCV(
            file=item["file"],
            text=(folder / "cvs" / item["file"]).read_text(encoding="utf-8"),
            skills={slug: int(level) for slug, level in item["skills"].items()},
        )
        for item in sorted(labels, key=lambda item: item["file"])
    ]
    cut = round(len(cvs) * DEV_SHARE)
    return {"dev": cvs[:cut], "test": cvs[cut:], "all": cvs}[split]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def extraction_scores(extractor: SkillExtractor, cvs: list[LabelledCV]) -> ExtractionScores:
    proposed_total = labelled_total = found = exact = 0
    for cv in cvs:
        proposed = {p.skill: p.level for p in extractor.extract(cv.text)}
        proposed_total += len(proposed)
        labelled_total += len(cv.skills)
        for slug, level in proposed.items():
            if slug in cv.skills:
                found += 1
                exact += cv.skills[slug] == level
    return ExtractionScores(
        cvs=len(cvs),
        skill_precision=_share(found, proposed_total),
        skill_recall=_share(found, labelled_total),
        level_precision=_share(exact, proposed_total),
        level_recall=_share(exact, labelled_total),
        level_accuracy=_share(exact, found),
    )


def extractor_variants(skills: list[SkillText]) -> dict[str, SkillExtractor]:
    """The extractor and its ablations: each part removed in turn."""
    return {
        "full": SkillExtractor(skills),
        "no-similarity": SkillExtractor(skills, use_similarity=False),
        "no-level-cues": SkillExtractor(skills, use_levels=False),
        "similarity-only": SkillExtractor(skills, use_aliases=False),
    }
