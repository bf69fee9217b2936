"""A Redis cache that the site outlives.

Everything the site keeps in Redis can be had again from the database: kept
pages are rendered again, sessions are read from their table (the ``cached_db``
engine writes every session there first), Wagtail's site and rendition lookups
query again. So when Redis refuses connections, hangs or answers errors, this
backend answers as an empty cache that keeps nothing, and the site goes on,
slower.

- Short connect and read timeouts (set in ``OPTIONS``) bound the wait for a
  Redis that accepts connections but never answers.
- After a failure the backend stops asking Redis for ``RETRY_AFTER`` seconds
  (a circuit breaker), so one slow answer is not paid again on every request;
  then one request tries again.
- A warning is logged once when Redis is given up and once when it is back.
- A write or a delete that could not reach Redis may leave an older copy
  there: a session as it was before the child signed out, a content
  generation from before an editor published. Those keys are remembered and
  deleted first when Redis answers again, so an older copy is never read
  after a write the user was told succeeded.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("lifeskills.cache")

# Enough for every session of a school programme; past it the oldest
# remembered keys are the ones most likely to have expired in Redis anyway.
MAX_REMEMBERED_KEYS = 100_000

UNAVAILABLE = (RedisError, OSError)


class FailSafeRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis is unreachable."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 30))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._down = False
        self._stale = {}

    # -- the circuit breaker --------------------------------------------------

    def _available(self):
        """Whether Redis may be asked now; retires stale keys when it is back."""
        if self._down and time.monotonic() < self._down_until:
            return False
        if not self._stale:  # the usual case: nothing to retire, no lock taken
            return True
        with self._lock:
            stale = list(self._stale)
        if stale:
            try:
                self._cache.delete_many(stale)
            except UNAVAILABLE as error:
                self._failed(error)
                return False
            with self._lock:
                for key in stale:
                    self._stale.pop(key, None)
        return True

    def _failed(self, error, keys=()):
        with self._lock:
            for key in keys:
                self._stale[key] = None
            while len(self._stale) > MAX_REMEMBERED_KEYS:
                self._stale.pop(next(iter(self._stale)))
            was_down = self._down
            self._down = True
            self._down_until = time.monotonic() + self.retry_after
        if not was_down:
            logger.warning(
                "The cache (Redis) cannot be reached (%r): pages are rendered and sessions "
                "read from the database until it answers; trying again every %s s.",
                error,
                self.retry_after,
            )

    def _succeeded(self):
        if self._down:
            with self._lock:
                was_down, self._down = self._down, False
            if was_down:
                logger.warning("The cache (Redis) answers again.")

    def _call(self, operation, fallback, *args, writes=(), **kwargs):
        if not self._available():
            self._remember(writes)
            return fallback
        try:
            result = operation(*args, **kwargs)
        except UNAVAILABLE as error:
            self._failed(error, writes)
            return fallback
        self._succeeded()
        return result

    def _remember(self, keys):
        if keys:
            with self._lock:
                for key in keys:
                    self._stale[key] = None

    def _keys(self, keys, version):
        return [self.make_key(key, version=version) for key in keys]

    # -- reads: a miss while Redis is away --------------------------------------

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version=version)

    # -- writes: nothing kept, and the old copy retired later -------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        writes = self._keys([key], version)
        return self._call(super().set, None, key, value, timeout, version=version, writes=writes)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        writes = self._keys(data, version)
        return self._call(
            super().set_many, list(data), data, timeout, version=version, writes=writes
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version=version)

    def delete(self, key, version=None):
        writes = self._keys([key], version)
        return self._call(super().delete, False, key, version=version, writes=writes)

    def delete_many(self, keys, version=None):
        writes = self._keys(keys, version)
        return self._call(super().delete_many, None, keys, version=version, writes=writes)

    def incr(self, key, delta=1, version=None):
        writes = self._keys([key], version)
        missing = object()
        result = self._call(super().incr, missing, key, delta, version=version, writes=writes)
        if result is missing:
            # What a cache without the key answers: callers already handle it.
            raise ValueError(f"Key '{key}' not found (the cache cannot be reached).")
        return result

    def clear(self):
        # Nothing is kept while Redis is away, so there is nothing to clear.
        return self._call(super().clear, False)


def redis_cache(url, timeout=0.5, retry_after=30):
    """The ``CACHES["default"]`` entry for Redis at ``url``.

    ``timeout`` bounds both connecting and each answer, in seconds: Redis on
    the same network answers in a millisecond, so half a second only ever
    runs out when it is in trouble.
    """
    return {
        "BACKEND": "lifeskills.cache.FailSafeRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
            "RETRY_AFTER": retry_after,
        },
    }
