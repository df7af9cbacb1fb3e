"""The CV skill extractor on its own: names and aliases, wishes, denials, levels, evidence."""

import pytest

from careers.cv.extraction import SkillExtractor, SkillText, segment_level, text_segments

SKILLS = [
    SkillText("python", "Python", ("pandas",), "The programming language for data work."),
    SkillText("sql", "SQL", ("PostgreSQL", "MySQL"), "Querying relational databases."),
    SkillText(
        "machine-learning", "Machine learning", ("ML", "scikit-learn"), "Models that learn."
    ),
    SkillText("deep-learning", "Deep learning", ("DL", "ڈیپ لرننگ"), "Neural networks."),
    SkillText("computer-vision", "Computer vision", ("CV", "OpenCV"), "Images and video."),
    SkillText("docker", "Docker", ("containers",), "Packaging software in containers."),
    SkillText("software-engineering", "Software engineering", ("Java",), "Building software."),
    SkillText("experimentation", "Experimentation", ("A/B testing",), "Controlled tests."),
    SkillText("excel", "Spreadsheets (Excel)", ("Excel",), "Spreadsheet work."),
]


@pytest.fixture(scope="module")
def extractor():
    return SkillExtractor(SKILLS)


def found(extractor, text):
    return {p.skill: p.level for p in extractor.extract(text)}


def test_names_and_aliases_are_found_with_the_line_as_evidence(extractor):
    proposed = extractor.extract("Thesis: pandas and scikit-learn for crop yield data.")
    assert {p.skill for p in proposed} == {"python", "machine-learning"}
    assert all(
        p.evidence == "Thesis: pandas and scikit-learn for crop yield data." for p in proposed
    )


def test_a_tool_is_not_another_skill(extractor):
    assert found(extractor, "5 years of Java development at a software house.") == {
        "software-engineering": 3
    }


@pytest.mark.parametrize(
    "text",
    [
        "I want to learn deep learning and Docker next year.",
        "Interested in machine learning.",
        "میں ڈیپ لرننگ سیکھنا چاہتی ہوں",
        "Deep learning seekhna chahta hoon",
    ],
)
def test_skills_only_wished_for_are_not_proposed(extractor, text):
    assert found(extractor, text) == {}


def test_a_wish_after_a_real_skill_keeps_the_real_one(extractor):
    assert found(extractor, "Wrote SQL reports daily; want to learn Docker.") == {"sql": 2}


def test_denied_skills_are_not_proposed(extractor):
    assert found(extractor, "No experience with Docker.") == {}


def test_cv_means_the_cv_not_computer_vision(extractor):
    assert found(extractor, "CV of Ahmed Raza, Lahore") == {}
    assert found(extractor, "Built a face detector with OpenCV.") == {"computer-vision": 2}


def test_a_longer_name_claims_its_words(extractor):
    assert found(extractor, "Ran A/B testing for the checkout page.") == {"experimentation": 2}


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Completed a Coursera course on SQL basics.", 1),
        ("Final year project on SQL query tuning.", 2),
        ("2 years of SQL at a bank.", 2),
        ("۴ سال SQL کا تجربہ", 3),
        ("Led the analytics team's SQL warehouse.", 3),
        ("Taught SQL to 200 students as a lecturer.", 3),
    ],
)
def test_levels_follow_what_the_line_says(line, level):
    assert segment_level(text_segments(line)[0]) == level


def test_the_highest_level_any_line_shows_wins(extractor):
    text = "Skills: Python\nCompleted a Python course.\nBuilt an inventory tool in Python."
    proposed = {p.skill: p for p in extractor.extract(text)}
    assert proposed["python"].level == 2
    assert proposed["python"].evidence == "Built an inventory tool in Python."


def test_a_line_naming_no_skill_can_match_by_the_catalog_text():
    extractor = SkillExtractor(
        [
            SkillText("docker", "Docker", (), "packaging applications into portable images"),
            SkillText("sql", "SQL", (), "querying relational tables with joins"),
        ],
        similarity_threshold=0.2,
    )
    assert found(extractor, "Wrote queries joining relational tables for reports.") == {"sql": 2}
    without = SkillExtractor(extractor.skills, use_similarity=False)
    assert found(without, "Wrote queries joining relational tables for reports.") == {}


def test_a_sentence_wrapped_onto_the_next_line_is_one_line_of_evidence(extractor):
    text = "Data officer (2021-2024): cleaned patient\r\nrecords in Excel and wrote SQL daily."
    proposed = {p.skill: p.evidence for p in extractor.extract(text)}
    assert proposed["sql"] == (
        "Data officer (2021-2024): cleaned patient records in Excel and wrote SQL daily."
    )
