"""The public catalog pages, as a visitor sees them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import AccessRoute, Offering, Skill
from tests.factories import (
    OfferingFactory,
    ProviderFactory,
    RoleFactory,
    SectorFactory,
    SkillFactory,
    SourceFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

CATALOG = reverse("catalog:offering_list")


@pytest.fixture
def tensorflow():
    return SkillFactory(slug="tensorflow", name="TensorFlow", aliases="TF, tf.keras, Keras")


@pytest.fixture
def offerings(tensorflow):
    karachi_ai = ProviderFactory(name="Karachi.AI", slug="karachi-ai", city="karachi")
    health = SectorFactory(slug="healthcare", name="Healthcare")
    meetup = OfferingFactory(
        title="Monthly applied AI meetup",
        kind=Offering.Kind.MEETUP,
        provider=karachi_ai,
        delivery=Offering.Delivery.IN_PERSON,
        city="karachi",
        cost_pkr=0,
    )
    course = OfferingFactory(
        title="Deep learning with Keras",
        cost_pkr=25000,
        skills={tensorflow: 2},
    )
    course.sectors.add(health)
    retired = OfferingFactory(title="Retired TF bootcamp", is_active=False, skills={tensorflow: 1})
    return {"meetup": meetup, "course": course, "retired": retired}


def titles(response):
    return [o.title for o in response.context["page"]]


def test_home_links_to_catalog_counts(client, offerings):
    response = client.get(reverse("catalog:home"))
    assert response.status_code == 200
    assert b"Find your path into AI" in response.content
    assert response.context["kind_counts"] == [
        ("meetup", "Meetup", 1),
        ("online_course", "Online course", 1),
    ] or sorted(response.context["kind_counts"]) == [
        ("meetup", "Meetup", 1),
        ("online_course", "Online course", 1),
    ]


def test_catalog_lists_only_active_offerings(client, offerings):
    response = client.get(CATALOG)
    assert titles(response) == ["Deep learning with Keras", "Monthly applied AI meetup"]
    assert b"2 offerings" in response.content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("karachi", ["Monthly applied AI meetup"]),  # provider name and city
        ("TF", ["Deep learning with Keras"]),  # a skill alias
        ("tensorflow", ["Deep learning with Keras"]),  # a skill name
        ("applied meetup", ["Monthly applied AI meetup"]),  # every word must match
        ("keras karachi", []),
    ],
)
def test_search_covers_titles_providers_skills_and_aliases(client, offerings, query, expected):
    assert titles(client.get(CATALOG, {"q": query})) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"free": "on"}, ["Monthly applied AI meetup"]),
        ({"delivery": "online"}, ["Deep learning with Keras"]),
        ({"city": "karachi"}, ["Monthly applied AI meetup"]),
        ({"kind": "meetup"}, ["Monthly applied AI meetup"]),
        ({"skill": "tensorflow"}, ["Deep learning with Keras"]),
        ({"sector": "healthcare"}, ["Deep learning with Keras"]),
        ({"free": "on", "delivery": "online"}, []),
    ],
)
def test_filters_narrow_the_results(client, offerings, params, expected):
    assert titles(client.get(CATALOG, params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"q": "xqzzv"},
        {"q": "'; DROP TABLE catalog_offering; --"},
        {"q": "%%%"},
        {"kind": "spaceship", "q": "nothing-like-this"},
    ],
)
def test_nonsense_queries_get_a_friendly_empty_state(client, offerings, params):
    response = client.get(CATALOG, params)
    assert response.status_code == 200
    assert b"Nothing matches that yet" in response.content
    assert Offering.objects.count() == 3


def test_unknown_filter_values_are_ignored_rather_than_erroring(client, offerings):
    response = client.get(CATALOG, {"kind": "spaceship", "skill": "no-such-skill", "page": "abc"})
    assert response.status_code == 200
    assert titles(response) == ["Deep learning with Keras", "Monthly applied AI meetup"]


def test_empty_catalog_shows_the_empty_state(client):
    response = client.get(CATALOG)
    assert response.status_code == 200
    assert b"Nothing matches that yet" in response.content


def test_htmx_request_gets_only_the_results_fragment(client, offerings):
    response = client.get(CATALOG, {"q": "karachi"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert "Monthly applied AI meetup" in body
    assert "HX-Request" in response["Vary"]


def test_results_are_paginated_with_links_that_keep_the_filters(client):
    for n in range(25):
        OfferingFactory(title=f"Free course {n:02}")
    first = client.get(CATALOG, {"free": "on"})
    assert len(first.context["page"]) == 20
    assert 'href="?free=on&amp;page=2"' in first.content.decode()
    second = client.get(CATALOG, {"free": "on", "page": 2})
    assert titles(second) == [
        "Free course 20",
        "Free course 21",
        "Free course 22",
        "Free course 23",
        "Free course 24",
    ]


def test_offering_page_shows_what_it_teaches_cost_and_source(client, offerings, tensorflow):
    course = offerings["course"]
    response = client.get(course.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "PKR 25,000" in body
    assert tensorflow.get_absolute_url() in body
    assert "Nothing in particular: you can start here." in body
    assert course.source.title in body


def test_free_and_unknown_costs_are_written_out(client, offerings):
    assert b"Free" in client.get(offerings["meetup"].get_absolute_url()).content
    unknown = OfferingFactory(cost_pkr=None)
    assert b"Cost not known" in client.get(unknown.get_absolute_url()).content


def test_retired_or_unknown_offerings_are_not_found(client, offerings):
    assert client.get(offerings["retired"].get_absolute_url()).status_code == 404
    response = client.get(reverse("catalog:offering_detail", args=["no-such-thing"]))
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_skill_page_shows_prerequisites_and_what_teaches_it(client, offerings, tensorflow):
    deep_learning = SkillFactory(slug="deep-learning", name="Deep learning")
    tensorflow.prerequisites.add(deep_learning)
    response = client.get(tensorflow.get_absolute_url())
    body = response.content.decode()
    assert deep_learning.get_absolute_url() in body
    assert [item.offering.title for item in response.context["taught_by"]] == [
        "Deep learning with Keras"
    ]
    assert "Also called: <bdi>TF, tf.keras, Keras</bdi>" in body


def test_skill_page_empty_states(client):
    lonely = SkillFactory(name="Quantum basket weaving")
    body = client.get(lonely.get_absolute_url()).content.decode()
    assert "Nothing: this is a starting point." in body
    assert "No active offering in the catalog teaches this skill yet." in body


def test_skill_page_says_from_which_level_its_prerequisites_are_needed(client):
    deep = SkillFactory(name="Deep learning")
    llms = SkillFactory(name="Large language models", prerequisites_from=2)
    llms.prerequisites.set([deep])
    body = client.get(llms.get_absolute_url()).content.decode()
    assert "Needed from working level on: a beginner can start without them." in body
    deep.prerequisites_from = 1
    body = client.get(deep.get_absolute_url()).content.decode()
    assert "Needed from" not in body


def test_skill_list_counts_active_offerings_only(client, offerings, tensorflow):
    response = client.get(reverse("catalog:skill_list"))
    assert [(s.slug, s.offering_count) for s in response.context["skills"]] == [("tensorflow", 1)]


def test_empty_skill_and_role_lists(client):
    assert b"No skills in the catalog yet" in client.get(reverse("catalog:skill_list")).content
    assert b"No roles in the catalog yet" in client.get(reverse("catalog:role_list")).content


def test_role_page_shows_needs_sectors_and_basis(client, tensorflow):
    role = RoleFactory(
        name="ML engineer",
        slug="ml-engineer",
        basis="From ESCO AI engineer.",
        skills={tensorflow: (2, 4)},
    )
    role.sectors.add(SectorFactory(name="Agriculture", slug="agriculture"))
    body = client.get(role.get_absolute_url()).content.decode()
    assert "TensorFlow" in body and "4 out of 5" in body
    assert "Agriculture" in body
    assert "From ESCO AI engineer." in body
    assert (
        reverse("catalog:role_detail", args=["ml-engineer"])
        in client.get(reverse("catalog:role_list")).content.decode()
    )


def test_role_without_skills_and_unknown_role(client):
    role = RoleFactory()
    assert (
        b"No skills have been listed for this role yet."
        in client.get(role.get_absolute_url()).content
    )
    assert client.get(reverse("catalog:role_detail", args=["astronaut"])).status_code == 404
    assert client.get(reverse("catalog:skill_detail", args=["astronomy"])).status_code == 404


def test_provider_page_lists_its_active_offerings(client, offerings):
    provider = offerings["meetup"].provider
    response = client.get(provider.get_absolute_url())
    assert [o.title for o in response.context["offerings"]] == ["Monthly applied AI meetup"]
    empty = ProviderFactory()
    assert (
        b"Nothing from this provider is in the catalog right now."
        in client.get(empty.get_absolute_url()).content
    )


def test_pages_make_a_bounded_number_of_queries(client, tensorflow):
    for _ in range(30):
        OfferingFactory(skills={tensorflow: 1, SkillFactory(): 2})
    # The first request reads the catalog token, which keys the count, the filter form and
    # the page of results it keeps; a later one reads only the token.
    assert len(page_queries(client, CATALOG)) <= 6
    assert len(page_queries(client, CATALOG)) == 1
    assert len(page_queries(client, Skill.objects.get(slug="tensorflow").get_absolute_url())) <= 8


def test_the_catalog_list_keeps_its_count_and_filter_form_until_the_catalog_changes(
    client, tensorflow
):
    """The first page of the list is what most visitors open: its count and its filter
    form (every skill, sector and city as options) are made once, not on every request."""
    OfferingFactory(title="Intro to TF", skills={tensorflow: 1})
    first = client.get(CATALOG).content.decode().split("<main")[1]
    again = page_queries(client, CATALOG)
    assert not [q for q in again if "COUNT(" in q.upper()], again
    options = ('FROM "catalog_skill" ORDER BY', 'FROM "catalog_sector" ORDER BY')
    assert not [q for q in again if any(o in q for o in options)], again
    assert client.get(CATALOG).content.decode().split("<main")[1] == first

    # A catalog change gives a new count and new options at once.
    OfferingFactory(title="Deep learning basics", skills={SkillFactory(name="Keras"): 1})
    changed = client.get(CATALOG).content.decode()
    assert "2 offerings" in changed and ">Keras</option>" in changed


def test_a_browse_page_seen_again_is_read_back_until_the_catalog_changes(client, tensorflow):
    """Browsing (filters and pages, no search words) shows the same to everyone: a page
    seen again reads only the catalog's version. A search is still run each time."""
    for n in range(25):
        OfferingFactory(title=f"Course {n:02d}", skills={tensorflow: 1})
    for query in ({}, {"page": "2"}, {"kind": "course"}):
        first = client.get(CATALOG, query).content.decode().split("<main")[1]
        again = page_queries(client, CATALOG, **query)
        assert len(again) == 1 and "catalog_catalogversion" in again[0], again
        assert client.get(CATALOG, query).content.decode().split("<main")[1] == first
        part = client.get(CATALOG, query, headers={"HX-Request": "true"}).content.decode()
        assert part.lstrip().startswith('<section id="results"') and part in first
    client.get(CATALOG, {"q": "course"})
    assert len(page_queries(client, CATALOG, q="course")) > 1
    OfferingFactory(title="Course 99", skills={tensorflow: 1})
    assert "26 offerings" in client.get(CATALOG).content.decode()


