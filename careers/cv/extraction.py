"""Skills read from a CV's text: which skills, at what level, and the words that show it.

Plain Python over scikit-learn. Skills are found by their names and aliases from the
catalog, and by a TF-IDF model fitted on the catalog's own text (each skill's description
and the offerings that teach it) for lines that name no skill outright. The level comes
from what the line says: years, leading or teaching, a thesis or a job, or only a course.
Nothing here touches the database: a selector hands in the skills as plain data.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

BEGINNER, WORKING, ADVANCED = 1, 2, 3

# Urdu (Extended Arabic-Indic) and Arabic-Indic digits read as the digits they are.
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

# Words after which a skill is wished for, not had ("want to learn deep learning").
WISH = re.compile(
    r"\b(want(?:s|ed)? to (?:learn|move|become|get|switch|work)|would like to|hope to|"
    r"hoping to|plan(?:ning)? to|aim(?:ing)? to|aspir\w*|interested in|interest in|"
    r"keen to|looking (?:to|for)|seeking|eager to|goals?|objective|next step|wish to)\b",
    re.IGNORECASE,
)
# Urdu puts the verb last ("deep learning seekhna chahti hoon"): the whole line is a wish.
WISH_LINE = re.compile(
    r"\b(seekhna|sikhna|sekhna|seekhne|chahta|chahti|chahtay|chahte)\b"
    r"|سیکھنا|سیکھنے|چاہتا|چاہتی|چاہتے|خواہش|ارادہ",
    re.IGNORECASE,
)
# Words after which a skill is denied ("no experience with Docker").
NEGATION = re.compile(
    r"\b(no|not|never|without|lack(?:ing)?|nahi|nahin)\b|نہیں|بغیر", re.IGNORECASE
)
# "3 years of Python", not "12 years of monthly price data".
YEARS = re.compile(
    r"(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?|سال|saal)(?!\s+of\s+(?:\w+\s+){0,2}data)",
    re.IGNORECASE,
)
ADVANCED_CUES = re.compile(
    r"\b(led|lead(?:ing|s)?|senior|principal|architect\w*|mentor\w*|taught|teach(?:ing|es)?|"
    r"lecturer|instructor|trainer|train(?:ed|ing) (?:staff|students|teams?|juniors|others)|"
    r"in production|production[- ](?:grade|systems?|pipelines?|models?)|published|"
    r"publications?|papers? (?:in|at)|expert|head of|own(?:s|ed)? the|complex)\b",
    re.IGNORECASE,
)
WORKING_CUES = re.compile(
    r"\b(thesis|dissertation|final[- ]year project|fyp|capstone|internship|intern|"
    r"built|build(?:ing)?|develop(?:ed|ing)|trained|implement(?:ed|ing)|design(?:ed|ing)|"
    r"worked|work(?:ing)? (?:on|with)|used|using|ran|run(?:ning)?|conduct\w*|perform\w*|"
    r"analy[sz](?:ed|ing)|created|automat\w*|"
    r"maintain\w*|deploy\w*|wrote|writing|project|projects|freelanc\w*|clients?|daily|"
    r"responsible|manag(?:ed|ing)|prepared|reports?|dashboards?|pipelines?)\b",
    re.IGNORECASE,
)
BEGINNER_CUES = re.compile(
    r"\b(course|courses|coursera|udemy|edx|certificate|certification|certified|mooc|"
    r"basics?|basic knowledge|familiar|familiarity|beginner|introduct\w*|intro|"
    r"learning|self[- ]taught|tutorials?|workshop|bootcamp|currently studying|"
    r"exposure|some knowledge|elementary)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?۔])\s+|\n+|\s*[•●▪·|;]\s*")
SHORT_ALIAS = 3  # "ML", "R", "SQL": matched with their exact capitals, never inside words
# Aliases that mean something else in a CV ("CV" is the CV itself, not computer vision).
NOT_IN_CVS = {"cv", "programming", "coding", "testing", "research", "apis"}


@dataclass(frozen=True)
class SkillText:
    """A skill as the extractor sees it: its names and what the catalog says about it."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    text: str  # the description and the offerings that teach it


@dataclass(frozen=True)
class ProposedSkill:
    skill: str
    level: int
    evidence: str


@dataclass(frozen=True)
class _Mention:
    skill: str
    start: int


def _pattern(term: str) -> re.Pattern[str]:
    escaped = re.escape(term.strip())
    flags = 0 if len(term.strip()) <= SHORT_ALIAS else re.IGNORECASE
    # (?<![\w+#.]) keeps "R" out of "R&D"-like words and "C" out of "C++"/"C#".
    return re.compile(rf"(?<![\w\-+#./]){escaped}(?![\w+#]|\.\w|&)", flags)


WRAPPED = re.compile(r"(?<=[\w,)])[ \t]*\n[ \t]*(?=[a-z(])")


def text_segments(text: str) -> list[str]:
    """A CV cut into lines and sentences, digits read as ASCII; a sentence wrapped onto
    the next line (which then starts in lower case) is joined again first."""
    text = text.translate(DIGITS).replace("\r\n", "\n").replace("\r", "\n")
    text = WRAPPED.sub(" ", text)
    return [part.strip() for part in SENTENCE_END.split(text) if part and part.strip()]


# Headings that say what the lines under them are.
WORK_HEADINGS = re.compile(
    r"^\W*(work |professional |research )?(experience|employment|projects?|internships?|"
    r"research|publications|work history|responsibilities)\W*$",
    re.IGNORECASE,
)
OTHER_HEADINGS = re.compile(
    r"^\W*(technical |key )?(skills|tools|courses|certifications?|training|education|"
    r"interests|languages|summary|about|profile|objective)\W*$",
    re.IGNORECASE,
)
ASSISTANT = re.compile(r"\bteaching assistant\b|\bTA\b", re.IGNORECASE)


