"""Calls to the shared cache that cannot take a page down."""

import logging

logger = logging.getLogger("raasta.cache")


def cache_call(operation, *args, default=None):
    """A cache call that answers `default` while the shared cache is away, so a page is
    built without it (and a process serves the model it has, or fits one for itself)."""
    try:
        return operation(*args)
    except Exception:
        logger.warning("The shared cache did not answer %s", operation.__name__, exc_info=True)
        return default
