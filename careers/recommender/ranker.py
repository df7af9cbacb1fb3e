"""Ranking the offerings that may close a skill, on features an adviser would name, with
weights learned from pairs an adviser labelled (careers/recommender/labels).

The model is a logistic regression on feature differences (a pairwise ranker): small,
inspectable (one weight a feature), and fitted with the catalog model.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from careers.recommender.data import Learner
from careers.recommender.features import CatalogModel

LABELS_DIR = Path(__file__).resolve().parent / "labels"
FEATURES = (
    # What depends on the skill a step is for.
    "reaches_level",  # takes the learner to the level the role needs
    "overshoot",  # levels beyond what is needed
    "shortfall",  # levels short of what is needed
    # What depends on the learner.
    "log_weeks",  # weeks at the learner's hours, estimated by kind when unpublished
    "cost_share",  # its monthly cost as a share of the learner's monthly budget
    "in_my_city",
    "similarity",  # learner (goal, background, sectors, marks) against the offering
    # What depends on the offering alone.
    "focus",  # how much of it is about this skill (1 / skills it teaches)
    "length_published",
    "free",
    "cost_unknown",
    "online",
    "urdu",
    "video_heavy",
    "certificate",
    "degree",
    "bootcamp",
    "practice",
    "assumes",  # skills it assumes the learner knows first
    "no_round_ahead",  # runs in rounds and none is announced
)
PERSONAS_FILE = LABELS_DIR / "pairs_to_label.json"
LABELS_FILE = LABELS_DIR / "pair_labels.json"


LEVEL_PART = slice(0, 3)
LEARNER_PART = slice(3, 7)
OFFERING_PART = slice(7, len(FEATURES))


def candidate_features(
    model: CatalogModel,
    learner: Learner,
    rows: np.ndarray,
    levels: np.ndarray,
    needed: int,
    similarity: np.ndarray,
) -> np.ndarray:
    """One row of FEATURES for each candidate offering (rows of the catalog model)."""
    return np.hstack(
        [
            level_features(levels, needed),
            learner_features(model, learner, rows, similarity),
            offering_features(model, rows),
        ]
    )


def level_features(levels: np.ndarray, needed: int) -> np.ndarray:
    levels = levels.astype(np.float32)
    return np.column_stack(
        [levels >= needed, np.maximum(levels - needed, 0), np.maximum(needed - levels, 0)]
    ).astype(np.float32)


def learner_features(
    model: CatalogModel, learner: Learner, rows: np.ndarray, similarity: np.ndarray
) -> np.ndarray:
    log_weeks = _log_weeks_at(model, max(learner.hours_per_week, 1))[rows]
    budget = learner.budget_pkr
    cost_share = (
        np.minimum(np.nan_to_num(model.monthly_cost[rows] / budget, nan=0.0), 3.0)
        if budget
        else np.zeros(len(rows))
    )
    city_code = model.city_codes.get(learner.city) if learner.city not in ("", "other") else None
    in_my_city = (model.city[rows] == city_code) if city_code is not None else np.zeros(len(rows))
    return np.column_stack([log_weeks, cost_share, in_my_city, similarity[rows]]).astype(
        np.float32
    )


def _log_weeks_at(model: CatalogModel, hours: int) -> np.ndarray:
    """log(1 + weeks) of every offering at this many hours a week, remembered per model."""
    memo = model.__dict__.setdefault("_log_weeks", {})
    if hours not in memo:
        published = model.duration_weeks > 0
        total_hours = model.duration_weeks * model.item_hours_per_week
        rescale = model.self_paced & (total_hours > 0)
        at_pace = np.where(rescale, np.ceil(total_hours / hours), model.duration_weeks)
        estimated = np.where(
            model.estimated_hours > 0,
            np.ceil(model.estimated_hours / hours),
            model.estimated_weeks,
        )
        memo[hours] = np.log1p(np.where(published, at_pace, estimated)).astype(np.float32)
    return memo[hours]


def learner_scores(
    model: CatalogModel,
    learner: Learner,
    similarity: np.ndarray,
    ranker: "Ranker",
    base: np.ndarray | None = None,
) -> np.ndarray:
    """The learner part of every offering's score, as learner_features then part() would
    give it, without building the feature matrix (this runs once per path on every row, so
    it works in place in single precision); added to base when one is given."""
    weights, offset = ranker.coefficients(LEARNER_PART)
    scores = np.multiply(similarity, weights[3], dtype=np.float32)
    scores += offset
    if base is not None:
        scores += base
    term = np.multiply(_log_weeks_at(model, max(learner.hours_per_week, 1)), weights[0])
    scores += term
    if learner.budget_pkr:
        np.divide(_monthly_cost_or_zero(model), learner.budget_pkr, out=term)
        np.minimum(term, 3.0, out=term)
        term *= weights[1]
        scores += term
    city_code = model.city_codes.get(learner.city) if learner.city not in ("", "other") else None
    if city_code is not None:
        scores[model.city == city_code] += weights[2]
    return scores


def _monthly_cost_or_zero(model: CatalogModel) -> np.ndarray:
    """Each offering's monthly cost, 0 where unknown, in single precision (once per model)."""
    known = model.__dict__.get("_monthly_cost_or_zero")
    if known is None:
        known = np.nan_to_num(model.monthly_cost, nan=0.0).astype(np.float32)
        model._monthly_cost_or_zero = known
    return known


