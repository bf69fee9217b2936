"""The cache backend across a Redis outage, against the real Redis (database 13)."""

import socket
import threading

import pytest
from django.core.cache import caches

from lifeskills.cache import redis_cache

REDIS = ("127.0.0.1", 6379)


class Cable:
    """A TCP relay to Redis that can be unplugged and plugged in again."""

    def __init__(self):
        self.port = None
        self.sockets = []
        self.listener = None

    def plug(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port or 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def unplug(self):
        # shutdown() wakes the thread waiting in accept(); close() alone does not.
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.sockets = []

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(REDIS)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass


@pytest.fixture
def cable():
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        pytest.fail("These tests need Redis at 127.0.0.1:6379")
    cable = Cable()
    cable.plug()
    yield cable
    cable.unplug()


@pytest.fixture
def cache_through(settings, cable, site):
    config = redis_cache(f"redis://127.0.0.1:{cable.port}/13", retry_after=0)
    config["KEY_PREFIX"] = "lifeskills-test-outage"
    settings.CACHES = {"default": config}
    cache = caches["default"]
    yield cache
    cache.delete_many(["session", "generation"])


def test_a_write_lost_in_an_outage_never_brings_back_the_old_copy(cable, cache_through):
    cache = cache_through
    cache.set("session", "signed in as Mei")
    assert cache.get("session") == "signed in as Mei"

    cable.unplug()
    # The child signs out while Redis is away: the database has it, the cache not.
    assert cache.delete("session") is False
    assert cache.get("session") is None  # a miss, not an error

    cable.plug()
    # Redis still holds the old copy, but it is retired before anything is read.
    assert cache.get("session") is None
    cache.set("session", "signed in as Alim")
    assert cache.get("session") == "signed in as Alim"


def test_nothing_is_kept_while_redis_is_away(cable, cache_through):
    cache = cache_through
    cache.set("generation", "a")
    cable.unplug()
    assert cache.set("generation", "b") is None
    assert cache.get_many(["generation"]) == {}
    assert cache.add("generation", "c") is False
    with pytest.raises(ValueError):
        cache.incr("generation")
    cable.plug()
    assert cache.get("generation") is None
