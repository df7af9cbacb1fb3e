"""Path building: gap, order, constraints, diversity, explanations and unmet skills."""

from dataclasses import replace

import numpy as np
import pytest

from careers.recommender.data import Learner
from careers.recommender.features import CatalogModel
from careers.recommender.path import (
    PrerequisiteCycleError,
    alternatives,
    build_path,
    known_skills,
    prerequisite_order,
    skill_gap,
    weeks_at_pace,
)
from tests.careers.recommender.catalogs import PREREQUISITES, catalog, item, nlp_catalog


def path_for(cat, **learner):
    return build_path(CatalogModel(cat), Learner(**learner))


def offerings(path):
    return [step.offering for step in path.steps]


# The gap


def test_gap_is_what_the_role_needs_beyond_the_learners_levels_plus_missing_prerequisites():
    model = CatalogModel(nlp_catalog())
    learner = Learner(target_role="nlp-engineer", skills={"python": 2, "machine-learning": 1})
    gap = skill_gap(model, learner, known_skills(model, learner))
    # python is known at the level needed; machine-learning is known but too low; the role
    # does not list statistics, but machine learning builds on it and the learner has none.
    assert set(gap) == {"machine-learning", "deep-learning", "nlp", "statistics"}
    assert gap["machine-learning"] == (2, 4)


def llm_catalog(*extra, needed_level: int) -> CatalogModel:
    """A skill whose prerequisites apply only from working level: knowing what a language
    model is and how to call one needs no deep learning; training one does."""
    prerequisites = {**PREREQUISITES, "llms": frozenset({"deep-learning", "nlp"})}
    return CatalogModel(
        catalog(
            *nlp_catalog().items,
            item("llm-intro", {"llms": 1}),
            item("llm-internals", {"llms": 2}, prerequisites=("deep-learning",)),
            *extra,
            roles={"ai-engineer": {"python": (2, 5), "llms": (needed_level, 3)}},
            prerequisites=prerequisites,
            prerequisites_from={"llms": 2},
        )
    )


def test_a_skills_prerequisites_join_the_gap_only_from_the_level_they_apply_at():
    learner = Learner(target_role="ai-engineer", skills={"python": 2})
    beginner = llm_catalog(needed_level=1)
    assert set(skill_gap(beginner, learner, known_skills(beginner, learner))) == {"llms"}
    assert offerings(build_path(beginner, learner)) == ["llm-intro"]
    working = llm_catalog(needed_level=2)
    gap = skill_gap(working, learner, known_skills(working, learner))
    assert set(gap) == {"llms", "deep-learning", "nlp", "machine-learning", "statistics"}
    order = [step.skill for step in build_path(working, learner).steps]
    assert order.index("deep-learning") < order.index("nlp") < order.index("llms")


def test_practice_is_no_way_into_a_skill_the_learner_has_not_started():
    """A competition deepens a skill; it is how a learner starts one only when nothing else
    teaches it. Once they have begun the skill, practice may take them further."""
    competition = item("ml-competitions", {"machine-learning": 2}, kind="practice")
    course = item("ml-first-course", {"machine-learning": 1})
    others = {"python": 3, "statistics": 3, "deep-learning": 3, "nlp": 3}
    new = path_for(catalog(competition, course), target_role="nlp-engineer", skills=others)
    assert offerings(new) == ["ml-first-course"]
    started = path_for(
        catalog(competition, course),
        target_role="nlp-engineer",
        skills={**others, "machine-learning": 1},
    )
    assert offerings(started) == ["ml-competitions"]
    alone = path_for(catalog(competition), target_role="nlp-engineer", skills=others)
    assert offerings(alone) == ["ml-competitions"]


def test_a_step_covers_a_beginner_level_skill_whose_prerequisites_apply_only_later():
    """A prompting course that also teaches what an LLM is closes the beginner need for it,
    though the path has no deep learning in it."""
    prompting = item("prompting", {"python": 2, "llms": 1})
    model = llm_catalog(prompting, needed_level=1)
    path = build_path(model, Learner(target_role="ai-engineer"))
    assert [(s.offering, s.also_covers) for s in path.steps] == [("prompting", ["llms"])]


def test_prerequisites_the_learner_lacks_join_the_gap_with_their_dependents_weight():
    model = CatalogModel(nlp_catalog())
    learner = Learner(target_role="nlp-engineer")
    gap = skill_gap(model, learner, known_skills(model, learner))
    assert gap["statistics"] == (1, 5)  # as heavy as nlp (5), which builds on it


def test_finished_offerings_count_as_known_skills():
    path = path_for(nlp_catalog(), target_role="nlp-engineer", done=frozenset({"python-basics"}))
    assert "python" not in [step.skill for step in path.steps]
    assert "python-basics" not in offerings(path)


def test_a_learner_who_has_everything_gets_an_empty_path():
    path = path_for(
        nlp_catalog(),
        target_role="nlp-engineer",
        skills={"python": 3, "machine-learning": 3, "deep-learning": 3, "nlp": 3},
    )
    assert path.steps == [] and path.unmet == [] and path.total_weeks == 0


