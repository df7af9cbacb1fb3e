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
# Workers are not recycled by default: under even load every worker reached the limit
# within seconds of the others and the server stopped answering while they all booted.
# GUNICORN_MAX_REQUESTS turns recycling on, with a jitter of half the limit.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 2
control_socket_disable = True
# The app is imported once, before the workers fork: each starts serving at once.
preload_app = True
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """In the master, before any worker forks: load scikit-learn and the published model
    once, so every worker (and every replacement) starts with them in shared memory
    instead of spending seconds on imports and unpickling before its first request."""
    try:
        from django.db import connections

        from careers.model_store import warm_recommender

        warm_recommender()
        connections.close_all()  # no worker may share the master's database connection
    except Exception:  # the database may be away; each worker will load it itself
        server.log.warning("The recommender was not loaded before the workers started")


def post_worker_init(worker):
    """Read the published recommender before the first request, so no learner waits."""
    try:
        from careers.model_store import warm_recommender

        warm_recommender()
    except Exception:  # the database may be away; the first request will try again
        worker.log.warning("The recommender could not be read before the first request")