def level_scores(levels: np.ndarray, needed: int, ranker: "Ranker") -> np.ndarray:
    weights, offset = ranker.coefficients(LEVEL_PART)
    levels = levels.astype(np.float32)
    return (
        offset
        + weights[0] * (levels >= needed)
        + weights[1] * np.maximum(levels - needed, 0)
        + weights[2] * np.maximum(needed - levels, 0)
    )


def offering_features(model: CatalogModel, rows: np.ndarray) -> np.ndarray:
    columns = [
        1.0 / np.maximum(model.skill_count[rows], 1),
        model.duration_weeks[rows] > 0,
        model.cost[rows] == 0,
        np.isnan(model.cost[rows]),
        model.delivery[rows] == 0,
        model.is_urdu[rows],
        model.video_heavy[rows],
        model.kinds_mask({"certificate"})[rows],
        model.kinds_mask({"degree"})[rows],
        model.kinds_mask({"bootcamp"})[rows],
        model.kinds_mask({"practice", "internship"})[rows],
        model.prerequisite_count[rows],
        model.no_round_ahead[rows],
    ]
    return np.column_stack([np.asarray(c, dtype=np.float32) for c in columns])


def offering_scores(model: CatalogModel, ranker: "Ranker") -> np.ndarray:
    """The part of every offering's score that depends on it alone: once per fitted model."""
    cached = getattr(model, "_offering_scores", None)
    if cached is None or cached[0] is not ranker:
        every = np.arange(len(model.items))
        cached = (ranker, ranker.part(offering_features(model, every), OFFERING_PART))
        model._offering_scores = cached
    return cached[1]


@dataclass
class Ranker:
    """Weights over FEATURES (scaled); a candidate's score is the dot product."""

    weights: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    used: np.ndarray  # which features this ranker uses (an ablation leaves some out)

    def score(self, features: np.ndarray) -> np.ndarray:
        scaled = (features - self.mean) / self.scale
        return scaled[:, self.used] @ self.weights

    def part(self, features: np.ndarray, columns: slice) -> np.ndarray:
        """The score from some of the features only: the model is linear, so a score is the
        sum of its parts (a path scores what does not depend on the skill once)."""
        weights, offset = self.coefficients(columns)
        return features @ weights + offset

    def coefficients(self, columns: slice) -> tuple[np.ndarray, float]:
        """Weights on the raw features of these columns, and the constant the scaling adds."""
        if not hasattr(self, "_coef"):
            full = np.zeros(len(FEATURES), dtype=np.float64)
            full[self.used] = self.weights
            self._coef = (full / self.scale).astype(np.float32)  # scaling folded in
            self._offset = -(self.mean * full / self.scale)
        return self._coef[columns], float(self._offset[columns].sum())

    def explain(self) -> dict[str, float]:
        names = [name for name, used in zip(FEATURES, self.used, strict=True) if used]
        return dict(zip(names, np.round(self.weights, 3).tolist(), strict=True))


@dataclass(frozen=True)
class LabelledPair:
    persona: str
    learner: Learner
    skill: str
    needed: int
    a: str
    b: str
    prefer: str  # "a" | "b" | "same"
    absurd: frozenset[str]  # offering slugs struck out for this persona


def labelled_pairs(model: CatalogModel) -> list[LabelledPair]:
    """The labelled pairs whose offerings are still in the catalog."""
    from careers.recommender.persona import PersonaError, learner_from_persona

    if not PERSONAS_FILE.exists() or not LABELS_FILE.exists():
        return []
    document = json.loads(PERSONAS_FILE.read_text(encoding="utf-8"))
    labels = {
        item["id"]: item for item in json.loads(LABELS_FILE.read_text(encoding="utf-8"))["labels"]
    }
    learners = {}
    for name, profile in document["personas"].items():
        try:
            learners[name] = learner_from_persona(profile, model.catalog)
        except PersonaError:
            continue  # a persona for roles or skills this catalog does not have
    pairs = []
    for pair in document["pairs"]:
        label = labels.get(pair["id"])
        a, b = pair["a"]["slug"], pair["b"]["slug"]
        if label is None or a not in model.index or b not in model.index:
            continue
        if pair["persona"] not in learners or pair["skill"] not in model.catalog.skill_names:
            continue
        pairs.append(
            LabelledPair(
                persona=pair["persona"],
                learner=learners[pair["persona"]],
                skill=pair["skill"],
                needed=pair["needed_level"],
                a=a,
                b=b,
                prefer=label["prefer"],
                absurd=frozenset(pair[side]["slug"] for side in label.get("absurd", [])),
            )
        )
    return pairs