# Order


def test_every_skill_comes_after_the_skills_it_needs():
    path = path_for(nlp_catalog(), target_role="nlp-engineer")
    order = [step.skill for step in path.steps]
    assert order.index("machine-learning") > order.index("python")
    assert order.index("machine-learning") > order.index("statistics")
    assert order.index("deep-learning") > order.index("machine-learning")
    assert order.index("nlp") > order.index("deep-learning")
    assert [step.order for step in path.steps] == list(range(1, len(order) + 1))


def test_ties_in_order_go_to_the_heavier_role_weight():
    gap = {"docker": (2, 5), "python": (1, 3), "statistics": (1, 5)}
    assert prerequisite_order(PREREQUISITES, gap) == ["docker", "statistics", "python"]


def test_a_prerequisite_cycle_is_rejected():
    cyclic = {**PREREQUISITES, "python": frozenset({"nlp"})}
    gap = {skill: (1, 1) for skill in ("python", "machine-learning", "deep-learning", "nlp")}
    with pytest.raises(PrerequisiteCycleError, match="Prerequisite cycle"):
        prerequisite_order(cyclic, gap)


def test_an_offering_is_never_chosen_before_its_own_prerequisites():
    # The best-matching NLP course assumes docker, which comes later in skill order.
    cat = nlp_catalog(
        item("nlp-on-docker", {"nlp": 3, "docker": 1}, prerequisites=("docker", "deep-learning"))
    )
    path = path_for(cat, target_role="nlp-engineer")
    assert "nlp-on-docker" not in offerings(path)


# Constraints


def test_free_only_learner_gets_only_free_steps_and_is_told_what_is_missing():
    path = path_for(nlp_catalog(), target_role="mlops-engineer", budget_pkr=0)
    assert all(step.cost_pkr == 0 for step in path.steps)
    assert [(u.skill, u.reason) for u in path.unmet] == [
        ("kubernetes", "No free offering teaches Kubernetes.")
    ]


def test_a_budget_admits_offerings_up_to_it_and_flags_unknown_costs():
    cat = nlp_catalog(item("k8s-unknown", {"kubernetes": 1}, cost_pkr=None))
    within = path_for(cat, target_role="mlops-engineer", budget_pkr=30000)
    assert "k8s-paid" in offerings(within)
    tight = path_for(cat, target_role="mlops-engineer", budget_pkr=10000)
    step = next(s for s in tight.steps if s.skill == "kubernetes")
    assert step.offering == "k8s-unknown"
    assert "Cost not published, so it may not fit your budget: check before you enrol." in (
        step.reasons
    )


def test_online_learner_never_gets_in_person_steps():
    cat = nlp_catalog(item("lahore-python", {"python": 3}, delivery="in_person", city="lahore"))
    path = path_for(cat, target_role="nlp-engineer", delivery="online", city="lahore")
    assert "lahore-python" not in offerings(path)
    assert "lahore-meetup" not in path.communities


def test_in_person_offerings_only_in_the_learners_city():
    cat = nlp_catalog(
        item("karachi-python", {"python": 3}, delivery="in_person", city="karachi"),
        item("other-python", {"python": 3}, delivery="in_person", city="other"),
    )
    lahore = path_for(cat, target_role="nlp-engineer", city="lahore", delivery="in_person")
    assert not {"karachi-python", "other-python"} & set(offerings(lahore))
    karachi = path_for(cat, target_role="nlp-engineer", city="karachi", delivery="in_person")
    assert "karachi-python" in offerings(karachi)
    # "other" means somewhere we do not know, not the same place as another "other".
    elsewhere = path_for(cat, target_role="nlp-engineer", city="other", delivery="any")
    assert "other-python" not in offerings(elsewhere)


def test_dismissed_offering_is_replaced_by_the_next_best():
    cat = nlp_catalog(item("second-nlp", {"nlp": 2}, prerequisites=("deep-learning",)))
    before = path_for(cat, target_role="nlp-engineer")
    first = next(s.offering for s in before.steps if s.skill == "nlp")
    after = path_for(cat, target_role="nlp-engineer", dismissed=frozenset({first}))
    replacement = next(s.offering for s in after.steps if s.skill == "nlp")
    assert replacement != first
    assert replacement in {"nlp-course", "second-nlp"}


def test_when_every_offering_for_a_skill_is_dismissed_the_path_says_so():
    path = path_for(
        nlp_catalog(), target_role="mlops-engineer", dismissed=frozenset({"docker-guide"})
    )
    reasons = {u.skill: u.reason for u in path.unmet}
    assert reasons["docker"] == "You set aside every offering that fits you and teaches Docker."
    # Kubernetes builds on Docker: still planned, with the missing foundation named.
    step = next(s for s in path.steps if s.skill == "kubernetes")
    assert "kubernetes" not in reasons
    assert (
        "Kubernetes builds on Docker, which this path could not cover: learn it alongside."
        in step.reasons
    )


# Diversity


