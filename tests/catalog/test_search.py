"""Catalog search: ranked by relevance, at a bounded cost whatever is typed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.search import MAX_SEARCH_WORDS, offering_search, search_words
from catalog.selectors import offering_list
from tests.factories import OfferingFactory, ProviderFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def python_offerings():
    python = SkillFactory(slug="python", name="Python", aliases="py")
    spark = SkillFactory(slug="spark", name="Apache Spark", aliases="PySpark")
    return {
        # Alphabetically first, but Python is only one skill it teaches.
        "spark": OfferingFactory(
            title="Apache Spark Quick Start",
            summary="Clusters and data frames.",
            skills={spark: 1, python: 1},
        ),
        "course": OfferingFactory(
            title="Python for Everybody",
            summary="Python from the start, for people who have never programmed.",
            skills={python: 1},
        ),
        "mention": OfferingFactory(title="Basics of statistics", summary="Examples in Python."),
        "other": OfferingFactory(title="Excel for analysts", summary="Pivot tables."),
    }


def titles(query: str) -> list[str]:
    return [o.title for o in offering_search(queryset=offering_list(), query=query)]


def test_results_come_most_relevant_first(python_offerings):
    assert titles("python") == [
        "Python for Everybody",  # title, skill and summary
        "Apache Spark Quick Start",  # a skill it teaches
        "Basics of statistics",  # the summary only
    ]


def test_every_word_must_match(python_offerings):
    assert titles("python spark") == ["Apache Spark Quick Start"]
    assert titles("python excel") == []


def test_short_words_match_whole_names_only(python_offerings):
    provider = ProviderFactory(name="Data Science Pakistan", short_name="DSP")
    OfferingFactory(title="Weekly DSP meetup", provider=provider)
    OfferingFactory(title="Display design")
    assert titles("dsp") == ["Weekly DSP meetup"]


def test_repeated_and_extra_words_are_dropped():
    assert search_words("data DATA data ml") == ["data", "ml"]
    many = " ".join(f"word{n}" for n in range(20))
    assert len(search_words(many)) == MAX_SEARCH_WORDS


def test_any_search_costs_the_same_few_queries_whatever_is_typed(python_offerings):
    def sql_for(query):
        with CaptureQueriesContext(connection) as captured:
            list(offering_search(queryset=offering_list(), query=query)[:20])
        return [q["sql"] for q in captured.captured_queries]

    sql_for("warm")  # builds this catalog version's index once
    one = sql_for("data")
    ten = sql_for(" ".join(["data"] * 10))
    many = sql_for(" ".join(f"python{n}" for n in range(40)))
    # The catalog token, the narrowing filters' ids, the page's rows and their skills.
    assert len(one) == len(ten) <= 4
    assert len(many) <= 2  # nothing matches: no page to read
    assert [q.count("JOIN") for q in ten] == [q.count("JOIN") for q in one]


def test_the_index_follows_catalog_edits(python_offerings):
    assert titles("everybody") == ["Python for Everybody"]
    python_offerings["course"].title = "Python for All"
    python_offerings["course"].save()
    assert titles("everybody") == []
    assert titles("all") == ["Python for All"]
    python_offerings["course"].is_active = False
    python_offerings["course"].save()
    assert titles("python") == ["Apache Spark Quick Start", "Basics of statistics"]


def test_other_filters_still_apply_to_ranked_results(client, python_offerings):
    python_offerings["spark"].kind = "bootcamp"
    python_offerings["spark"].save()
    response = client.get(reverse("catalog:offering_list"), {"q": "python", "kind": "bootcamp"})
    assert [o.title for o in response.context["page"]] == ["Apache Spark Quick Start"]
    assert response.context["page"].paginator.count == 1


def test_the_catalog_page_lists_by_relevance(client, python_offerings):
    response = client.get(reverse("catalog:offering_list"), {"q": "python"})
    assert [o.title for o in response.context["page"]][:2] == [
        "Python for Everybody",
        "Apache Spark Quick Start",
    ]
