"""Catalog search over an in-memory index of the active catalog, one per catalog version.

Matching a word against ten thousand titles and summaries in SQL costs a scan with UPPER()
over every row, twice (the count and the page), and more for ranking. Here each process
keeps the lowercased texts of the active offerings, rebuilt only when the catalog token
changes (three queries), and a search costs Python substring tests plus one query for the
page's rows. The same code ranks on SQLite and PostgreSQL, so both give the same results.
"""

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from catalog.models import Offering, OfferingSkill, Skill
from catalog.selectors import SHORT_WORD, catalog_state

MAX_SEARCH_WORDS = 6  # words past this are ignored, so no query costs more than six words
# Per word: the title, a skill taught, the provider, the summary.
TITLE, SKILL, PROVIDER, SUMMARY = 4, 3, 2, 1


def search_words(query: str) -> list[str]:
    """The distinct words of a query, in order, at most MAX_SEARCH_WORDS of them."""
    words: list[str] = []
    for word in query.split():
        if word.lower() not in (w.lower() for w in words):
            words.append(word[:100])
        if len(words) == MAX_SEARCH_WORDS:
            break
    return words


@dataclass(frozen=True)
class _Skill:
    pk: int
    names: tuple[str, ...]  # name, slug and aliases, lowercased
    text: str  # name and the aliases as typed, lowercased


class SearchIndex:
    """The active offerings' searchable texts, lowercased, in title order."""

    def __init__(self) -> None:
        rows = (
            Offering.objects.active()
            .order_by("pk")
            .values_list("pk", "title", "summary", "provider__name", "provider__short_name")
        )
        self.pks: list[int] = []
        self.titles: list[str] = []
        self.summaries: list[str] = []
        self.providers: list[str] = []
        self.short_names: list[str] = []
        for pk, title, summary, provider, short in rows:
            self.pks.append(pk)
            self.titles.append(title.lower())
            self.summaries.append(summary.lower())
            self.providers.append(f"{provider or ''}\n{short or ''}".lower())
            self.short_names.append((short or "").lower())
        self.position = {pk: i for i, pk in enumerate(self.pks)}
        self.taught_by: dict[int, list[int]] = {}
        for offering, skill in OfferingSkill.objects.values_list("offering_id", "skill_id"):
            if offering in self.position:
                self.taught_by.setdefault(skill, []).append(self.position[offering])
        self.skills = [
            _Skill(
                pk=pk,
                names=(name.lower(), slug, *(a.strip().lower() for a in aliases.split(","))),
                text=f"{name}\n{aliases}".lower(),
            )
            for pk, name, slug, aliases in Skill.objects.values_list(
                "pk", "name", "slug", "aliases"
            )
        ]
        # Ties go alphabetically, as the list does.
        self.sort_key = [(title, pk) for title, pk in zip(self.titles, self.pks, strict=True)]

    def _skill_positions(self, word: str) -> set[int]:
        if len(word) <= SHORT_WORD:
            skills = [s for s in self.skills if word in s.names]
        else:
            skills = [s for s in self.skills if word in s.text]
        return {i for skill in skills for i in self.taught_by.get(skill.pk, ())}

    def _word_scores(self, word: str, among: list[int]) -> dict[int, int]:
        """Each offering (by position, among those given) that the word matches, scored."""
        word = word.lower()
        taught = self._skill_positions(word)
        scores = {i: SKILL for i in among if i in taught}
        if len(word) <= SHORT_WORD:
            padded = f" {word} "
            bracketed = f"({word})"
            titles, shorts = self.titles, self.short_names
            for i in among:
                if padded in f" {titles[i]} " or bracketed in titles[i]:
                    scores[i] = scores.get(i, 0) + TITLE
                if shorts[i] == word:
                    scores[i] = scores.get(i, 0) + PROVIDER
            return scores
        for texts, weight in (
            (self.titles, TITLE),
            (self.providers, PROVIDER),
            (self.summaries, SUMMARY),
        ):
            for i in among:
                if word in texts[i]:
                    scores[i] = scores.get(i, 0) + weight
        return scores

    def ranked(self, words: Sequence[str]) -> list[int]:
        """The offerings matching every word, most relevant first (then by title)."""
        total: dict[int, int] = {}
        among = range(len(self.pks))
        for word in words:
            # Each word after the first is tested only on what the earlier ones matched.
            scores = self._word_scores(word, among)
            total = {i: total.get(i, 0) + s for i, s in scores.items()}
            if not total:
                return []
            among = sorted(total)
        order = sorted(total, key=lambda i: (-total[i], self.sort_key[i]))
        return [self.pks[i] for i in order]


_index: tuple[str, SearchIndex] | None = None
_lock = threading.Lock()


def search_index() -> SearchIndex:
    """This process's index for the current catalog (one single-row query to check)."""
    global _index
    version = catalog_state()
    current = _index
    if current is not None and current[0] == version:
        return current[1]
    with _lock:
        if _index is None or _index[0] != version:
            _index = (version, SearchIndex())
        return _index[1]


class SearchResults:
    """Ranked offerings for a paginator: the ids come from the index, each page's rows from
    the database, through the filtered queryset (so every other filter still applies)."""

    def __init__(self, queryset: QuerySet[Offering], ranked: list[int], narrowed: bool):
        self.queryset = queryset
        self._ranked = ranked
        self._narrowed = narrowed
        self._ids: list[int] | None = None

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            if self._narrowed:  # other filters: keep the ranked ids they allow
                allowed = set(self.queryset.order_by().values_list("pk", flat=True))
                self._ids = [pk for pk in self._ranked if pk in allowed]
            else:
                self._ids = self._ranked
        return self._ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        wanted = self.ids[index]
        rows = self.queryset.in_bulk(wanted)
        return [rows[pk] for pk in wanted if pk in rows]

    def __iter__(self):
        return iter(self[:])


def offering_search(*, queryset: QuerySet[Offering], query: str, narrowed: bool = True):
    """Offerings of `queryset` matching every word of the query, most relevant first.

    A word matches an offering's title, summary, provider or a skill it teaches; short
    words match a skill's name or alias, a provider's short name, or a whole word of a
    title, so "TF" finds TensorFlow but not "platform". Relevance adds, per word, 4 for the
    title, 3 for a skill taught, 2 for the provider and 1 for the summary. Repeated words
    and words past six are dropped: the cost is bounded whatever is typed. `narrowed=False`
    says the queryset is every active offering, which saves reading its ids.
    """
    words = search_words(query)
    if not words:
        return queryset
    return SearchResults(queryset, search_index().ranked(words), narrowed)