def test_mmr_keeps_one_provider_from_filling_the_path():
    same = {"provider": "big-platform", "provider_name": "Big Platform"}
    cat = catalog(
        item("big-python", {"python": 2}, **same),
        item("big-stats", {"statistics": 2}, **same),
        item("big-ml", {"machine-learning": 2}, prerequisites=("python",), **same),
        item("small-ml", {"machine-learning": 2}, prerequisites=("python",)),
        item("big-dl", {"deep-learning": 2}, **same),
        item("small-dl", {"deep-learning": 2}),
        item("big-nlp", {"nlp": 2}, **same),
        item("small-nlp", {"nlp": 2}),
    )
    path = path_for(cat, target_role="nlp-engineer")
    providers = [step.provider for step in path.steps]
    assert providers.count("Big Platform") < len(providers)
    assert {"small-ml", "small-dl", "small-nlp"} & set(offerings(path))


def test_one_offering_can_close_several_skills_in_order():
    cat = nlp_catalog(
        item("dl-and-nlp", {"deep-learning": 3, "nlp": 3}, prerequisites=("python",))
    )
    path = path_for(cat, target_role="nlp-engineer", skills={"python": 2, "statistics": 2})
    step = next(s for s in path.steps if s.offering == "dl-and-nlp")
    assert step.also_covers == ["nlp"]
    assert "Also covers Natural language processing." in step.reasons
    assert "nlp" not in [s.skill for s in path.steps]


# Explanations


def test_a_skill_an_earlier_step_also_covers_has_its_reason_as_words_and_as_a_code():
    cat = catalog(item("nlp-and-some-ml", {"nlp": 2, "machine-learning": 1}))
    path = path_for(
        cat,
        target_role="nlp-engineer",
        skills={"python": 2, "statistics": 2, "deep-learning": 2},
    )
    [step] = path.steps
    assert step.also_covers == ["machine-learning"]
    assert len(step.reasons) == len(step.reason_codes)
    where = step.reasons.index("Also covers Machine learning, to beginner level.")
    assert step.reason_codes[where] == {
        "code": "also_covers_to",
        "skill": "machine-learning",
        "level": 1,
    }


def test_every_step_says_which_gap_it_closes_and_why_this_offering():
    cat = nlp_catalog(
        item("health-nlp", {"nlp": 2}, prerequisites=("deep-learning",), sectors=("healthcare",))
    )
    path = path_for(
        cat,
        target_role="nlp-engineer",
        skills={"python": 2, "statistics": 2, "machine-learning": 2, "deep-learning": 2},
        sectors=("healthcare",),
    )
    [step] = path.steps
    assert step.offering == "health-nlp"
    assert step.reasons[0] == (
        "Closes your gap in Natural language processing: the NLP ENGINEER role needs it "
        "at working level (weight 5 of 5)."
    )
    assert "Free." in step.reasons
    assert "Online, so you can take it from anywhere." in step.reasons
    assert "Touches a sector you chose: Healthcare." in step.reasons
    assert "Assumes you know Deep learning." in step.reasons
    assert any("match to your goal and profile" in reason for reason in step.reasons)


def test_a_prerequisite_step_says_what_builds_on_it():
    path = path_for(nlp_catalog(), target_role="nlp-engineer", skills={"python": 2})
    step = next(s for s in path.steps if s.skill == "statistics")
    assert step.reasons[0] == (
        "Statistics comes first: Machine learning, Deep learning and Natural language "
        "processing build on it."
    )


def test_partial_level_is_explained():
    cat = catalog(item("intro-docker", {"docker": 1}), item("k8s", {"kubernetes": 2}))
    path = path_for(cat, target_role="mlops-engineer", skills={"python": 1})
    step = next(s for s in path.steps if s.skill == "docker")
    assert "Takes you to beginner level; plan practice to reach working." in step.reasons
    # It works on the gap; it does not close it, so its first reason does not say it does.
    assert step.reason_codes[0]["code"] == "narrows_gap"
    assert step.reasons[0].startswith("Works towards your gap in Docker: the MLOPS ENGINEER")
    k8s = next(s for s in path.steps if s.skill == "kubernetes")
    assert k8s.reason_codes[0]["code"] == "closes_gap"


def test_nothing_teaching_a_skill_is_reported():
    cat = catalog(item("docker-guide", {"docker": 2}))
    path = path_for(cat, target_role="mlops-engineer", skills={"python": 1})
    assert [(u.skill, u.reason) for u in path.unmet] == [
        ("kubernetes", "No course or program in the catalog teaches Kubernetes yet.")
    ]


# Communities, weeks, alternatives


def test_communities_fit_the_learners_city():
    path = path_for(nlp_catalog(), target_role="nlp-engineer", city="lahore", budget_pkr=0)
    assert "lahore-meetup" in path.communities
    assert "karachi-meetup" not in path.communities
    # An unknown-cost community still shows for a free-only learner.
    assert "online-community" in path.communities