def test_the_catalog_list_answers_while_the_shared_cache_is_away(client, settings, tensorflow):
    OfferingFactory(title="Intro to TF", skills={tensorflow: 1})
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(CATALOG)
    assert response.status_code == 200
    assert b"Intro to TF" in response.content and b'id="id_skill"' in response.content


def test_only_get_is_allowed(client):
    assert client.post(CATALOG).status_code == 405


def test_pages_are_compressed_for_slow_connections(client, offerings):
    response = client.get(CATALOG, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_short_words_match_whole_names_not_pieces_of_words(client, tensorflow):
    OfferingFactory(title="Cloud platform basics", summary="A tour of a platform.")
    OfferingFactory(title="Intro to TF", skills={tensorflow: 1})
    assert titles(client.get(CATALOG, {"q": "TF"})) == ["Intro to TF"]


def test_catalog_sorts_titles_ignoring_case(client):
    for title in ("freeCodeCamp course", "AWS basics", "Advanced NLP"):
        OfferingFactory(title=title)
    assert titles(client.get(CATALOG)) == ["Advanced NLP", "AWS basics", "freeCodeCamp course"]


@pytest.mark.django_db
def test_a_round_that_has_begun_is_not_offered_as_upcoming(client):
    past = OfferingFactory(
        schedule=Offering.Schedule.COHORT,
        starts_on=date(2023, 9, 1),
        last_round=date(2023, 9, 1),
        cost_pkr=None,
    )
    page = client.get(past.get_absolute_url()).content.decode()
    assert "Next start" not in page
    assert "The last round began in September 2023; the next is not announced." in page
    ahead = OfferingFactory(schedule=Offering.Schedule.COHORT, starts_on=date(2099, 3, 1))
    assert "Next start: 1 March 2099" in client.get(ahead.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_offering_page_shows_dollar_prices_periods_routes_entry_rules_and_check_date(client):
    route = AccessRoute.objects.create(
        slug="hec-coursera",
        name="HEC's Coursera access",
        eligibility=AccessRoute.Eligibility.HEC_MEMBER_STUDENT,
        description="For students of member universities.",
        url="https://example.org/hec",
        source=SourceFactory(),
    )
    offering = OfferingFactory(
        cost_pkr=None,
        cost_usd=Decimal("49"),
        cost_period=Offering.CostPeriod.PER_MONTH,
        language=Offering.Language.URDU_ENGLISH,
        data_weight=Offering.DataWeight.VIDEO_HEAVY,
        entry_education="bachelors",
        entry_test=True,
        entry_note="Sixteen years of education.",
        source=SourceFactory(checked_on=date(2026, 11, 29)),
    )
    offering.free_routes.add(route)
    page = client.get(offering.get_absolute_url()).content.decode()
    assert "US$49 (about PKR 13,731) a month" in page
    assert "Free through HEC&#x27;s Coursera access (Students of HEC member universities)." in page
    assert "Urdu and English" in page
    assert "Video-heavy: needs a good connection" in page
    assert "Bachelor&#x27;s or higher; an entry test" in page
    assert "Facts checked on 29 November 2026." in page


def test_an_offering_for_one_provinces_people_says_so(client):
    offering = OfferingFactory(province="balochistan", entry_note="")
    page = client.get(offering.get_absolute_url()).content.decode()
    assert "Only for people from Balochistan." in page
    open_to_all = client.get(OfferingFactory().get_absolute_url()).content.decode()
    assert "Only for people from" not in open_to_all


def test_a_length_and_a_cost_from_their_own_pages_link_to_them(client):
    syllabus = SourceFactory(
        url="https://example.org/syllabus", title="Course syllabus", checked_on=date(2026, 11, 20)
    )
    fees = SourceFactory(url="https://example.org/fees", title="Fee table", checked_on=None)
    offering = OfferingFactory(
        duration_weeks=6, cost_pkr=12000, length_source=syllabus, cost_source=fees
    )
    page = client.get(offering.get_absolute_url()).content.decode()
    link = '<a href="https://example.org/syllabus" rel="noopener"><bdi>Course syllabus</bdi></a>'
    assert link in page
    assert "checked on 20 November 2026" in page
    assert '<a href="https://example.org/fees" rel="noopener"><bdi>Fee table</bdi></a>' in page

    plain = client.get(OfferingFactory(duration_weeks=6).get_absolute_url()).content.decode()
    assert "example.org/syllabus" not in plain
