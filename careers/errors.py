"""The page for an unhandled error: 503 with Retry-After while the database or the shared
cache is away, 500 otherwise. Neither touches the database, the session or the user."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30


def _service_away(exc: BaseException | None) -> bool:
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return False
    return isinstance(exc, RedisConnectionError | RedisTimeoutError)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this from inside the handler of the uncaught exception."""
    if _service_away(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)


class ServiceAwayFilter(logging.Filter):
    """While the database or the shared cache is away, every request fails the same way:
    log one line for each instead of a traceback that floods the log for the whole outage.
    Any other error keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if _service_away(exc):
            first_line = (str(exc).strip().splitlines() or [""])[0]
            record.msg = f"{record.getMessage()} ({type(exc).__name__}: {first_line})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