def test_communities_keep_the_learners_province_and_the_kinds_they_left_out():
    cat = nlp_catalog(
        item("quetta-hackers", {}, kind="meetup", delivery="online", province="balochistan"),
        item("open-meetup", {}, kind="meetup", delivery="online"),
    )
    in_lahore = path_for(cat, target_role="nlp-engineer", city="lahore")
    in_quetta = path_for(cat, target_role="nlp-engineer", city="quetta")
    no_meetups = path_for(cat, target_role="nlp-engineer", city="quetta", exclude_kinds={"meetup"})
    assert "open-meetup" in in_lahore.communities
    assert "quetta-hackers" not in in_lahore.communities
    assert "quetta-hackers" in in_quetta.communities
    assert not {"quetta-hackers", "open-meetup"} & set(no_meetups.communities)


def test_weeks_follow_the_learners_hours():
    course = item("c", {"python": 1}, duration_weeks=4, hours_per_week=5)
    assert weeks_at_pace(course, 10) == 2
    assert weeks_at_pace(course, 2) == 10
    assert weeks_at_pace(item("b", {}, kind="bootcamp", duration_weeks=6), 2) == 6
    assert weeks_at_pace(item("u", {}, duration_weeks=None), 5) is None
    path = path_for(nlp_catalog(), target_role="nlp-engineer", hours_per_week=10)
    assert path.total_weeks == sum(step.weeks for step in path.steps)
    assert all(step.weeks == 2 for step in path.steps)


def test_alternatives_list_the_next_best_for_a_skill_with_reasons():
    cat = nlp_catalog(
        item("second-nlp", {"nlp": 2}, prerequisites=("deep-learning",)),
        item("third-nlp", {"nlp": 1}),
    )
    model = CatalogModel(cat)
    learner = Learner(target_role="nlp-engineer")
    chosen = next(s.offering for s in build_path(model, learner).steps if s.skill == "nlp")
    others = alternatives(model, learner, "nlp")
    assert chosen not in [s.offering for s in others]
    assert {s.offering for s in others} <= {"nlp-course", "second-nlp", "third-nlp"}
    assert len(others) == 2
    assert all(s.reasons for s in others)
    assert alternatives(model, learner, "kubernetes") == []


# Marks and filters from the path page


def test_a_pinned_offering_stays_the_step_for_the_skill_it_was_chosen_for():
    cat = nlp_catalog(item("second-nlp", {"nlp": 1}, prerequisites=("deep-learning",)))
    model = CatalogModel(cat)
    plain = build_path(model, Learner(target_role="nlp-engineer"))
    assert next(s.offering for s in plain.steps if s.skill == "nlp") == "nlp-course"
    pinned = build_path(model, Learner(target_role="nlp-engineer", pinned={"second-nlp": "nlp"}))
    assert next(s.offering for s in pinned.steps if s.skill == "nlp") == "second-nlp"
    assert [s.skill for s in pinned.steps] == [s.skill for s in plain.steps]


def test_willing_to_relocate_opens_in_person_offerings_elsewhere():
    cat = nlp_catalog(item("karachi-python", {"python": 3}, delivery="in_person", city="karachi"))
    stay = path_for(cat, target_role="nlp-engineer", city="lahore", delivery="in_person")
    move = path_for(
        cat,
        target_role="nlp-engineer",
        city="lahore",
        delivery="in_person",
        willing_to_relocate=True,
    )
    assert "karachi-python" not in offerings(stay)
    assert "karachi-python" in offerings(move)


def test_kinds_can_be_left_out():
    cat = nlp_catalog(item("python-degree", {"python": 3}, kind="degree"))
    path = path_for(cat, target_role="nlp-engineer", exclude_kinds=frozenset({"online_course"}))
    assert all(step.kind != "online_course" for step in path.steps)


def test_in_my_city_keeps_only_offerings_held_there():
    cat = nlp_catalog(item("lahore-python", {"python": 3}, delivery="hybrid", city="lahore"))
    path = path_for(cat, target_role="nlp-engineer", city="lahore", in_city_only=True)
    assert offerings(path) == ["lahore-python"]
    assert {u.skill for u in path.unmet} >= {"machine-learning", "nlp"}


def test_alternatives_never_offer_what_only_a_later_step_makes_ready():
    # "dl-shortcut" teaches machine learning but assumes deep learning, which comes later.
    cat = nlp_catalog(
        item("dl-shortcut", {"machine-learning": 2}, prerequisites=("deep-learning",)),
        item("ml-other", {"machine-learning": 2}, prerequisites=("python",)),
    )
    model = CatalogModel(cat)
    others = alternatives(model, Learner(target_role="nlp-engineer"), "machine-learning")
    assert "dl-shortcut" not in [s.offering for s in others]
    assert "ml-other" in [s.offering for s in others] or "ml-course" in [
        s.offering for s in others
    ]


def test_alternatives_respect_the_kinds_left_out():
    cat = nlp_catalog(item("nlp-degree", {"nlp": 3}, kind="degree"))
    model = CatalogModel(cat)
    learner = Learner(target_role="nlp-engineer", exclude_kinds=frozenset({"degree"}))
    assert "nlp-degree" not in [s.offering for s in alternatives(model, learner, "nlp")]