@dataclass(frozen=True)
class MarkedChoice:
    """A learner's own preference, from their marks: for a skill, the offering they saved,
    started or finished over one that teaches it and that they set aside."""

    who: str  # the same for every choice of one learner
    learner: Learner
    skill: str
    chosen: str
    set_aside: str


def mark_pairs(model: CatalogModel, choices: list[MarkedChoice], limit: int) -> list[LabelledPair]:
    """Learners' choices as preferences for the ranker, at most `limit` of them (the first
    given, newest first), so the adviser's labels keep at least half the say. A choice is
    dropped when either offering has left the catalog or the one set aside does not teach
    the skill."""
    pairs = []
    for choice in choices:
        if len(pairs) >= limit:
            break
        role = model.catalog.roles.get(choice.learner.target_role)
        if role is None or choice.chosen not in model.index or choice.set_aside not in model.index:
            continue
        if choice.skill not in model.items_skills(choice.set_aside):
            continue
        needed = role.skills.get(choice.skill, (1, 0))[0]
        pairs.append(
            LabelledPair(
                persona=choice.who,
                learner=choice.learner,
                skill=choice.skill,
                needed=needed,
                a=choice.chosen,
                b=choice.set_aside,
                prefer="a",
                absurd=frozenset(),
            )
        )
    return pairs


def pair_features(
    model: CatalogModel, pair: LabelledPair, similarities: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    rows = np.array([model.index[pair.a], model.index[pair.b]])
    levels = np.array([model.items[r].skills.get(pair.skill, 0) for r in rows])
    if pair.persona not in similarities:
        similarities[pair.persona] = persona_similarity(model, pair.learner)
    similarity = similarities[pair.persona]
    features = candidate_features(model, pair.learner, rows, levels, pair.needed, similarity)
    return features[0], features[1]


def persona_similarity(model: CatalogModel, learner: Learner) -> np.ndarray:
    """The similarity feature as a path serves it: the learner, with their whole gap, against
    every offering."""
    from careers.recommender.path import gap_order, known_skills, skill_gap

    gap = skill_gap(model, learner, known_skills(model, learner))
    order = gap_order(model.catalog, gap)
    return model.scores(model.learner_vector(learner, order))


def fit_ranker(
    model: CatalogModel,
    pairs: list[LabelledPair],
    *,
    leave_out: frozenset[str] = frozenset(),
) -> Ranker | None:
    """Learn weights from the pairs with a preference; None when there are too few."""
    rows_a, rows_b, wins = [], [], []
    similarities: dict[str, np.ndarray] = {}
    for pair in pairs:
        if pair.prefer == "same":
            continue
        fa, fb = pair_features(model, pair, similarities)
        rows_a.append(fa)
        rows_b.append(fb)
        wins.append(pair.prefer == "a")
    if len(wins) < 20 or len(set(wins)) < 2:
        return None
    a, b = np.array(rows_a), np.array(rows_b)
    pooled = np.vstack([a, b])
    mean = pooled.mean(axis=0)
    scale = pooled.std(axis=0)
    scale[scale == 0] = 1.0
    used = np.array([name not in leave_out for name in FEATURES])
    difference = ((a - mean) / scale - (b - mean) / scale)[:, used]
    wins = np.array(wins)
    # Each pair both ways round, so the ranker has no preference for the first offering.
    x = np.vstack([difference, -difference])
    y = np.concatenate([wins, ~wins])
    from sklearn.linear_model import LogisticRegression

    regression = LogisticRegression(C=0.5, fit_intercept=False, max_iter=1000)
    regression.fit(x, y)
    return Ranker(weights=regression.coef_[0], mean=mean, scale=scale, used=used)


def pairwise_accuracy(model: CatalogModel, ranker: Ranker, pairs: list[LabelledPair]) -> float:
    """The share of labelled preferences (ties left out) the ranker orders the same way."""
    right = total = 0
    similarities: dict[str, np.ndarray] = {}
    for pair in pairs:
        if pair.prefer == "same":
            continue
        fa, fb = pair_features(model, pair, similarities)
        score_a, score_b = ranker.score(np.vstack([fa, fb]))
        total += 1
        right += (score_a > score_b) == (pair.prefer == "a")
    return right / total if total else 0.0
