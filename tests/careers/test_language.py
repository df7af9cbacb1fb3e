"""The language switch sits in every page's header and is remembered: a cookie for a visitor,
the profile for a learner, so Urdu follows them to another device."""

import re
from pathlib import Path

import django
import polib
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from careers.models import Profile

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    call_command("compilemessages", locale=["ur"], verbosity=0)


def _header(body: str) -> str:
    return body[body.index("<header") : body.index("</header>")]


def make_learner(email="sana@example.pk", password="a-long-pass-phrase-for-quetta"):
    user = get_user_model().objects.create_user(username=email, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, password


@pytest.mark.parametrize("name", ["catalog:home", "catalog:offering_list", "account_login"])
def test_the_switch_is_in_the_header_and_names_the_other_language_in_itself(client, name):
    header = _header(client.get(reverse(name)).content.decode())
    assert 'action="/i18n/setlang/"' in header
    assert re.search(r'<button[^>]*value="ur"[^>]*lang="ur"[^>]*>اردو</button>', header)

    client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    header = _header(client.get(reverse(name)).content.decode())
    assert re.search(r'<button[^>]*value="en"[^>]*lang="en"[^>]*>English</button>', header)
    assert 'value="ur"' not in header


def test_a_visitors_choice_is_kept_for_a_year_not_only_until_the_browser_closes(client):
    response = client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ur"
    assert int(cookie["max-age"]) >= 300 * 24 * 60 * 60


def test_a_learners_choice_follows_them_to_another_device():
    user, password = make_learner()
    phone = Client()
    phone.force_login(user)
    phone.post(reverse("set_language"), {"language": "ur", "next": "/"})
    assert Profile.objects.get(user=user).language == "ur"

    laptop = Client()  # no language cookie at all
    response = laptop.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    page = laptop.get(reverse("catalog:offering_list"))
    assert '<html lang="ur" dir="rtl">' in page.content.decode()
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"

    laptop.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert Profile.objects.get(user=user).language == "en"
    assert '<html lang="en" dir="ltr">' in laptop.get("/catalog/").content.decode()


def test_the_profile_wins_over_a_cookie_left_from_someone_else():
    user, password = make_learner()
    Profile.objects.create(user=user, language="ur")
    shared = Client()
    shared.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    shared.post(reverse("account_login"), {"login": user.email, "password": password})
    assert '<html lang="ur" dir="rtl">' in shared.get("/catalog/").content.decode()


def test_signing_up_in_urdu_remembers_urdu(client):
    client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    response = client.post(
        reverse("account_signup"),
        {
            "email": "bilal@example.pk",
            "password1": "a-long-pass-phrase-for-multan",
            "password2": "a-long-pass-phrase-for-multan",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="bilal@example.pk")
    assert Profile.objects.get(user=user).language == "ur"

    # The confirmation mail is in Urdu, as plain 8-bit text, its link whole on one line.
    [message] = mail.outbox
    raw = message.message().as_bytes()
    assert b"Content-Transfer-Encoding: 8bit" in raw
    body = raw.decode()
    assert "راستہ" in body
    assert re.search(r"^https?://\S+/accounts/confirm-email/\S+/$", body, re.M)


def test_an_unknown_language_changes_nothing(client):
    user, _ = make_learner()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert not Profile.objects.filter(user=user).exclude(language="").exists()
    assert '<html lang="en" dir="ltr">' in client.get("/catalog/").content.decode()


# Older Urdu words that Django's own translation still uses, with the one the glossary at
# the top of locale/vendor/ur/LC_MESSAGES/django.po chose instead.
OLD_WORDS = {"لفظ اجازت": "پاس ورڈ"}


def test_every_urdu_string_a_person_sees_uses_the_glossarys_word():
    ours = {}
    for po in sorted(Path(settings.BASE_DIR, "locale").glob("**/ur/LC_MESSAGES/*.po")):
        for entry in polib.pofile(str(po)):
            ours[entry.msgid] = entry.msgstr
            for old in OLD_WORDS:
                assert old not in entry.msgstr, f"{po.name}: {entry.msgid!r} says {old}"
    # Django's Urdu strings with an old word are all given again in ours, so none shows.
    shipped = Path(django.__file__).parent.glob("**/locale/ur/LC_MESSAGES/django.po")
    left = sorted(
        entry.msgid
        for po in shipped
        for entry in polib.pofile(str(po))
        if any(old in entry.msgstr for old in OLD_WORDS) and not ours.get(entry.msgid)
    )
    assert not left, f"translate these in locale/vendor/ur/LC_MESSAGES/django.po: {left}"