def test_the_unmet_reason_names_the_kinds_left_out():
    cat = nlp_catalog(item("k8s-degree", {"kubernetes": 2}, kind="degree"))
    path = path_for(
        cat, target_role="mlops-engineer", budget_pkr=0, exclude_kinds=frozenset({"degree"})
    )
    reason = next(u.reason for u in path.unmet if u.skill == "kubernetes")
    assert reason == "Every free offering that teaches Kubernetes is of a kind you left out."


# Honest money, eligibility and events


def test_a_monthly_budget_is_compared_with_what_an_offering_costs_a_month():
    cat = nlp_catalog(
        item("k8s-12-weeks", {"kubernetes": 2}, cost_pkr=9000, duration_weeks=13),
        item("k8s-degree-fee", {"kubernetes": 3}, kind="degree", cost_pkr=60000,
             cost_period="per_semester", duration_weeks=None),
    )  # fmt: skip
    path = path_for(cat, target_role="mlops-engineer", budget_pkr=3000)
    assert "k8s-12-weeks" in offerings(path)  # 9,000 over three months
    assert "k8s-degree-fee" not in offerings(path)  # 10,000 a month
    assert "k8s-paid" not in offerings(path)  # 30,000 over a month


def test_an_unknown_cost_ranks_below_a_known_affordable_one_and_says_so():
    cat = nlp_catalog(
        item("docker-unknown", {"docker": 2}, cost_pkr=None),
        item("docker-cheap", {"docker": 2}, cost_pkr=1000, duration_weeks=4),
    )
    model = CatalogModel(cat)
    learner = Learner(
        target_role="mlops-engineer", budget_pkr=2000, dismissed=frozenset({"docker-guide"})
    )
    path = build_path(model, learner)
    assert next(s.offering for s in path.steps if s.skill == "docker") == "docker-cheap"
    unknown = next(
        s for s in alternatives(model, learner, "docker") if s.offering == "docker-unknown"
    )
    assert "Cost not published, so it may not fit your budget" in " ".join(unknown.reasons)


def test_offerings_that_ask_for_more_education_are_left_out():
    cat = catalog(
        item("python-basics", {"python": 2}),
        item("ms-docker", {"docker": 3}, entry_education="bachelors", kind="degree"),
        item("k8s-free", {"kubernetes": 2}),
    )
    ms_only = {}
    student = path_for(cat, target_role="mlops-engineer", education="intermediate", **ms_only)
    graduate = path_for(cat, target_role="mlops-engineer", education="bachelors", **ms_only)
    unknown = path_for(cat, target_role="mlops-engineer", **ms_only)
    assert "ms-docker" not in offerings(student)
    assert "asks for more education" in next(
        u.reason for u in student.unmet if u.skill == "docker"
    )
    assert "ms-docker" in offerings(graduate)
    assert "ms-docker" in offerings(unknown)


def test_a_program_for_one_provinces_people_is_offered_only_to_them():
    cat = catalog(
        item("python-basics", {"python": 2}),
        item("balochistan-docker", {"docker": 2}, province="balochistan"),
        item("k8s-free", {"kubernetes": 2}),
    )
    mlops = {"target_role": "mlops-engineer"}
    in_lahore = path_for(cat, city="lahore", **mlops)
    in_quetta = path_for(cat, city="quetta", **mlops)
    from_quetta_in_lahore = path_for(cat, city="lahore", province="balochistan", **mlops)
    from_punjab_in_quetta = path_for(cat, city="quetta", province="punjab", **mlops)
    nowhere_known = path_for(cat, city="other", **mlops)
    assert "balochistan-docker" in offerings(in_quetta)
    assert "balochistan-docker" in offerings(from_quetta_in_lahore)
    for path in (in_lahore, from_punjab_in_quetta, nowhere_known):
        assert "balochistan-docker" not in offerings(path)
        [docker] = [u for u in path.unmet if u.skill == "docker"]
        assert docker.code == "not_from_province"
        assert "admits only people from one province" in docker.reason
    step = next(s for s in in_quetta.steps if s.offering == "balochistan-docker")
    assert {"code": "open_to_province", "province": "balochistan"} in step.reason_codes


def test_a_skill_waits_for_the_path_to_teach_what_its_best_offering_assumes():
    """A year-long program that assumes nothing is no way to learn Docker when a short
    course needs only Python, which the path teaches anyway: Python comes first."""
    cat = catalog(
        item("python-basics", {"python": 2}),
        item("year-long-docker", {"docker": 2}, kind="bootcamp", duration_weeks=52),
        item("docker-course", {"docker": 2}, prerequisites=("python",), duration_weeks=3),
        item("k8s-free", {"kubernetes": 2}, prerequisites=("docker",)),
    )
    roles = {"mlops-engineer": {"docker": (2, 5), "kubernetes": (2, 5), "python": (1, 5)}}
    path = build_path(
        CatalogModel(catalog(*cat.items, roles=roles)), Learner(target_role="mlops-engineer")
    )
    assert offerings(path)[:2] == ["python-basics", "docker-course"]
    assert "year-long-docker" not in offerings(path)


