"""A page kept in the shared cache gets its CSRF token back for each response.

A kept page is keyed by everything it is drawn from, so a change to any of it is a new key
and nothing has to be cleared by hand. The CSRF token is left out of the kept copy
(TOKEN_MARK stands in for it) and put in for each response, so every response still
carries its own masked token.
"""

from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe

# Stands in for the token in the kept copy. No form or catalog field can hold a NUL
# character (input with one is refused), so only the token tag can write this.
TOKEN_MARK = "\x00csrf-token\x00"


def with_token(request, html: str) -> SafeString:
    """A kept part with this response's own masked CSRF token in place of TOKEN_MARK."""
    return mark_safe(html.replace(TOKEN_MARK, get_token(request)))
