"""From a learner to an ordered, explained learning path over a fitted catalog model."""

import heapq
import math
from collections.abc import Iterable, Mapping

import numpy as np

from careers.recommender.constraints import (
    allowed_mask,
    blocking_constraint,
    constraint_masks,
    marks_mask,
    size_fits_mask,
)
from careers.recommender.data import Catalog, Item, Learner, Path, Step, Unmet
from careers.recommender.features import CatalogModel, _bits
from careers.recommender.ranker import learner_scores, level_scores, offering_scores
from careers.recommender.reasons import Wording
from catalog.prerequisites import cycle_message, prerequisite_cycle

MMR_LAMBDA = 0.75  # relevance against difference from what the path already holds
SHORTLIST = 40  # candidates per skill that MMR re-ranks
# In a large catalog a skill's best candidates are looked for first among the offerings the
# learner's scores put in this top share (exactly the same shortlist, or a full search).
TOP_SHARE = 0.2
TOP_FROM = 5_000  # offerings from which a catalog is searched that way
PROVIDER_PENALTY = 0.08  # per step the same provider already fills
EXTRAS = 4
PRACTICE = frozenset({"practice"})
CLOSE_MATCH, FAIR_MATCH = 0.3, 0.15  # cosine similarity, said in words
PINNED_BONUS = 1.0  # a saved or started offering stays the step for its skill
UNKNOWN_COST_PENALTY = 0.5  # with a budget, below every offering known to fit it
# Conferences and research centres are for learners already working in machine learning.
ADVANCED_EXTRAS = frozenset({"conference", "research_centre"})
FREE_BY_NATURE = frozenset({"community", "meetup"})  # rarely publish a price, rarely charge


def _sigmoid(score: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-score))


class PrerequisiteCycleError(ValueError):
    pass


def known_skills(model: CatalogModel, learner: Learner) -> dict[str, int]:
    """What the learner knows: their own levels, raised by what their finished offerings teach."""
    known = dict(learner.skills)
    for skill, level in learner.done_skills.items():
        known[skill] = max(known.get(skill, 0), level)
    for slug in learner.done:
        item = model.items[model.index[slug]] if slug in model.index else None
        for skill, level in (item.skills if item else {}).items():
            known[skill] = max(known.get(skill, 0), level)
    return known