def test_a_skill_that_waited_for_a_step_comes_right_after_it_not_after_lighter_skills():
    """Docker weighs most for this role, and its good course assumes Python: once Python
    is a step, Docker follows it, ahead of the lighter statistics."""
    cat = catalog(
        item("python-basics", {"python": 2}),
        item("stats-course", {"statistics": 1}),
        item("year-long-docker", {"docker": 2}, kind="bootcamp", duration_weeks=52),
        item("docker-course", {"docker": 2}, prerequisites=("python",), duration_weeks=3),
    )
    roles = {"mlops-engineer": {"docker": (2, 5), "python": (1, 4), "statistics": (1, 2)}}
    path = build_path(
        CatalogModel(catalog(*cat.items, roles=roles)), Learner(target_role="mlops-engineer")
    )
    assert offerings(path) == ["python-basics", "docker-course", "stats-course"]


def test_a_skill_whose_better_offering_needs_what_no_offering_teaches_takes_the_one_it_can():
    cat = catalog(
        item("year-long-docker", {"docker": 2}, kind="bootcamp", duration_weeks=52),
        item("docker-course", {"docker": 2}, prerequisites=("statistics",), duration_weeks=3),
        item("k8s-free", {"kubernetes": 2}),
    )
    roles = {"mlops-engineer": {"docker": (2, 5), "kubernetes": (2, 5)}}
    path = build_path(
        CatalogModel(catalog(*cat.items, roles=roles)), Learner(target_role="mlops-engineer")
    )
    assert "year-long-docker" in offerings(path)
    assert not path.unmet


def test_conferences_are_for_learners_already_working_in_machine_learning():
    cat = nlp_catalog(
        item("neurips", {}, kind="conference", cost_pkr=None, delivery="in_person", city="other"),
        item("online-conf", {}, kind="conference", cost_pkr=0),
    )
    beginner = path_for(cat, target_role="nlp-engineer", budget_pkr=None)
    working = path_for(cat, target_role="nlp-engineer", skills={"machine-learning": 2})
    free_only = path_for(
        cat, target_role="nlp-engineer", skills={"machine-learning": 2}, budget_pkr=0
    )
    assert not {"neurips", "online-conf"} & set(beginner.communities)
    assert "online-conf" in working.communities
    assert "neurips" not in free_only.communities  # an unknown fee is not free
    assert "online-community" in free_only.communities  # communities rarely charge


def test_no_degree_or_months_long_certificate_closes_a_lightly_weighted_skill():
    roles = {"mlops-engineer": {"python": (1, 2), "docker": (2, 5)}}
    cat = catalog(
        item("python-degree", {"python": 3}, kind="degree", duration_weeks=None),
        item("python-cert", {"python": 2}, kind="certificate", duration_weeks=26),
        item("docker-guide", {"docker": 2}),
        roles=roles,
    )
    path = path_for(cat, target_role="mlops-engineer")
    assert "python" not in [s.skill for s in path.steps]
    reason = next(u for u in path.unmet if u.skill == "python")
    assert reason.code == "too_big"
    heavy = {"mlops-engineer": {"python": (1, 4), "docker": (2, 5)}}
    assert "python" in [
        s.skill
        for s in path_for(catalog(*cat.items, roles=heavy), target_role="mlops-engineer").steps
    ]


def test_advanced_practice_is_a_step_only_for_learners_already_working_in_ml():
    cat = nlp_catalog(
        item("reproduce-papers", {"nlp": 3}, kind="practice", level="advanced",
             prerequisites=("deep-learning",)),
    )  # fmt: skip
    model = CatalogModel(cat)
    beginner = Learner(target_role="nlp-engineer", dismissed=frozenset({"nlp-course"}))
    assert "reproduce-papers" not in offerings(build_path(model, beginner))
    working = Learner(
        target_role="nlp-engineer", skills={"machine-learning": 2, "python": 2},
        dismissed=frozenset({"nlp-course"}),
    )  # fmt: skip
    assert "reproduce-papers" in offerings(build_path(model, working))


def test_the_builder_the_options_and_the_evaluation_share_one_set_of_constraints():
    from careers.recommender.constraints import allowed_mask
    from careers.recommender.evaluation import constraint_violations
    from careers.recommender.synthetic import synthetic_catalog

    model = CatalogModel(synthetic_catalog(300, seed=5))
    learners = [
        Learner(target_role=role, budget_pkr=budget, delivery=delivery, city="lahore",
                education=education, exclude_kinds=frozenset(kinds))
        for role in model.catalog.roles
        for budget, delivery, education, kinds in [
            (0, "online", "", ()), (5000, "any", "intermediate", ("degree",)),
            (None, "in_person", "bachelors", ("bootcamp",)),
        ]
    ]  # fmt: skip
    for learner in learners:
        allowed = allowed_mask(model, learner)
        path = build_path(model, learner)
        assert all(allowed[model.index[s.offering]] for s in path.steps)
        assert constraint_violations(model, learner, path) == 0
        for skill in path.gap[:2]:
            for option in alternatives(model, learner, skill):
                assert allowed[model.index[option.offering]]


