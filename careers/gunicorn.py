"""gunicorn's settings for Raasta: `gunicorn -c python:careers.gunicorn careers.wsgi`.

Each value can be overridden on the command line or through the environment.
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: each serves one request at a time. Two per core suits pages that spend
# most of their time in Python; WEB_CONCURRENCY overrides it.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "sync"
# A request that runs longer is killed; the database's statement timeout (20 s by
# default) ends its query first, so nothing keeps running once the worker is gone.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# A short queue: under overload new clients are refused at once rather than waiting
# minutes for a worker after they have given up.
backlog = int(os.environ.get("GUNICORN_BACKLOG", 64))
# Workers are replaced now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
control_socket_disable = True
# The app is imported once, before the workers fork: each starts serving at once.
preload_app = True
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Read the published recommender before the first request, so no learner waits."""
    try:
        from careers.selectors import warm_recommender

        warm_recommender()
    except Exception:  # the database may be away; the first request will try again
        worker.log.warning("The recommender could not be read before the first request")