def segment_level(segment: str, default: int = BEGINNER) -> int:
    """The level a line supports: leading, teaching or years of use make it advanced; a
    course or certificate alone, beginner; real work, working; otherwise the section's."""
    years = [float(match.group(1)) for match in YEARS.finditer(segment)]
    most_years = max(years, default=0.0)
    if ADVANCED_CUES.search(ASSISTANT.sub("", segment)) or most_years >= 3:
        return ADVANCED
    if most_years >= 1:
        return WORKING
    if BEGINNER_CUES.search(segment):
        return BEGINNER
    if WORKING_CUES.search(segment) or ASSISTANT.search(segment):
        return WORKING
    return default


class SkillExtractor:
    """Fitted once per catalog: alias patterns and a TF-IDF model of each skill's text."""

    def __init__(
        self,
        skills: Sequence[SkillText],
        *,
        use_aliases: bool = True,
        use_similarity: bool = True,
        use_levels: bool = True,
        similarity_threshold: float = 0.15,
    ):
        self.skills = list(skills)
        self.use_aliases = use_aliases
        self.use_similarity = use_similarity
        self.use_levels = use_levels
        self.similarity_threshold = similarity_threshold
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for skill in self.skills:
            terms = {skill.name, skill.slug.replace("-", " "), *skill.aliases}
            for term in terms:
                if term.strip() and term.strip().lower() not in NOT_IN_CVS:
                    self.patterns.append((skill.slug, _pattern(term)))
        # Longest terms first, so "A/B testing" claims its words before "testing" could.
        self.patterns.sort(key=lambda pair: len(pair[1].pattern), reverse=True)
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1
        )
        documents = [
            " ".join([skill.name, *(a for a in skill.aliases if a.lower() not in NOT_IN_CVS)])
            + " "
            + skill.text
            for skill in self.skills
        ]
        self.matrix = self.vectorizer.fit_transform(documents) if documents else None

    def mentions(self, segment: str) -> list[_Mention]:
        """Skills named in a line, leaving out those wished for or denied."""
        if WISH_LINE.search(segment):
            cut = 0
        else:
            wish = WISH.search(segment)
            cut = wish.start() if wish else len(segment)
        found: dict[str, int] = {}
        taken: list[tuple[int, int]] = []
        for slug, pattern in self.patterns:
            for match in pattern.finditer(segment):
                start, end = match.span()
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue  # inside a longer name already found
                taken.append((start, end))
                if start >= cut or _denied(segment, start, end):
                    continue
                found.setdefault(slug, start)
        return [_Mention(skill=slug, start=start) for slug, start in found.items()]

    def similar(self, segment: str) -> list[str]:
        """Skills whose catalog text is close to a line that names none of them."""
        if self.matrix is None or any(
            pattern.search(segment) for pattern in (WISH, WISH_LINE, NEGATION)
        ):
            return []
        vector = self.vectorizer.transform([segment])
        if not vector.nnz:
            return []
        scores = (self.matrix @ vector.T).toarray().ravel()
        best = int(np.argmax(scores))
        return [self.skills[best].slug] if scores[best] >= self.similarity_threshold else []

    def extract(self, text: str) -> list[ProposedSkill]:
        """Every skill the text supports, at the highest level any line shows."""
        best: dict[str, ProposedSkill] = {}
        section_level = BEGINNER
        for segment in text_segments(text):
            if WORK_HEADINGS.match(segment):
                section_level = WORKING
                continue
            if OTHER_HEADINGS.match(segment):
                section_level = BEGINNER
                continue
            slugs = [m.skill for m in self.mentions(segment)] if self.use_aliases else []
            if not slugs and self.use_similarity:
                slugs = self.similar(segment)
            if not slugs:
                continue
            level = segment_level(segment, section_level) if self.use_levels else WORKING
            for slug in slugs:
                current = best.get(slug)
                if current is None or level > current.level:
                    best[slug] = ProposedSkill(skill=slug, level=level, evidence=_clip(segment))
        order = {skill.slug: index for index, skill in enumerate(self.skills)}
        return sorted(best.values(), key=lambda p: (-p.level, order.get(p.skill, 0)))


DELEGATED = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:which|that)?\s*(?:is|are)?\s*"
    r"(?:managed|handled|run|owned|maintained) by (?:our|the|another|a separate)",
    re.IGNORECASE,
)


def _denied(segment: str, position: int, end: int | None = None) -> bool:
    """A negation within the five words before a mention denies it, and so does work that
    someone else does ("Kubernetes, which is managed by our DevOps team")."""
    before = segment[max(0, position - 50) : position]
    if NEGATION.search(" ".join(before.split()[-5:])):
        return True
    return end is not None and bool(DELEGATED.match(segment[end : end + 60]))


def _clip(segment: str, limit: int = 200) -> str:
    segment = " ".join(segment.split())
    return segment if len(segment) <= limit else segment[: limit - 1].rstrip() + "…"


def skill_texts(
    skills: Iterable[tuple[str, str, str, str]], teaching: dict[str, list[str]]
) -> list[SkillText]:
    """Plain skill data (slug, name, aliases, description) joined with what teaches it."""
    return [
        SkillText(
            slug=slug,
            name=name,
            aliases=tuple(a.strip() for a in aliases.split(",") if a.strip()),
            text=" ".join([description, *teaching.get(slug, [])]),
        )
        for slug, name, aliases, description in skills
    ]