def test_an_undergraduate_degree_is_no_step_for_a_graduate():
    cat = nlp_catalog(
        item("bs-python", {"python": 3}, kind="degree", entry_education="intermediate",
             delivery="in_person", city="lahore"),
        item("ms-python", {"python": 3}, kind="degree", entry_education="bachelors",
             delivery="in_person", city="lahore"),
    )  # fmt: skip
    only_degrees = frozenset({"python-basics"})
    fsc = path_for(cat, target_role="nlp-engineer", education="intermediate", city="lahore",
                   dismissed=only_degrees | {"ms-python"})  # fmt: skip
    graduate = path_for(cat, target_role="nlp-engineer", education="bachelors", city="lahore",
                        dismissed=only_degrees)  # fmt: skip
    assert "bs-python" in offerings(fsc)
    assert "bs-python" not in offerings(graduate)


def test_an_event_that_has_passed_is_no_step():
    cat = nlp_catalog(
        item("old-hackathon", {"docker": 2}, kind="practice", schedule="event",
             round_ahead=False),
        item("next-hackathon", {"docker": 2}, kind="practice", schedule="event"),
    )  # fmt: skip
    path = path_for(cat, target_role="mlops-engineer", dismissed=frozenset({"docker-guide"}))
    assert "old-hackathon" not in offerings(path)
    assert "next-hackathon" in offerings(path)


def test_fixed_schedule_steps_say_so_and_keep_their_weeks():
    cat = nlp_catalog(
        item("docker-cohort", {"docker": 2}, kind="bootcamp", schedule="cohort",
             duration_weeks=6, hours_per_week=20),
    )  # fmt: skip
    path = path_for(cat, target_role="mlops-engineer", hours_per_week=5,
                    dismissed=frozenset({"docker-guide"}))  # fmt: skip
    step = next(s for s in path.steps if s.offering == "docker-cohort")
    assert step.weeks == 6
    assert "Runs on fixed dates: 6 weeks whatever your hours." in step.reasons
    assert {"code": "fixed_schedule", "weeks": 6} in step.reason_codes


def test_a_paths_total_counts_a_fee_over_its_months_semesters_or_years():
    cat = nlp_catalog(
        item("k8s-subscription", {"kubernetes": 2}, cost_pkr=2000, cost_period="per_month",
             duration_weeks=13),
        item("docker-degree-fee", {"docker": 3}, kind="degree", cost_pkr=50000,
             cost_period="per_semester", duration_weeks=104),
    )  # fmt: skip
    path = path_for(
        cat,
        target_role="mlops-engineer",
        dismissed=frozenset({"docker-guide", "k8s-paid"}),
        skills={"python": 1},
    )
    by_offering = {step.offering: step for step in path.steps}
    assert by_offering["k8s-subscription"].total_cost_pkr == 6000  # three months
    assert by_offering["docker-degree-fee"].total_cost_pkr == 200_000  # four semesters
    assert path.total_cost_pkr == 206_000 and path.unknown_costs == 0


def test_a_periodic_fee_whose_length_is_not_published_is_not_totalled():
    cat = nlp_catalog(
        item("k8s-subscription", {"kubernetes": 2}, cost_pkr=2000, cost_period="per_month",
             duration_weeks=None),
    )  # fmt: skip
    path = path_for(cat, target_role="mlops-engineer", dismissed=frozenset({"k8s-paid"}))
    step = next(s for s in path.steps if s.offering == "k8s-subscription")
    assert step.cost_pkr == 2000 and step.total_cost_pkr is None
    assert path.unknown_costs == 1


def test_the_best_few_are_the_first_of_equal_scores_whichever_part_is_searched():
    from careers.recommender.path import _best

    score = np.array([0.5, 0.9, 0.7, 0.7, 0.1, 0.7, 0.9])
    assert _best(score, 3).tolist() == [1, 2, 6]  # of the three at 0.7, the first
    assert _best(score, 10).tolist() == list(range(7))
    part = np.array([1, 2, 3, 5, 6])  # a part of the offerings holding the best three
    assert part[_best(score[part], 3)].tolist() == [1, 2, 6]


