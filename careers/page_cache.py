"""What a page kept in the shared cache needs: fingerprints of the release it was drawn by,
and its CSRF token put back for each response.

A kept page is keyed by everything it is drawn from, so a change to any of it is a new key
and nothing has to be cleared by hand. The CSRF token is left out of the kept copy
(TOKEN_MARK stands in for it) and put in for each response, so every response still
carries its own masked token.
"""

import hashlib
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

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


def with_token(request, html: str) -> SafeString:
    """A kept part with this response's own masked CSRF token in place of TOKEN_MARK."""
    return mark_safe(html.replace(TOKEN_MARK, get_token(request)))
