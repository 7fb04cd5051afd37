"""The shared cache (Redis) with its clients kept.

Django's Redis backend builds a new `redis.Redis` client, and its table of ~200 response callbacks,
on every call: a fifth of a millisecond each time, several times a request (the principal, the rate
limit, the data version, cached figures and fragments). The client is safe to share between
threads, and its connection pool is re-made by redis-py after a fork, so one client is kept per
pool instead. Set as CACHES' BACKEND (crimjust.settings.base).

Every key read is counted as a hit or a miss (core.metrics): a counter's increment, no round trip.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from core.metrics import CACHE_GETS


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    def get(self, key, default):
        value = self.get_client(key).get(key)
        if value is None:
            CACHE_GETS.labels("miss").inc()
            return default
        CACHE_GETS.labels("hit").inc()
        return self._serializer.loads(value)

    def get_many(self, keys):
        values = self.get_client(None).mget(keys)
        found = {
            key: self._serializer.loads(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }
        if found:
            CACHE_GETS.labels("hit").inc(len(found))
        if len(found) < len(values):
            CACHE_GETS.labels("miss").inc(len(values) - len(found))
        return found


class KeptClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
