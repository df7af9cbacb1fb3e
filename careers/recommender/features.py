"""The fitted model: each offering as one L2-normalised sparse row; a learner in that space."""

import math

import numpy as np
import scipy.sparse as sp

from careers.recommender.data import (
    EDUCATION_ORDER,
    EXTRA_KINDS,
    STEP_KINDS,
    Catalog,
    Item,
    Learner,
    LocalNames,
)
from careers.recommender.weeks import ESTIMATED_HOURS, ESTIMATED_WEEKS
from catalog.prerequisites import prerequisite_closure

# How much each block of features counts in a similarity, before the row is normalised.
BLOCK_WEIGHTS = {
    "text": 1.0,
    "skills": 1.0,
    "sectors": 0.6,
    "kind": 0.2,
    "level": 0.3,
    "delivery": 0.3,
}
DELIVERY_CODES = {"online": 0, "in_person": 1, "hybrid": 2}
DEGREE_PENALTY = 0.3  # a multi-year degree is rarely the next step for one skill
PRACTICE_PENALTY = 0.1  # competitions and internships apply a skill better than they teach it
# How far what a learner finished draws them towards offerings like it, against 1 for
# everything else they told us.
MARKED_WEIGHT = 0.5
LEVEL_FOR_KNOWN = {0: "beginner", 1: "beginner", 2: "intermediate", 3: "advanced"}


def _bits(slugs, positions: dict[str, int], words: int) -> np.ndarray:
    row = np.zeros(words, dtype=np.uint64)
    for slug in slugs:
        position = positions.get(slug)
        if position is not None:
            row[position // 64] |= np.uint64(1) << np.uint64(position % 64)
    return row


def _normalized(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length; a block with no columns (no sectors yet, say) stays empty."""
    from sklearn.preprocessing import normalize

    return normalize(matrix) if matrix.shape[1] else matrix


# Below one feature in this many, a vector is multiplied through the columns it touches.
SPARSE_VECTOR_SHARE = 8


class CatalogModel:
    """A catalog's features, fitted once and reused for every learner until the catalog changes."""

    # The catalog token the model was fitted and published for; empty for one fitted
    # outside the shared store, whose paths are then never kept.
    version = ""

    def __init__(self, catalog: Catalog, weights: dict[str, float] | None = None):
        # scikit-learn loads here, when a model is fitted, not when a page module is imported.
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import MultiLabelBinarizer

        self.catalog = catalog
        self.items: tuple[Item, ...] = catalog.items
        self.weights = {**BLOCK_WEIGHTS, **(weights or {})}
        self.index = {item.slug: i for i, item in enumerate(self.items)}
        n = len(self.items)

        self.vectorizer = TfidfVectorizer(
            sublinear_tf=True, stop_words="english", min_df=1, dtype=np.float32
        )
        self.binarizers = {
            block: MultiLabelBinarizer(sparse_output=True)
            for block in ("skills", "sectors", "kind", "level", "delivery")
        }
        try:
            text_block = self.vectorizer.fit_transform([self._item_text(i) for i in self.items])
        except ValueError:  # no items, or no word that is not a stop word
            self.vectorizer = None
            text_block = sp.csr_matrix((n, 0), dtype=np.float32)
        blocks = {
            "text": text_block,
            "skills": self.binarizers["skills"].fit_transform(
                [list(i.skills) for i in self.items]
            ),
            "sectors": self.binarizers["sectors"].fit_transform([i.sectors for i in self.items]),
            "kind": self.binarizers["kind"].fit_transform([[i.kind] for i in self.items]),
            "level": self.binarizers["level"].fit_transform([[i.level] for i in self.items]),
            "delivery": self.binarizers["delivery"].fit_transform(
                [[i.delivery] for i in self.items]
            ),
        }
        self.matrix = self._combine(blocks)
        self._analyzer = self.vectorizer.build_analyzer() if self.vectorizer else None
        self._vocabulary = self.vectorizer.vocabulary_ if self.vectorizer else {}
        self._idf = self.vectorizer.idf_.astype(np.float32) if self.vectorizer else None
        self._classes = {
            block: {label: column for column, label in enumerate(binarizer.classes_)}
            for block, binarizer in self.binarizers.items()
        }

        self.cost = np.array(
            [np.nan if i.cost_pkr is None else i.cost_pkr for i in self.items], dtype=np.float64
        )
        self.monthly_cost = np.array(
            [np.nan if i.monthly_cost is None else i.monthly_cost for i in self.items],
            dtype=np.float64,
        )
        self.entry_education = np.array(
            [EDUCATION_ORDER.get(i.entry_education, 0) for i in self.items], dtype=np.int8
        )
        self.delivery = np.array([DELIVERY_CODES.get(i.delivery, 0) for i in self.items], np.int8)
        cities = sorted({i.city for i in self.items})
        self.city_codes = {city: code for code, city in enumerate(cities)}
        self.city = np.array([self.city_codes[i.city] for i in self.items], dtype=np.int32)
        provinces = sorted({i.province for i in self.items})
        self.province_codes = {province: code for code, province in enumerate(provinces)}
        self.province = np.array([self.province_codes[i.province] for i in self.items], np.int8)
        self.open_to_all = np.array([not i.province for i in self.items], dtype=bool)
        providers = sorted({i.provider for i in self.items})
        provider_codes = {provider: code for code, provider in enumerate(providers)}
        self.provider = np.array([provider_codes[i.provider] for i in self.items], np.int32)
        self.is_step = np.array([i.kind in STEP_KINDS for i in self.items], dtype=bool)
        self.is_extra = np.array([i.kind in EXTRA_KINDS for i in self.items], dtype=bool)
        kinds = sorted({i.kind for i in self.items})
        self.kind_codes = {kind: code for code, kind in enumerate(kinds)}
        self.kind = np.array([self.kind_codes[i.kind] for i in self.items], dtype=np.int16)
        self._kinds_masks: dict[frozenset[str], np.ndarray] = {}
        self.has_provider = np.array([bool(i.provider) for i in self.items], dtype=bool)
        self._requires: dict[tuple[str, int], frozenset[str]] = {}
        self.is_degree = np.array([i.kind == "degree" for i in self.items], dtype=bool)
        self.duration_weeks = np.array(
            [i.duration_weeks or 0 for i in self.items], dtype=np.int32
        )  # 0 when not published
        self.is_advanced = np.array([i.level == "advanced" for i in self.items], dtype=bool)
        # What the ranker reads (careers/recommender/ranker.py).
        self.item_hours_per_week = np.array(
            [i.hours_per_week or 0 for i in self.items], dtype=np.float32
        )
        self.self_paced = np.array(
            [i.kind in ("online_course", "certificate") for i in self.items], dtype=bool
        )
        self.estimated_hours = np.array(
            [ESTIMATED_HOURS.get(i.kind, 0) for i in self.items], dtype=np.float32
        )
        self.estimated_weeks = np.array(
            [ESTIMATED_WEEKS.get(i.kind, 0) for i in self.items], dtype=np.float32
        )
        self.skill_count = np.array([len(i.skills) for i in self.items], dtype=np.float32)
        self.prerequisite_count = np.array(
            [len(i.prerequisites) for i in self.items], dtype=np.float32
        )
        self.is_urdu = np.array([i.language in ("ur", "ur-en") for i in self.items], dtype=bool)
        self.video_heavy = np.array(
            [i.data_weight == "video_heavy" for i in self.items], dtype=bool
        )
        self.no_round_ahead = np.array([not i.round_ahead for i in self.items], dtype=bool)
        self.past_event = np.array(
            [i.schedule == "event" and not i.round_ahead for i in self.items], dtype=bool
        )
        self.ranker = None  # set by whoever fits the model, from labelled pairs

        # What makes an offering a better step whoever takes it: a plannable length, no
        # fee, and not being a multi-year degree.
        self.step_prior = (
            0.02 * (self.duration_weeks > 0)
            + 0.02 * (self.cost == 0)
            - DEGREE_PENALTY * self.is_degree
            - PRACTICE_PENALTY * self.kinds_mask({"practice", "internship"})
        ).astype(np.float32)

        # How much the roles in the catalog lean on what an offering teaches; the
        # "most popular" baseline ranks by it.
        demand: dict[str, int] = {}
        for role in catalog.roles.values():
            for skill, (_, weight) in role.skills.items():
                demand[skill] = demand.get(skill, 0) + weight
        self.popularity = np.array(
            [sum(demand.get(s, 0) for s in i.skills) for i in self.items], dtype=np.float32
        )

        skills = sorted({*catalog.skill_names, *(s for i in self.items for s in i.skills)})
        self.skill_positions = {slug: p for p, slug in enumerate(skills)}
        self.words = max(1, math.ceil(len(skills) / 64))
        self.prerequisite_bits = np.zeros((n, self.words), dtype=np.uint64)
        teaching: dict[str, list[tuple[int, int]]] = {}
        for row, item in enumerate(self.items):
            self.prerequisite_bits[row] = _bits(
                item.prerequisites, self.skill_positions, self.words
            )
            for skill, level in item.skills.items():
                if level > 0:  # what teaches a skill teaches it at beginner level or more
                    teaching.setdefault(skill, []).append((row, level))
        sectors = sorted({s for i in self.items for s in i.sectors})
        self.sector_positions = {slug: p for p, slug in enumerate(sectors)}
        self.sector_words = max(1, math.ceil(len(sectors) / 64))
        self.sector_bits = np.array(
            [_bits(i.sectors, self.sector_positions, self.sector_words) for i in self.items],
            dtype=np.uint64,
        ).reshape(n, self.sector_words)
        self.teaching = {
            skill: (
                np.array([r for r, _ in rows], np.int64),
                np.array([lv for _, lv in rows], np.int8),
            )
            for skill, rows in teaching.items()
        }

    @staticmethod
    def _item_text(item: Item) -> str:
        return " ".join((item.title, item.provider_name, item.text))

    def _combine(self, blocks: dict[str, sp.spmatrix]) -> sp.csr_matrix:
        parts = [
            _normalized(sp.csr_matrix(block, dtype=np.float32)) * self.weights[name]
            for name, block in blocks.items()
        ]
        widths = [part.shape[1] for part in parts]
        self.offsets = dict(zip(blocks, np.cumsum([0, *widths[:-1]]), strict=True))
        return _normalized(sp.hstack(parts, format="csr", dtype=np.float32))

    def learner_vector(self, learner: Learner, gap: list[str]) -> np.ndarray:
        """The learner in the offerings' space: their goal and field of study, target role,
        gap, sectors and delivery, drawn towards the offerings they finished.

        Built directly from the fitted vocabularies, the same way the item rows were,
        because going through scikit-learn's transformers costs milliseconds per call.
        """
        # The offerings were read in English, so the gap is named in English too, whatever
        # language the page is in.
        names = self.catalog.skill_names
        english = names.english if isinstance(names, LocalNames) else names.get
        role = self.catalog.roles.get(learner.target_role)
        words = [
            learner.goal,
            learner.field_of_study,
            role.name if role else "",
            *(english(s) if s in names else s for s in gap),
        ]
        known_level = max(learner.skills.values(), default=0)
        vector = np.zeros(self.matrix.shape[1], dtype=np.float32)
        if self.vectorizer is not None:
            counts: dict[int, int] = {}
            for token in self._analyzer(" ".join(words)):
                column = self._vocabulary.get(token)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            if counts:
                columns = np.fromiter(counts, dtype=np.int64)
                tf = 1 + np.log(np.fromiter(counts.values(), dtype=np.float32))
                self._set_block(vector, "text", columns, tf * self._idf[columns])
        labels = {
            "skills": gap,
            "sectors": learner.sectors,
            "level": [LEVEL_FOR_KNOWN[min(known_level, 3)]],
            "delivery": [learner.delivery],
        }
        for block, values in labels.items():
            classes = self._classes[block]
            columns = np.array([classes[v] for v in values if v in classes], dtype=np.int64)
            if len(columns):
                self._set_block(vector, block, columns, np.ones(len(columns), np.float32))
        norm = np.linalg.norm(vector)
        if norm:
            vector /= norm
        # What they finished, not what they saved: a saved offering stays as its step, and
        # saving one should not reorder the rest of the path under the learner's eyes.
        marked = [self.index[s] for s in learner.done if s in self.index]
        if marked:
            # Unit rows: their mean points where the finished offerings do.
            like = np.asarray(self.matrix[sorted(set(marked))].mean(axis=0), np.float32).ravel()
            vector += like * (MARKED_WEIGHT / np.linalg.norm(like))
            norm = np.linalg.norm(vector)
            vector /= norm
        return vector

    def _set_block(self, vector: np.ndarray, block: str, columns, values) -> None:
        values = values / np.linalg.norm(values) * self.weights[block]
        vector[self.offsets[block] + columns] = values

    def items_skills(self, slug: str) -> dict[str, int]:
        """What an offering teaches, by skill slug; empty for one not in the model."""
        row = self.index.get(slug)
        return self.items[row].skills if row is not None else {}

    def kinds_mask(self, kinds) -> np.ndarray:
        """Offerings of any of these kinds (remembered: the same few sets are asked for on
        every path). The mask is shared, so callers must not change it in place."""
        key = frozenset(kinds)
        mask = self._kinds_masks.get(key)
        if mask is None:
            codes = [self.kind_codes[k] for k in key if k in self.kind_codes]
            mask = np.isin(self.kind, codes) if codes else np.zeros(len(self.items), dtype=bool)
            mask.flags.writeable = False
            self._kinds_masks[key] = mask
        return mask

    def requires(self, skill: str, level: int = 1) -> frozenset[str]:
        """Every skill this one needs first to reach the given level, directly or not; the
        skills beneath it are needed to beginner level (memoised per fitted model)."""
        found = self._requires.get((skill, level))
        if found is None:
            catalog = self.catalog
            if "_beneath" not in self.__dict__:  # the graph as skills beneath others need it
                self._beneath = {s: catalog.needs_first(s, 1) for s in catalog.prerequisites}
            found = frozenset(
                prerequisite_closure(self._beneath, catalog.needs_first(skill, level))
            )
            self._requires[skill, level] = found
        return found

    def row_dots(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Dot products of some rows of the matrix with each column of a dense matrix (a
        path's chosen steps, one a column).

        A dozen NumPy calls on the rows' nonzeros: between two calls a path streams through
        the whole catalog, so the fewer library functions a call runs through, the fewer
        of them have to be fetched back into the processor's cache (SciPy's own slicing and
        products took four times as long there as in a loop that keeps them cached).
        """
        indptr = self.matrix.indptr
        starts = indptr[rows]
        lengths = indptr[rows + 1] - starts
        firsts = np.cumsum(lengths) - lengths
        total = int(firsts[-1] + lengths[-1]) if len(rows) else 0
        if total == 0:
            return np.zeros((len(rows), columns.shape[1]), dtype=np.float32)
        offsets = np.arange(total) + np.repeat(starts - firsts, lengths)
        products = columns[self.matrix.indices[offsets]] * self.matrix.data[offsets, None]
        sums = np.add.reduceat(products, np.minimum(firsts, total - 1), axis=0)
        sums[lengths == 0] = 0
        return sums

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of every offering to a vector in the same space.

        A learner's vector touches a few dozen of the thousands of features, so only those
        columns are multiplied: at 100,000 offerings a tenth of the work of the whole
        matrix, with the same result.
        """
        columns = np.flatnonzero(vector)
        if len(columns) * SPARSE_VECTOR_SHARE > len(vector):
            return self.matrix @ vector
        return self._by_column()[:, columns] @ vector[columns]

    def _by_column(self) -> sp.csc_matrix:
        """The matrix stored by column, made once per process (it is not shared: a copy
        in the cache would double the model's size there)."""
        by_column = self.__dict__.get("_columns")
        if by_column is None:
            by_column = self._columns = self.matrix.tocsc()
        return by_column

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_columns", None)
        return state

    def similar(self, slug: str, count: int = 4) -> list[tuple[str, float]]:
        """The offerings most like one offering, best first, at most one per provider."""
        row = self.index.get(slug)
        if row is None:
            return []
        sims = np.asarray((self.matrix @ self.matrix[row].T).todense()).ravel()
        sims[row] = -1.0
        chosen: list[tuple[str, float]] = []
        providers = {self.provider[row]} if self.items[row].provider else set()
        for candidate in np.argsort(-sims, kind="stable"):
            if sims[candidate] <= 0 or len(chosen) == count:
                break
            provider = self.provider[candidate]
            if self.items[candidate].provider and provider in providers:
                continue
            providers.add(provider)
            chosen.append((self.items[candidate].slug, float(sims[candidate])))
        return chosen
