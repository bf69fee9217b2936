"""What a load balancer or an uptime checker asks: is the process alive, can it serve?

- ``/healthz`` (liveness): the process answers. Nothing else is asked, so a
  database or Redis in trouble never gets app servers restarted for nothing.
- ``/readyz`` (readiness): the database answers a trivial query, and the cache
  a write and a read. 200 while the database answers, 503 when it does not,
  since no page can be served without it. A cache that does not answer is
  reported as ``degraded`` with a 200: the site works without Redis
  (``lifeskills.cache``), only slower, and taking every app server out of
  the pool because Redis is down would turn slower into down.

``ProbeMiddleware`` answers both before any other middleware: no session, no
CSRF or language cookie, no language redirect, no sign-in, no redirect to
HTTPS, and no check of the Host header, since a load balancer probes each app
server by its address, which is not among ``ALLOWED_HOSTS``. The answers hold
nothing a stranger could use. The same views are in the URL configuration,
outside the language prefix, for ``reverse()`` and for a stack without the
middleware.
"""

import json
import logging
import os
import secrets
import time

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("lifeskills.health")

HEALTH_PATHS = ("/healthz", "/healthz/")
READY_PATHS = ("/readyz", "/readyz/")
# One key per process, written over on every probe: probes leave nothing behind.
CACHE_KEY = f"lifeskills:readyz:{os.getpid()}"
CACHE_SECONDS = 30

OK = "ok"
DOWN = "down"
DEGRADED = "degraded"


def _elapsed_ms(started):
    return round((time.perf_counter() - started) * 1000, 1)


def check_database(alias="default"):
    """(state, ms, error class or None): one ``SELECT 1`` on this database.

    How long a database that does not answer may take is bounded by the
    connection's timeouts (``DATABASE_CONNECT_TIMEOUT`` in production).
    """
    started = time.perf_counter()
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # A connection that failed must not be reused by the next request.
        connections[alias].close_if_unusable_or_obsolete()
        return DOWN, _elapsed_ms(started), type(error).__name__
    return OK, _elapsed_ms(started), None


def check_cache():
    """(state, ms): a write and a read of the default cache.

    The site's Redis backend answers as an empty cache when Redis cannot be
    reached, so a value written and not read back is a cache away.
    """
    started = time.perf_counter()
    token = secrets.token_hex(8)
    try:
        cache.set(CACHE_KEY, token, CACHE_SECONDS)
        answered = cache.get(CACHE_KEY) == token
    except Exception:  # any other backend's failure: the site goes on without it
        answered = False
    return (OK if answered else DEGRADED), _elapsed_ms(started)


def _no_store(response):
    add_never_cache_headers(response)
    return response


def healthz(request):
    """Liveness: the process answers. Asks neither the database nor the cache."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _no_store(HttpResponse("ok\n", content_type="text/plain; charset=utf-8"))


def readyz(request):
    """Readiness: 200 while the database answers (the cache may be degraded), 503 if not."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    database, database_ms, error = check_database()
    cache_state, cache_ms = check_cache()
    ready = database == OK
    body = {
        "status": "ready" if ready else "not ready",
        "checks": {
            "database": {"state": database, "ms": database_ms},
            "cache": {"state": cache_state, "ms": cache_ms},
        },
    }
    if error:
        body["checks"]["database"]["error"] = error
    if not ready:
        logger.error("Not ready: the database does not answer (%s).", error)
    elif cache_state != OK:
        logger.warning("Ready, degraded: the cache does not answer; pages render each time.")
    return _no_store(
        HttpResponse(
            json.dumps(body), status=200 if ready else 503, content_type="application/json"
        )
    )


class ProbeMiddleware:
    """Answers ``/healthz`` and ``/readyz`` before any other middleware sees the request.

    First in ``MIDDLEWARE``: probes every few seconds from every load balancer
    would otherwise fill the access log, and pass through host checks and
    redirects meant for people.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in HEALTH_PATHS:
            return healthz(request)
        if request.path_info in READY_PATHS:
            return readyz(request)
        return self.get_response(request)