def skill_gap(
    model: CatalogModel, learner: Learner, known: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """Gap skills with (level needed, weight): the role's needs the learner lacks, closed
    under prerequisites with every skill beneath them that the learner has not started."""
    role = model.catalog.roles[learner.target_role]
    gap = {
        skill: (level, weight)
        for skill, (level, weight) in role.skills.items()
        if known.get(skill, 0) < level
    }
    needs = {skill: model.requires(skill, level) for skill, (level, _) in gap.items()}
    for skill in set().union(*needs.values()) - gap.keys():
        if known.get(skill, 0) == 0:
            # As heavy as the heaviest gap skill that builds on it.
            gap[skill] = (1, max(gap[s][1] for s, under in needs.items() if skill in under))
    return gap


def gap_order(catalog: Catalog, gap: dict[str, tuple[int, int]]) -> list[str]:
    """prerequisite_order() with each gap skill's prerequisites at the level it is needed."""
    needs = {skill: catalog.needs_first(skill, level) for skill, (level, _) in gap.items()}
    return prerequisite_order(needs, gap)


def prerequisite_order(
    prerequisites: Mapping[str, Iterable[str]], gap: dict[str, tuple[int, int]]
) -> list[str]:
    """Gap skills with every prerequisite before the skills that need it; ties go to the
    heavier role weight, then to the skill with more of the gap built directly on it."""
    edges = {skill: set(prerequisites.get(skill, ())) & set(gap) for skill in gap}
    cycle = prerequisite_cycle(edges)
    if cycle:
        raise PrerequisiteCycleError(cycle_message(cycle))
    waiting = {skill: len(needs) for skill, needs in edges.items()}
    unlocks: dict[str, list[str]] = {skill: [] for skill in gap}
    for skill, needs in edges.items():
        for need in needs:
            unlocks[need].append(skill)

    # Ties go to the heavier role weight, then to the skill more of the gap builds on.
    def rank(skill: str) -> tuple[int, int, str]:
        return (-gap[skill][1], -len(unlocks[skill]), skill)

    ready = [rank(s) for s, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        *_, skill = heapq.heappop(ready)
        order.append(skill)
        for later in unlocks[skill]:
            waiting[later] -= 1
            if waiting[later] == 0:
                heapq.heappush(ready, rank(later))
    return order


def _practice_among(model: CatalogModel, skill: str) -> np.ndarray:
    """Where practice stands among the offerings teaching a skill (positions in
    model.teaching's order), remembered per model: a path asks for each of its skills."""
    memo = model.__dict__.setdefault("_practice_teaching", {})
    found = memo.get(skill)
    if found is None:
        rows, _ = model.teaching.get(skill, (np.empty(0, np.int64), None))
        found = memo[skill] = np.flatnonzero(model.kinds_mask(PRACTICE)[rows])
    return found


def _best(score: np.ndarray, count: int) -> np.ndarray:
    """Positions of the count highest scores, in position order. Of equal scores at the cut,
    the first positions: the same offerings whether the whole catalog or a part holding all
    of them is searched, and the same path on every run."""
    if len(score) <= count:
        return np.arange(len(score))
    top = np.argpartition(score, len(score) - count)[len(score) - count :]
    cut = score[top].min()
    if np.count_nonzero(score == cut) > 1:  # a tie at the cut: the first of them
        above = np.flatnonzero(score > cut)
        top = np.concatenate([above, np.flatnonzero(score == cut)[: count - len(above)]])
    return np.sort(top)


def _top_floor(scores: np.ndarray, share: float) -> np.float32:
    """A score that about this share of the offerings reach, read off an evenly spaced
    sample (the search below is exact whatever the floor; only its speed depends on it)."""
    sample = scores[:: max(1, len(scores) // 2048)]
    at = len(sample) - max(1, int(len(sample) * share))
    return np.float32(np.partition(sample, at)[at])


def _extra_rows(model: CatalogModel) -> np.ndarray:
    """The communities, events and other extras among the offerings (once per model)."""
    rows = model.__dict__.get("_extra_rows")
    if rows is None:
        rows = model._extra_rows = np.flatnonzero(model.is_extra)
    return rows


class _PathBuilder:
    def __init__(self, model: CatalogModel, learner: Learner):
        catalog = model.catalog
        if learner.target_role not in catalog.roles:
            raise KeyError(learner.target_role)
        self.model = model
        self.catalog = catalog
        self.learner = learner
        self.role = catalog.roles[learner.target_role]
        self.wording = Wording(catalog, model.version)
        self.known = known_skills(model, learner)
        self.started_with = dict(self.known)
        # Skills the learner has or the path has covered so far, as bits, for prerequisites.
        have = [s for s, level in self.known.items() if level > 0]
        self.known_bits = _bits(have, model.skill_positions, model.words)
        self.gap = skill_gap(model, learner, self.known)
        self.order = gap_order(catalog, self.gap)
        self.vector = model.learner_vector(learner, self.order)
        self.similarity = model.scores(self.vector)
        self.masks = constraint_masks(model, learner)
        self.allowed = allowed_mask(model, learner, self.masks)
        self.mask = self.allowed & model.is_step
        self._size_fits: dict[int, np.ndarray] = {}
        self._open: dict[int, np.ndarray] = {}
        self._level_tables: dict[int, np.ndarray] = {}
        self.best_any: tuple[int, float] | None = None  # set by shortlist
        self.top: np.ndarray | None = None  # offerings scored highest (see shortlist_among_top)
        self.steps: list[Step] = []
        self.chosen_rows: list[int] = []
        self.provider_steps = np.zeros(int(model.provider.max(initial=0)) + 1, np.float32)
        # The chosen steps' rows, one a column (as many columns as the path can have steps).
        self.chosen_columns = np.zeros((model.matrix.shape[1], len(self.order)), np.float32)
        if model.ranker is not None:  # what does not depend on the skill, scored once
            self.item_scores = learner_scores(
                model, learner, self.similarity, model.ranker, offering_scores(model, model.ranker)
            )
            if len(model.items) >= TOP_FROM:
                self.top_floor = _top_floor(self.item_scores, TOP_SHARE)
                self.top = (self.item_scores >= self.top_floor) & self.mask
        else:  # the hand weights
            self.base = self.similarity + model.step_prior
            if learner.budget_pkr:
                # An unpublished cost may not fit the budget: below every known-affordable one.
                self.base = self.base - UNKNOWN_COST_PENALTY * np.isnan(model.cost)
        unspecific = [o for o, s in learner.pinned.items() if not s]
        self.pinned_any = ~marks_mask(model, unspecific) if unspecific else None
        self.pinned_for: dict[str, np.ndarray] = {}
        for offering, skill in learner.pinned.items():
            if skill and offering in model.index:
                rows = self.pinned_for.get(skill, np.empty(0, np.int64))
                self.pinned_for[skill] = np.append(rows, model.index[offering])
        self.covered: set[str] = set()
        self.covered_at: dict[str, int] = {}
        self.unmet: list[Unmet] = []

    def build(self) -> Path:
        pending = list(self.order)
        patient = True  # a skill may wait for a better offering that the path makes ready
        while pending:
            waiting: list[str] = []
            # What each waiting skill waits for: once all of it is a step, the skill is
            # looked at again at once, ahead of the skills after it in the order.
            waits_for: dict[str, set[str]] = {}
            queue = list(pending)
            while queue:
                skill = queue.pop(0)
                if skill in self.covered:
                    continue
                needs = (self.requires(skill) & set(waiting)) - self.covered
                if needs:
                    waiting.append(skill)  # something it needs is still waiting
                    waits_for[skill] = needs
                    continue
                rows, levels, relevance = self.shortlist(skill)
                missing = (
                    self.better_once_ready(skill, relevance.max()) if patient and len(rows) else ()
                )
                if missing:
                    waiting.append(skill)
                    waits_for[skill] = missing
                elif len(rows):
                    self.add_step(skill, *self.pick(rows, levels, relevance))
                elif self.attach_to_earlier_step(skill):
                    pass
                elif len(self.candidates(skill)[0]):
                    waiting.append(skill)  # its offerings assume a skill still to come
                    waits_for.pop(skill, None)  # not what it waited for before, now covered
                else:
                    self.unmet.append(self.unmet_for(skill))
                ready = [s for s in waiting if waits_for.get(s, {s}) <= self.covered]
                if ready:
                    waiting = [s for s in waiting if s not in ready]
                    queue[:0] = [s for s in ready if s not in self.covered]
            if waiting == pending:
                if patient:  # no progress: take the best offering each skill can have now
                    patient = False
                    continue
                self.unmet.extend(self.unmet_for(skill) for skill in waiting)
                break
            pending = waiting
        self.mark_preparation_for_uncovered()
        return Path(
            role=self.role.slug,
            steps=self.steps,
            communities=self.extras(),
            unmet=self.unmet,
            gap=self.order,
        )

    def mark_preparation_for_uncovered(self) -> None:
        """A step that comes first only for skills the path leaves uncovered says so: no
        later step builds on it, it prepares for what no offering that fits teaches yet."""
        uncovered = {u.skill for u in self.unmet}
        for step in self.steps:
            first = step.reason_codes[0]
            if first["code"] == "comes_first" and set(first["later"]) <= uncovered:
                step.reason_codes.insert(
                    1, {"code": "prepares_uncovered", "skills": list(first["later"])}
                )

    def better_once_ready(self, skill: str, best_ready: float) -> set[str]:
        """The skills this path still teaches that the skill's best offering assumes, when
        it beats the best ready one and nothing else keeps it back: then the skill waits
        for them, rather than taking, say, a year-long program that assumes nothing. Empty
        when the skill should not wait."""
        if self.best_any is None or self.best_any[1] <= best_ready:
            return set()
        item = self.model.items[self.best_any[0]]
        missing = {s for s in item.prerequisites if self.known.get(s, 0) == 0}
        still_taught = set(self.gap) - self.covered - {u.skill for u in self.unmet} - {skill}
        return missing if missing <= still_taught else set()

    def attach_to_earlier_step(self, skill: str) -> bool:
        """When every offering for a skill is already a step, let the first such step that
        comes after the skill's own prerequisites count for it too."""
        needs = self.lacking(skill, include_covered=True) - {u.skill for u in self.unmet}
        for index, step in enumerate(self.steps):
            level = self.model.items[self.model.index[step.offering]].skills.get(skill, 0)
            if level <= self.known.get(skill, 0):
                continue
            if any(self.covered_at.get(need, len(self.steps)) > index for need in needs):
                continue
            step.also_covers.append(skill)
            step.reason_codes.insert(1, {"code": "also_covers_to", "skill": skill, "level": level})
            self.cover(skill, index, level)
            return True
        return False

    def lacking(self, skill: str, include_covered: bool = False) -> set[str]:
        """Gap skills this one builds on that the learner had not started (and, unless
        asked, that the path has not covered yet)."""
        return {
            s
            for s in self.requires(skill) & self.gap.keys()
            if not self.knew(s) and (include_covered or s not in self.covered)
        }

    def requires(self, skill: str) -> frozenset[str]:
        """What a skill needs first, at the level this path needs it."""
        return self.model.requires(skill, self.gap.get(skill, (1, 0))[0])

    def knew(self, skill: str) -> bool:
        """Whether the learner had the skill, at any level, before this path."""
        return skill not in self.covered_at and self.known.get(skill, 0) > 0

    def cover(self, skill: str, index: int, level: int) -> None:
        self.covered.add(skill)
        self.covered_at.setdefault(skill, index)
        self.known[skill] = max(self.known.get(skill, 0), level)
        self.known_bits |= _bits([skill], self.model.skill_positions, self.model.words)

    def candidates(
        self, skill: str, mask: np.ndarray | None = None, among: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Offerings that teach the skill past the learner's level, within the constraints,
        ready to take (their own prerequisites known or covered earlier in the path).

        `among` (a mask over the catalog) looks only at those offerings; then None when
        they cannot tell whether practice is a way into the skill (see below)."""
        rows, levels = self.model.teaching.get(
            skill, (np.empty(0, np.int64), np.empty(0, np.int8))
        )
        if among is not None:
            inside = np.flatnonzero(among[rows])
            rows, levels = rows[inside], levels[inside]
        if mask is None:  # the path's own: the constraints and the size rule in one mask
            keep = self.open_for(skill)[rows]
        else:
            keep = mask[rows] & self.size_fits(skill)[rows]
        known = self.known.get(skill, 0)
        if known:  # every offering teaches a skill at beginner level or more
            keep &= levels > known
        else:
            # Practice (competitions, projects) deepens a skill: it is the way into one the
            # learner has not started only when nothing else that fits is ready to teach it.
            if among is None:
                practice = _practice_among(self.model, skill)
            else:
                practice = np.flatnonzero(self.model.kinds_mask(PRACTICE)[rows])
            practice = practice[keep[practice]]
            if len(practice):
                taught = keep.copy()
                taught[practice] = False
                if self.any_ready(rows[taught]):
                    keep = taught
                elif among is not None:
                    return None  # the rest of the catalog may hold a ready one, or none may
        return rows[keep], levels[keep]

    def open_for(self, skill: str) -> np.ndarray:
        """Offerings the constraints allow, not yet a step, and of a size that fits the
        skill's weight in the role (one mask a weight, kept up to date as steps are chosen)."""
        weight = self.gap.get(skill, (0, 5))[1]
        mask = self._open.get(weight)
        if mask is None:
            mask = self._open[weight] = self.mask & self.size_fits(skill)
        return mask

    def size_fits(self, skill: str) -> np.ndarray:
        weight = self.gap.get(skill, (0, 5))[1]
        if weight not in self._size_fits:
            self._size_fits[weight] = size_fits_mask(self.model, weight)
        return self._size_fits[weight]

    def any_ready(self, rows: np.ndarray) -> bool:
        """Whether any of these offerings is ready; most often one of the first few is."""
        return bool(
            self.ready(rows[:64]).any() or (len(rows) > 64 and self.ready(rows[64:]).any())
        )

    def ready(self, rows: np.ndarray) -> np.ndarray:
        missing = self.model.prerequisite_bits[rows] & ~self.known_bits
        return ~missing.any(axis=1)

    def relevance(self, skill: str, rows: np.ndarray, levels: np.ndarray) -> np.ndarray:
        needed = self.gap[skill][0]
        reaches = levels >= needed
        # A saved or started offering stays the step for the skill it was chosen for, or,
        # when the learner did not say, for a skill it fully teaches.
        pinned = np.zeros(len(rows), dtype=bool)
        if self.pinned_any is not None:
            pinned |= self.pinned_any[rows] & reaches
        if skill in self.pinned_for:
            pinned |= np.isin(rows, self.pinned_for[skill])
        ranker = self.model.ranker
        if ranker is not None:
            score = self.ranker_scores(skill, rows, levels)
            # On the scale of a similarity (0 to 1), so the diversity terms of MMR still count.
            return _sigmoid(score) + PINNED_BONUS * pinned
        return (
            self.base[rows]
            + np.where(reaches, 0.1, -0.05 * (needed - levels))
            + PINNED_BONUS * pinned
        )

    def ranker_scores(self, skill: str, rows: np.ndarray, levels: np.ndarray) -> np.ndarray:
        """The learned ranker's score of each candidate for the skill, before the sigmoid."""
        needed = self.gap[skill][0]
        table = self._level_tables.get(needed)
        if table is None:  # the level part takes four values: look them up, not compute
            table = level_scores(np.arange(4), needed, self.model.ranker)
            self._level_tables[needed] = table
        return self.item_scores[rows] + table[levels]

    def shortlist(self, skill: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The best ready candidates by relevance; prerequisites are checked on the few
        best first, and on all of them only when none of those is ready."""
        pinned = self.pinned_any is not None or skill in self.pinned_for
        if self.top is not None and not pinned:
            found = self.shortlist_among_top(skill)
            if found is not None:
                return found
        rows, levels = self.candidates(skill)
        if self.model.ranker is not None and not pinned and len(rows) > SHORTLIST:
            return self.shortlist_by_score(skill, rows, levels)
        relevance = self.relevance(skill, rows, levels)
        # The best of them, ready or not, for better_once_ready.
        self.best_any = None
        if len(rows):
            best = int(np.argmax(relevance))
            self.best_any = (int(rows[best]), float(relevance[best]))
        if len(rows) > SHORTLIST:
            top = _best(relevance, SHORTLIST)
            ready = self.ready(rows[top])
            if ready.any():
                top = top[ready]
                return rows[top], levels[top], relevance[top]
        ready = self.ready(rows)
        rows, levels, relevance = rows[ready], levels[ready], relevance[ready]
        if len(rows) > SHORTLIST:
            top = _best(relevance, SHORTLIST)
            rows, levels, relevance = rows[top], levels[top], relevance[top]
        return rows, levels, relevance

    def shortlist_by_score(
        self, skill: str, rows: np.ndarray, levels: np.ndarray, floor: np.float32 | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """shortlist() when nothing is pinned and the ranker scores: the sigmoid keeps the
        order, so the best are found on the raw scores and only they are put on its scale
        (at 100,000 offerings a skill has thousands of candidates).

        With a `floor`, the rows are those whose score without the level part reaches it
        (see shortlist_among_top), and None says the shortlist may lie partly below it."""
        score = self.ranker_scores(skill, rows, levels)
        top = _best(score, SHORTLIST)
        if floor is not None:
            # Below the floor, an offering scores less than the floor and its level part.
            below = floor + self._level_tables[self.gap[skill][0]][1:].max()
            if not score[top].min() > below:
                return None
        best = int(np.argmax(score))
        self.best_any = (int(rows[best]), float(_sigmoid(score[best])))
        ready = self.ready(rows[top])
        if ready.any():
            top = top[ready]
            return rows[top], levels[top], _sigmoid(score[top])
        if floor is not None:
            return None  # a ready one may score below the floor
        ready = self.ready(rows)
        rows, levels, score = rows[ready], levels[ready], score[ready]
        if len(rows) > SHORTLIST:
            top = _best(score, SHORTLIST)
            rows, levels, score = rows[top], levels[top], score[top]
        return rows, levels, _sigmoid(score)

    def shortlist_among_top(self, skill: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """shortlist_by_score() searching only the offerings in self.top; None when that
        search cannot tell it has the same shortlist, and the whole catalog must be searched.

        An offering outside the top scores below top_floor plus the best its level can add,
        so when the shortlist's lowest score is above that, no offering outside could have
        entered it, nor been the best. At 100,000 offerings that holds for nine skills in
        ten, and a skill's search goes through a fifth of its offerings.
        """
        found = self.candidates(skill, among=self.top)
        if found is None or len(found[0]) <= SHORTLIST:
            return None
        return self.shortlist_by_score(skill, *found, floor=self.top_floor)

    def pick(self, rows: np.ndarray, levels: np.ndarray, relevance: np.ndarray) -> tuple[int, int]:
        mmr = MMR_LAMBDA * relevance
        if self.chosen_rows:
            model = self.model
            overlap = model.row_dots(rows, self.chosen_columns[:, : len(self.chosen_rows)])
            mmr -= (1 - MMR_LAMBDA) * overlap.max(axis=1)
            # Steps each candidate's provider already fills (none counted without a provider).
            mmr -= PROVIDER_PENALTY * self.provider_steps[model.provider[rows]]
        best = int(np.argmax(mmr))
        return int(rows[best]), int(levels[best])

    def add_step(self, skill: str, row: int, level: int) -> None:
        item = self.model.items[row]
        also = []
        for other in self.order:
            if other == skill or other in self.covered:
                continue
            if item.skills.get(other, 0) < self.gap[other][0]:
                continue
            needs_first = self.requires(other) & self.gap.keys()
            if needs_first <= self.covered | {skill}:
                also.append(other)
        for taught in (skill, *also):
            self.cover(taught, len(self.steps), item.skills.get(taught, level))
        matrix = self.model.matrix
        kept = slice(matrix.indptr[row], matrix.indptr[row + 1])
        self.chosen_columns[matrix.indices[kept], len(self.chosen_rows)] = matrix.data[kept]
        self.chosen_rows.append(row)
        self.mask[row] = False
        if self.model.has_provider[row]:
            self.provider_steps[self.model.provider[row]] += 1
        for mask in self._open.values():
            mask[row] = False
        codes = self.reasons(skill, item, level, also, row)
        self.steps.append(
            Step(
                order=len(self.steps) + 1,
                skill=skill,
                offering=item.slug,
                title=item.title,
                kind=item.kind,
                provider=item.provider_name,
                weeks=weeks_at_pace(item, self.learner.hours_per_week),
                cost_pkr=item.cost_pkr,
                cost_period=item.cost_period,
                also_covers=also,
                score=float(self.similarity[row]),
                reason_codes=codes,
                wording=self.wording,
            )
        )

    def reasons(self, skill: str, item: Item, level: int, also: list[str], row: int) -> list[dict]:
        """Why this offering for this skill, as codes with their parameters; they are put
        into words when they are read (see careers/recommender/reasons.py)."""
        learner = self.learner
        needed, weight = self.gap[skill]
        codes: list[dict] = []

        def add(code: str, **params) -> None:
            codes.append({"code": code, **params})

        if skill in self.role.skills:  # closes the gap, or only works towards it
            code = "closes_gap" if level >= needed else "narrows_gap"
            add(code, skill=skill, role=self.role.slug, level=needed, weight=weight)
        else:
            dependents = [s for s in self.order if skill in self.requires(s)][:3]
            add("comes_first", skill=skill, later=dependents)
        if level < needed:
            add("partial_level", level=level, needed=needed)
        if also:
            add("also_covers", skills=list(also))
        add(**self.cost_reason(item))
        add(**self.place_reason(item))
        if item.province:
            add("open_to_province", province=item.province)
        if item.schedule in ("cohort", "event") and item.duration_weeks:
            add("fixed_schedule", weeks=item.duration_weeks)
        elif item.schedule in ("cohort", "event") and not item.round_ahead:
            add("no_round_ahead")
        shared = [s for s in item.sectors if s in learner.sectors]
        if shared:
            add("sector", sectors=shared)
        similarity = float(self.similarity[row])
        if similarity >= CLOSE_MATCH:
            add("close_match")
        elif similarity >= FAIR_MATCH:
            add("fair_match")
        if item.prerequisites:
            add("assumes", skills=list(item.prerequisites))
        lacking = self.lacking(skill)
        missing = [s for s in self.order if s in lacking]
        if missing:
            add("missing_foundation", skill=skill, missing=missing)
        return codes

    def cost_reason(self, item: Item) -> dict:
        budget = self.learner.budget_pkr
        if item.cost_pkr == 0:
            return {"code": "free"}
        if item.cost_pkr is None:
            return {"code": "cost_unknown", "budget_set": bool(budget)}
        if budget:
            return {
                "code": "within_budget",
                "cost": item.cost_pkr,
                "period": item.cost_period,
                "budget": budget,
            }
        return {"code": "cost", "cost": item.cost_pkr}

    def place_reason(self, item: Item) -> dict:
        if item.delivery in ("online", "hybrid"):
            return {"code": item.delivery}
        if item.city == self.learner.city:
            return {"code": "in_your_city", "city": item.city}
        return {"code": "in_person", "city": item.city}

    def unmet_for(self, skill: str) -> Unmet:
        """Why no offering closes this skill: the first constraint that rules out the last
        offering that teaches it. Kept as a code with what its words need (this learner's
        budget, city and level), put into words when read."""
        model, learner = self.model, self.learner
        rows, levels = model.teaching.get(skill, (np.empty(0, np.int64), np.empty(0, np.int8)))
        current = self.known.get(skill, 0)
        params = {
            "budget": learner.budget_pkr,
            "city": learner.city,
            "in_city_only": learner.in_city_only,
            "online": learner.delivery == "online",
            "level": current,
        }

        def unmet(code: str, **more) -> Unmet:
            return Unmet(skill, code, {**params, **more}, self.wording)

        steps = model.is_step[rows]
        rows, levels = rows[steps], levels[steps]
        if not len(rows):
            return unmet("not_taught")
        rows = rows[levels > current]
        if not len(rows):
            return unmet("no_higher_level")
        code, keep = blocking_constraint(model, learner, rows)
        if code is not None:
            return unmet(code)
        rows = rows[keep]
        fits = self.size_fits(skill)[rows]
        if not fits.any():
            return unmet("too_big")
        rows = rows[fits]
        lacks = self.lacking(skill)
        lacking = [s for s in self.order if s in lacks]
        if lacking:
            return unmet("missing_foundation", variant="path", missing=lacking)
        missing = sorted(
            {
                s
                for r in rows
                for s in model.items[r].prerequisites
                if self.known.get(s, 0) == 0 and s not in self.covered
            }
        )
        return unmet("missing_foundation", variant="assumed", missing=missing)

    def extras(self) -> list[str]:
        model = self.model
        # Communities and meetups rarely publish a price and rarely charge, so an unknown
        # cost does not hide one from a free-only learner; a conference's unknown fee does.
        masks = self.masks
        rows = _extra_rows(model)  # the rules are read for these rows only
        affordable = masks["over_budget"][rows] | (
            np.isnan(model.cost[rows]) & model.kinds_mask(FREE_BY_NATURE)[rows]
        )
        suitable = masks["past_event"][rows]  # no conference whose date has passed
        if self.started_with.get("machine-learning", 0) < 2:  # before this path, not after
            suitable &= ~model.kinds_mask(ADVANCED_EXTRAS)[rows]
        for code in ("out_of_reach", "not_eligible", "not_from_province", "kinds_left_out"):
            suitable &= masks[code][rows]
        done = ~np.isin(rows, [model.index[s] for s in self.learner.done if s in model.index])
        rows = rows[affordable & suitable & masks["set_aside"][rows] & done]
        if len(rows) == 0:
            return []
        score = self.similarity[rows].astype(np.float64)
        city_code = model.city_codes.get(self.learner.city)
        if city_code is not None and self.learner.city != "other":
            score += 0.2 * (model.city[rows] == city_code)
        mine = _bits(self.learner.sectors, model.sector_positions, model.sector_words)
        score += 0.1 * (model.sector_bits[rows] & mine).any(axis=1)
        if len(rows) > EXTRAS:
            top = np.argpartition(-score, EXTRAS)[:EXTRAS]
            rows, score = rows[top], score[top]
        best = rows[np.argsort(-score, kind="stable")]
        return [model.items[r].slug for r in best]


def weeks_at_pace(item: Item, hours_per_week: int) -> int | None:
    """Weeks the offering takes at the learner's hours; None when its length is not known."""
    if item.duration_weeks is None:
        return None
    if item.kind not in ("online_course", "certificate") or not item.hours_per_week:
        return item.duration_weeks  # set schedules, or no stated effort to rescale
    total_hours = item.duration_weeks * item.hours_per_week
    return max(1, math.ceil(total_hours / max(hours_per_week, 1)))


def build_path(model: CatalogModel, learner: Learner) -> Path:
    return _PathBuilder(model, learner).build()


def alternatives(model: CatalogModel, learner: Learner, skill: str, count: int = 3) -> list[Step]:
    """Other offerings for one skill of the learner's path, best first, with their reasons."""
    builder = _PathBuilder(model, learner)
    path = builder.build()
    taken = {s.offering for s in path.steps}  # already steps, for this skill or another
    if skill not in builder.gap:
        return []
    builder.known[skill] = builder.started_with.get(skill, 0)
    mask = builder.allowed & model.is_step & marks_mask(model, taken)
    rows, levels = builder.candidates(skill, mask)
    # Ready as of this skill's step: what the learner knew, and what earlier steps covered.
    position = builder.covered_at.get(skill, len(path.steps))
    builder.known_bits = _bits(
        [s for s, level in builder.started_with.items() if level > 0]
        + [s for s, at in builder.covered_at.items() if at < position],
        model.skill_positions,
        model.words,
    )
    ready = builder.ready(rows)
    rows, levels = rows[ready], levels[ready]
    relevance = builder.relevance(skill, rows, levels)
    steps = []
    for position in np.argsort(-relevance, kind="stable")[:count]:
        row, level = int(rows[position]), int(levels[position])
        item = model.items[row]
        codes = builder.reasons(skill, item, level, [], row)
        steps.append(
            Step(
                order=len(steps) + 1,
                skill=skill,
                offering=item.slug,
                title=item.title,
                kind=item.kind,
                provider=item.provider_name,
                weeks=weeks_at_pace(item, learner.hours_per_week),
                cost_pkr=item.cost_pkr,
                cost_period=item.cost_period,
                score=float(relevance[position]),
                reason_codes=codes,
                wording=builder.wording,
            )
        )
    return steps