def test_a_large_catalog_is_searched_among_the_best_scored_first_with_the_same_paths(
    monkeypatch,
):
    from careers.recommender import path as path_module
    from careers.recommender.ranker import FEATURES, Ranker
    from careers.recommender.synthetic import synthetic_catalog, synthetic_learners

    catalog = synthetic_catalog(6000, seed=3)
    model = CatalogModel(catalog)
    # Weights an adviser might hold: closer to the level, shorter, cheaper, more alike.
    model.ranker = Ranker(
        weights=np.array([1.5, -0.4, -0.8, -0.5, -0.6, 0.3, 1.0, 0.4, 0.2, 0.5, -0.2, 0.1,
                          0.0, 0.0, 0.1, -0.3, -0.2, -0.1, -0.3, -0.2], dtype=np.float32),
        mean=np.zeros(len(FEATURES)), scale=np.ones(len(FEATURES)),
        used=np.ones(len(FEATURES), dtype=bool),
    )  # fmt: skip
    learners = synthetic_learners(catalog, 40, seed=5)
    learners += [replace(learner, skills={}) for learner in learners[:10]]  # practice rule
    searched = []
    among_top = path_module._PathBuilder.shortlist_among_top

    def counted(builder, skill):
        found = among_top(builder, skill)
        searched.append(found is not None)
        return found

    def paths():
        return [
            [(s.offering, s.skill, s.reason_codes) for s in p.steps] + [p.unmet]
            for p in (build_path(model, learner) for learner in learners)
        ]

    monkeypatch.setattr(path_module, "TOP_FROM", len(model.items) + 1)
    whole = paths()
    monkeypatch.setattr(path_module, "TOP_FROM", len(model.items))
    monkeypatch.setattr(path_module, "TOP_SHARE", 0.5)  # a small catalog: a larger top
    monkeypatch.setattr(path_module._PathBuilder, "shortlist_among_top", counted)
    assert paths() == whole
    # Some skills' shortlists were found among the best scored, others needed the whole.
    assert True in searched and False in searched
    # Skill by skill, the shortlist found among the best scored is the whole search's.
    compared = 0
    for learner in learners:
        builder = path_module._PathBuilder(model, learner)
        for skill in builder.order:
            found = builder.shortlist_among_top(skill)
            if found is not None:
                among_top_best = builder.best_any
                whole = builder.shortlist_by_score(skill, *builder.candidates(skill))
                assert [a.tolist() for a in found] == [a.tolist() for a in whole]
                assert among_top_best == builder.best_any
                compared += 1
    assert compared


def test_a_part_of_the_catalog_does_not_decide_what_only_the_whole_can():
    """Searched among some offerings only, a skill's candidates and shortlist are given up
    (None) when the rest of the catalog could change them: practice is no way into a skill
    while a ready course teaches it, but the part holds none ready; or none of the part's
    best is ready, and a ready one may be among the rest."""
    from careers.recommender.path import _PathBuilder
    from careers.recommender.ranker import FEATURES, Ranker

    model = CatalogModel(
        nlp_catalog(
            item("docker-contest", {"docker": 2}, kind="practice"),
            item("docker-on-k8s", {"docker": 2}, prerequisites=("kubernetes",)),
        )
    )
    model.ranker = Ranker(
        weights=np.ones(len(FEATURES)), mean=np.zeros(len(FEATURES)),
        scale=np.ones(len(FEATURES)), used=np.ones(len(FEATURES), dtype=bool),
    )  # fmt: skip
    builder = _PathBuilder(model, Learner(target_role="mlops-engineer"))

    def part(*slugs):
        among = np.zeros(len(model.items), dtype=bool)
        among[[model.index[s] for s in slugs]] = True
        return among

    def slugs(found):
        return sorted(model.items[r].slug for r in found[0])

    # The guide is ready, so the contest is no way in; a part without the guide cannot tell.
    assert slugs(builder.candidates("docker")) == ["docker-guide", "docker-on-k8s"]
    assert builder.candidates("docker", among=part("docker-contest", "docker-on-k8s")) is None
    assert slugs(builder.candidates("docker", among=part("docker-contest", "docker-guide"))) == [
        "docker-guide"
    ]
    # Nothing the part holds is ready: below the floor, something may be.
    rows = np.array([model.index["docker-on-k8s"]])
    levels = np.array([2], dtype=np.int8)
    assert builder.shortlist_by_score("docker", rows, levels, floor=np.float32(-1e9)) is None
    assert len(builder.shortlist_by_score("docker", rows, levels)[0]) == 0


def test_a_step_that_comes_first_for_skills_left_uncovered_says_so():
    """Statistics comes first for machine learning; when nothing the learner can reach
    teaches machine learning, the step does not claim a later step builds on it: it says
    it prepares for a skill no offering that fits teaches yet."""
    cat = catalog(
        item("python-basics", {"python": 2}),
        item("stats-course", {"statistics": 2}),
        item("ml-in-karachi", {"machine-learning": 2}, delivery="in_person", city="karachi"),
    )
    path = path_for(cat, target_role="nlp-engineer", city="lahore", delivery="online")
    assert "machine-learning" in {u.skill for u in path.unmet}
    stats = next(s for s in path.steps if s.skill == "statistics")
    later = ["machine-learning", "deep-learning", "nlp"]
    assert stats.reason_codes[0] == {"code": "comes_first", "skill": "statistics", "later": later}
    assert stats.reason_codes[1] == {"code": "prepares_uncovered", "skills": later}
    assert stats.reasons[1] == (
        "It prepares you for Machine learning, Deep learning and Natural language processing, "
        "which no offering that fits your settings teaches yet."
    )
