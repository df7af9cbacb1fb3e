"""The project's URLconf, walked for tests that must cover every named URL."""

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def named_patterns(
    resolver: URLResolver | None = None, namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every named pattern of the URLconf, admin and allauth included, by namespaced name."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern
