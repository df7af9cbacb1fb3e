"""Every page a learner sees reads in Urdu when Urdu is chosen.

Each page is rendered in Urdu and its text walked: English may appear only where it is the
catalog's own words (a course title, a provider's name), isolated with <bdi>, `dir` or
`lang` so the Urdu around it keeps its order. Any other Latin word is a template string that
was not translated (or not marked for translation), and fails the page.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from careers.models import Profile, StepStatus
from catalog.models import Offering, Provider, Role, Sector, Skill
from tests.factories import editor_create, learner_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_catalog")]

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.*+#/-]*[A-Za-z+#]|[A-Za-z]")
EMAIL = re.compile(r"\S+@\S+")
# Elements whose text is not prose a reader meets on the page.
SKIPPED = {"script", "style", "title", "template"}
# Text isolated as embedded English (or as code, or a learner's own words).
ISOLATING = {"bdi", "code", "kbd", "samp", "pre", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
CHECKED_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


def translated_words() -> set[str]:
    """Latin words our Urdu translations themselves use (PKR, CV, Python...), and those the
    catalog's Urdu names keep (Power BI, Excel), which option labels cannot isolate."""
    words = set()
    for model in (Role, Skill, Sector):
        for name in model.objects.values_list("name_ur", flat=True):
            words.update(LATIN_WORD.findall(name))
    for po in Path(settings.BASE_DIR, "locale").glob("**/ur/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po)):
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                words.update(LATIN_WORD.findall(text))
    return words


class UrduPageReader(HTMLParser):
    """Collects Latin words in text that is neither skipped nor isolated."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []
        self.attributes: list[str] = []

    def _isolated(self) -> bool:
        return any(isolated for _, isolated in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        isolated = (
            tag in ISOLATING
            or tag in SKIPPED
            or (tag != "html" and ("dir" in attrs or "lang" in attrs))
            or tag == "svg"  # the gap chart's text is also in the table beside it
        )
        for name in CHECKED_ATTRIBUTES:
            if attrs.get(name):
                self.attributes.append(attrs[name])
        if tag not in VOID:
            self.stack.append((tag, isolated))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._isolated():
            # An email address is the learner's own, shown by allauth's pages as it is.
            self.found.extend(LATIN_WORD.findall(EMAIL.sub(" ", data)))


def catalog_words() -> set[str]:
    """Words of the catalog's own data, which may appear in attributes (a button's
    label naming a course) where <bdi> cannot reach."""
    texts = [
        *Offering.objects.values_list("title", flat=True),
        *Provider.objects.values_list("name", flat=True),
        *Provider.objects.values_list("short_name", flat=True),
        *Skill.objects.values_list("name", flat=True),
    ]
    return {word for text in texts for word in LATIN_WORD.findall(text)}


def untranslated(body: str, allowed: set[str], data: set[str]) -> tuple[list[str], list[str]]:
    reader = UrduPageReader()
    reader.feed(body)
    in_text = sorted({word for word in reader.found if word not in allowed})
    in_attributes = sorted(
        {
            word
            for value in reader.attributes
            for word in LATIN_WORD.findall(value)
            if word not in allowed and word not in data
        }
    )
    return in_text, in_attributes


@pytest.fixture(scope="module", autouse=True)
def compiled_messages():
    call_command("compilemessages", locale=["ur"], verbosity=0)


@pytest.fixture
def urdu_learner(client):
    user = learner_create(
        "hina@example.pk",
        username="learner-7f3a",  # internal: a page showing it fails, as English
        role="data-analyst",
        skills={"excel": 1},
        sectors=("education",),
        city="quetta",
        budget_pkr=0,
        hours_per_week=5,
        education_level="bachelors",
        language="ur",
    )
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    return user.profile


def visitor_pages() -> list[str]:
    offering = Offering.objects.active().filter(kind="online_course").first()
    return [
        reverse("catalog:home"),
        reverse("catalog:offering_list"),
        reverse("catalog:offering_list") + "?q=python&free=on",
        reverse("catalog:offering_list") + "?q=zzzz-nothing",
        offering.get_absolute_url(),
        offering.provider.get_absolute_url(),
        reverse("catalog:skill_list"),
        Skill.objects.get(slug="sql").get_absolute_url(),
        reverse("catalog:role_list"),
        Role.objects.get(slug="data-analyst").get_absolute_url(),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        "/no-such-page/",
    ]


def learner_pages(client) -> list[str]:
    path = client.get(reverse("careers:path"))
    first = path.context["view"].steps[0]
    StepStatus.objects.create(
        profile=Profile.objects.get(user__email="hina@example.pk"),
        offering=first.offering,
        status="saved",
    )
    client.post(reverse("careers:share_create"))
    share = Profile.objects.get(user__email="hina@example.pk").shares.get()
    return [
        reverse("careers:profile"),
        reverse("careers:profile_edit"),
        reverse("careers:path"),
        reverse("careers:path") + "?free=on&online=on",
        reverse("careers:path_options", args=[first.step.skill]),
        reverse("careers:marks"),
        reverse("careers:roles_fit"),
        reverse("careers:roles_compare"),
        reverse("careers:profile_cv"),
        reverse("careers:account_delete"),
        reverse("account_email"),
        reverse("account_change_password"),
        share.get_absolute_url(),
    ]


def assert_all_urdu(client, urls):
    allowed, data = translated_words(), catalog_words()
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        assert '<html lang="ur" dir="rtl">' in body, url
        in_text, in_attributes = untranslated(body, allowed, data)
        if in_text or in_attributes:
            problems[url] = {"text": in_text, "attributes": in_attributes}
    if problems:
        pytest.fail(
            "Untranslated or unisolated English in Urdu pages:\n"
            + "\n".join(f"{url}: {found}" for url, found in problems.items())
        )


def test_a_visitor_reads_every_public_page_in_urdu(client):
    client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    assert_all_urdu(client, visitor_pages())


def test_a_learner_reads_every_page_of_their_own_in_urdu(client, urdu_learner):
    assert_all_urdu(client, learner_pages(client))


def test_the_reader_catches_an_untranslated_string_and_passes_isolated_english():
    allowed = {"PKR"}
    body = (
        '<html lang="ur" dir="rtl"><body><p>آپ کا راستہ <bdi>Intro to SQL</bdi></p>'
        '<p dir="auto">An English summary</p><p>PKR 500</p></body></html>'
    )
    assert untranslated(body, allowed, set()) == ([], [])
    assert untranslated(body.replace("آپ کا راستہ", "Your path"), allowed, set()) == (
        ["Your", "path"],
        [],
    )
    label = '<html><body><button aria-label="Mark Intro to SQL">۔</button></body></html>'
    assert untranslated(label, allowed, {"Intro", "to", "SQL"}) == ([], ["Mark"])


def admin_problems(client, urls) -> dict[str, list[str]]:
    client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    allowed, data = translated_words(), catalog_words()
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert '<html lang="ur" dir="rtl">' in body, url
        reader = AdminReader()
        reader.feed(body)
        found = sorted({w for w in reader.found if w not in allowed and w not in data})
        if found:
            problems[url] = found
    return problems


def test_an_editor_reads_the_admin_in_urdu(client):
    """The admin's own words (Django's, ours, django-import-export's) in Urdu. Field values
    are the catalog's data and stay as they are; they sit in form fields and table cells,
    which are not checked."""
    client.force_login(editor_create())
    offering = Offering.objects.active().first()
    role = Role.objects.get(slug="data-analyst")
    problems = admin_problems(
        client,
        (
            "/admin/",
            "/admin/catalog/offering/",
            f"/admin/catalog/offering/{offering.pk}/change/",
            "/admin/catalog/offering/add/",
            f"/admin/catalog/role/{role.pk}/change/",
            "/admin/catalog/skill/",
            "/admin/catalog/provider/",
            "/admin/catalog/source/",
            "/admin/catalog/offering/import/",
            "/admin/catalog/offering/export/",
            f"/admin/catalog/offering/{offering.pk}/history/",
            f"/admin/catalog/offering/{offering.pk}/delete/",
        ),
    )
    if problems:
        pytest.fail(
            "English in the Urdu admin:\n" + "\n".join(f"{u}: {w}" for u, w in problems.items())
        )


def test_a_superuser_reads_the_people_pages_in_urdu(client, django_user_model):
    root = django_user_model.objects.create_superuser(
        username="root@example.pk", email="root@example.pk", password="a-long-pass-phrase-x"
    )
    client.force_login(root)
    problems = admin_problems(
        client,
        (
            "/admin/auth/user/",
            f"/admin/auth/user/{root.pk}/change/",
            f"/admin/auth/user/{root.pk}/password/",
            "/admin/auth/group/",
            "/admin/auth/group/add/",
            "/admin/account/emailaddress/",
        ),
    )
    if problems:
        pytest.fail(
            "English in the Urdu admin:\n" + "\n".join(f"{u}: {w}" for u, w in problems.items())
        )


class AdminReader(UrduPageReader):
    """The admin's chrome only: table cells and form fields hold catalog data."""

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag in ("td", "th", "textarea", "select", "option", "a") and self.stack:
            name, _ = self.stack[-1]
            if name == tag:
                self.stack[-1] = (name, True)
