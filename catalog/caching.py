"""Calls to the shared cache that cannot take a page down."""

import hashlib
import json
import logging
from dataclasses import fields, is_dataclass
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import models

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


def fingerprint(value) -> str:
    """A short, stable fingerprint of plain data (dataclasses, dicts, sets, dates, lazy
    translations, and database rows by the values of their fields, so an edited row is a
    new fingerprint): the same data gives the same text in every process."""

    def plain(item):
        if isinstance(item, models.Model):
            row = {f.attname: getattr(item, f.attname) for f in item._meta.concrete_fields}
            return {"model": item._meta.label, **row}
        if is_dataclass(item):
            return {f.name: getattr(item, f.name) for f in fields(item)}
        if isinstance(item, (set, frozenset)):
            return sorted(item, key=str)
        return str(item)  # dates, lazy translations, numbers kept as text

    text = json.dumps(value, default=plain, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def files_fingerprint(*patterns: str) -> str:
    """A fingerprint of the project's files that match these patterns, names and contents."""
    base = Path(settings.BASE_DIR)
    files = sorted({path for pattern in patterns for path in base.glob(pattern)})
    digest = hashlib.blake2b(digest_size=8)
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@once
def release() -> str:
    """A fingerprint of the files that decide how a kept page reads: templates, template tags
    and compiled translations. A new release renders afresh instead of serving old HTML."""
    return files_fingerprint("templates/**/*.html", "*/templatetags/*.py", "locale/**/*.mo")
