"""Counting a page's own queries."""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str, **params) -> list[str]:
    """The SQL a GET of `url` runs for the page's data. The database cache (used when there
    is no Redis) keeps computed parts of pages; its queries, and the savepoints around its
    writes, are the cache's, not the page's."""
    cache_table = settings.CACHES["default"].get("LOCATION", "")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return [
        q["sql"]
        for q in queries
        if not cache_table or (cache_table not in q["sql"] and "SAVEPOINT" not in q["sql"])
    ]
