"""The fitted model: every offering as one L2-normalised sparse row, and a learner in that space."""

import math

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import MultiLabelBinarizer, normalize

from careers.recommender.data import EXTRA_KINDS, STEP_KINDS, Catalog, Item, Learner

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
LEVEL_FOR_KNOWN = {0: "beginner", 1: "beginner", 2: "intermediate", 3: "advanced"}


def _bits(slugs, positions: dict[str, int], words: int) -> np.ndarray:
    row = np.zeros(words, dtype=np.uint64)
    for slug in slugs:
        position = positions.get(slug)
        if position is not None:
            row[position // 64] |= np.uint64(1) << np.uint64(position % 64)
    return row


class CatalogModel:
    """Features of a catalog, fitted once and reused for every learner until the catalog changes."""

    def __init__(self, catalog: Catalog, weights: dict[str, float] | None = None):
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
            "skills": self.binarizers["skills"].fit_transform([list(i.skills) for i in self.items]),
            "sectors": self.binarizers["sectors"].fit_transform([i.sectors for i in self.items]),
            "kind": self.binarizers["kind"].fit_transform([[i.kind] for i in self.items]),
            "level": self.binarizers["level"].fit_transform([[i.level] for i in self.items]),
            "delivery": self.binarizers["delivery"].fit_transform([[i.delivery] for i in self.items]),
        }
        self.matrix = self._combine(blocks)

        self.cost = np.array(
            [np.nan if i.cost_pkr is None else i.cost_pkr for i in self.items], dtype=np.float64
        )
        self.delivery = np.array([DELIVERY_CODES.get(i.delivery, 0) for i in self.items], np.int8)
        cities = sorted({i.city for i in self.items})
        self.city_codes = {city: code for code, city in enumerate(cities)}
        self.city = np.array([self.city_codes[i.city] for i in self.items], dtype=np.int32)
        providers = sorted({i.provider for i in self.items})
        provider_codes = {provider: code for code, provider in enumerate(providers)}
        self.provider = np.array([provider_codes[i.provider] for i in self.items], np.int32)
        self.is_step = np.array([i.kind in STEP_KINDS for i in self.items], dtype=bool)
        self.is_extra = np.array([i.kind in EXTRA_KINDS for i in self.items], dtype=bool)
        self.is_degree = np.array([i.kind == "degree" for i in self.items], dtype=bool)
        self.has_duration = np.array([i.duration_weeks is not None for i in self.items], bool)

        skills = sorted({*catalog.skill_names, *(s for i in self.items for s in i.skills)})
        self.skill_positions = {slug: p for p, slug in enumerate(skills)}
        self.words = max(1, math.ceil(len(skills) / 64))
        self.prerequisite_bits = np.zeros((n, self.words), dtype=np.uint64)
        teaching: dict[str, list[tuple[int, int]]] = {}
        for row, item in enumerate(self.items):
            self.prerequisite_bits[row] = _bits(item.prerequisites, self.skill_positions, self.words)
            for skill, level in item.skills.items():
                teaching.setdefault(skill, []).append((row, level))
        sectors = sorted({s for i in self.items for s in i.sectors})
        self.sector_positions = {slug: p for p, slug in enumerate(sectors)}
        self.sector_words = max(1, math.ceil(len(sectors) / 64))
        self.sector_bits = np.array(
            [_bits(i.sectors, self.sector_positions, self.sector_words) for i in self.items],
            dtype=np.uint64,
        ).reshape(n, self.sector_words)
        self.teaching = {
            skill: (np.array([r for r, _ in rows], np.int64), np.array([lv for _, lv in rows], np.int8))
            for skill, rows in teaching.items()
        }

    @staticmethod
    def _item_text(item: Item) -> str:
        return " ".join((item.title, item.provider_name, item.text))

    def _combine(self, blocks: dict[str, sp.spmatrix]) -> sp.csr_matrix:
        parts = [
            normalize(sp.csr_matrix(block, dtype=np.float32)) * self.weights[name]
            for name, block in blocks.items()
        ]
        return normalize(sp.hstack(parts, format="csr", dtype=np.float32))

    def learner_vector(self, learner: Learner, gap: list[str]) -> np.ndarray:
        """The learner in the offerings' space: their goal, target role, gap, sectors, delivery."""
        names = self.catalog.skill_names
        role = self.catalog.roles.get(learner.target_role)
        words = [learner.goal, role.name if role else "", *(names.get(s, s) for s in gap)]
        known_level = max(learner.skills.values(), default=0)
        blocks = {
            "text": (
                self.vectorizer.transform([" ".join(words)])
                if self.vectorizer
                else sp.csr_matrix((1, 0), dtype=np.float32)
            ),
            "skills": self._binarize("skills", gap),
            "sectors": self._binarize("sectors", learner.sectors),
            "kind": self._binarize("kind", []),
            "level": self._binarize("level", [LEVEL_FOR_KNOWN[min(known_level, 3)]]),
            "delivery": self._binarize(
                "delivery", [learner.delivery] if learner.delivery in DELIVERY_CODES else []
            ),
        }
        return np.asarray(self._combine(blocks).todense()).ravel()

    def _binarize(self, block: str, labels) -> sp.csr_matrix:
        binarizer = self.binarizers[block]
        known = set(binarizer.classes_)
        return binarizer.transform([[label for label in labels if label in known]])

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of every offering to a vector in the same space."""
        return self.matrix @ vector

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
