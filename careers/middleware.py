"""Requests that cannot be served safely are answered before any view or query runs."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
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
