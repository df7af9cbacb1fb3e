"""A part of a page rendered once and read back from the shared cache while nothing it
shows has changed.

The key is a fingerprint of everything the part is rendered from: the context's data, with
database rows by the values of their fields, plus the language and the release (the
templates, template tags and translations this process serves). A change to any of them is a
new key, so nothing has to be cleared by hand. The CSRF token is left out of the kept copy and
put in for each response, so every response still carries its own masked token.
"""

import hashlib
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from catalog.caching import cache_call, fingerprint

PART_KEY = "page-part:v1:{release}:{language}:{template}:{data}"
# Stands in for the token in the kept copy. No form or catalog field can hold a NUL
# character (input with one is refused), so only the token tag can write this.
TOKEN_MARK = "\x00csrf-token\x00"


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
    """A fingerprint of the files that decide how a part reads: templates, template tags
    and compiled translations. A new release renders afresh instead of serving old HTML."""
    return files_fingerprint("templates/**/*.html", "*/templatetags/*.py", "locale/**/*.mo")


def kept_render(
    request, template_name: str, context: dict, *, timeout: int, data_key: str | None = None
) -> SafeString:
    """`template_name` rendered with `context`, kept in the shared cache for `timeout`
    seconds under `data_key` (by default the context's fingerprint). The kept copy,
    and what this returns, hold TOKEN_MARK for the CSRF token: pass it to `with_token`
    before sending, or into a larger kept part. While the cache is away, it is rendered
    each time."""
    key = PART_KEY.format(
        release=release(),
        language=get_language(),
        template=template_name,
        data=data_key or fingerprint(context),
    )
    html = cache_call(cache.get, key)
    if html is None:
        html = render_to_string(template_name, {**context, "csrf_token": TOKEN_MARK}, request)
        cache_call(cache.set, key, str(html), timeout)
    return mark_safe(html)


def with_token(request, html: str) -> SafeString:
    """A kept part with this response's own masked CSRF token in place of TOKEN_MARK."""
    return mark_safe(html.replace(TOKEN_MARK, get_token(request)))
