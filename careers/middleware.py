"""Requests that cannot be served safely are answered before any view or query runs; a
signed-in learner is answered in the language they chose, on whichever device."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _

# PostgreSQL refuses a NUL byte in text, so a query string or form field holding one would
# fail deep inside a query; refuse it at the door instead.
UNSTORABLE = "\x00"


def _has_unstorable(values) -> bool:
    return any(UNSTORABLE in value for value in values)


def _unstorable_input(request: HttpRequest) -> bool:
    if UNSTORABLE in request.path or UNSTORABLE in request.META.get("QUERY_STRING", ""):
        return True
    if _has_unstorable(request.COOKIES) or _has_unstorable(request.COOKIES.values()):
        return True
    for data in (request.GET, request.POST if request.method == "POST" else {}):
        if _has_unstorable(data) or any(_has_unstorable(data.getlist(key)) for key in data):
            return True
    if request.method == "POST":
        for upload in request.FILES.values():
            if UNSTORABLE in (upload.name or ""):
                return True
    return False


def refuse_unstorable_input(get_response: Callable[[HttpRequest], HttpResponse]):
    """Answer 400 to a request whose path, query, cookies or form fields hold a NUL byte."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if _unstorable_input(request):
            return HttpResponseBadRequest(
                _("This request holds a character Raasta cannot store (a NUL byte)."),
                content_type="text/plain; charset=utf-8",
            )
        return get_response(request)

    return middleware


# Set at log-in from the learner's profile and by the language switcher; read from the
# session, which is loaded anyway, so remembering the choice costs no query per request.
LANGUAGE_SESSION_KEY = "learner_language"


def learner_language(get_response: Callable[[HttpRequest], HttpResponse]):
    """Speak a signed-in learner's chosen language, whatever the browser's cookie says, and
    bring the cookie in line so pages cached by the browser agree."""

    def middleware(request: HttpRequest) -> HttpResponse:
        chosen = request.session.get(LANGUAGE_SESSION_KEY) if hasattr(request, "session") else None
        if chosen and chosen != getattr(request, "LANGUAGE_CODE", None):
            if translation.check_for_language(chosen):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
            else:
                chosen = None
        response = get_response(request)
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response

    return middleware
