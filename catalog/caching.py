"""Calls to the shared cache that cannot take a page down."""

import logging

from django.core.cache import cache

logger = logging.getLogger("raasta.cache")


def cache_call(operation, *args, default=None):
    """A cache call that answers `default` while the shared cache is away, so a page is
    built without it (and a process serves the model it has, or fits one for itself)."""
    try:
        return operation(*args)
    except Exception:
        logger.warning("The shared cache did not answer %s", operation.__name__, exc_info=True)
        return default


def cached(key: str, make, timeout: int):
    """The value kept under `key`, else `make()` kept for `timeout` seconds: Django's
    `cache.get_or_set`, except that while the shared cache is away it answers `make()`."""
    value = cache_call(cache.get, key)
    if value is None:
        value = make()
        cache_call(cache.set, key, value, timeout)
    return value
