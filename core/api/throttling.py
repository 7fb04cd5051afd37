from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

# The window's counter: incremented, and given its expiry when this request created it, in one
# atomic step on the server (one round trip).
_COUNT = (
    "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n"
)


class _Counter:
    """The script on one Redis client kept for the process (its pool's connections are kept too;
    Django's cache backend builds a new client on every call)."""

    def __init__(self):
        self.script = None

    def __call__(self, cache, key: str, seconds: int) -> int:
        if self.script is None:
            self.script = cache._cache.get_client(key, write=True).register_script(_COUNT)
        return int(self.script(keys=[cache.make_and_validate_key(key)], args=[seconds]))


_count = _Counter()


class PrincipalRateThrottle(SimpleRateThrottle):
    """One budget per API key or per signed-in user (rate: the "principal" setting).

    A counter per principal and fixed window (one atomic INCR in Redis), not DRF's history of
    every request's time: that list is read, unpickled, pickled and written back on each request,
    6,000 entries at the default rate, which cost a busy key more CPU than its requests (measured
    by `make bench`). A fixed window lets a burst of up to twice the rate straddle two windows.
    The counter is one script on the Redis server: one round trip a request.
    """

    scope = "principal"

    def get_cache_key(self, request, view):
        api_key = getattr(request.user, "api_key", None)
        if api_key is not None:
            ident = f"key-{api_key.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        counter = f"{key}:{window}"
        if isinstance(self.cache, RedisCache):
            count = _count(self.cache, counter, int(self.duration) + 1)
            return count <= self.num_requests or self.throttle_failure()
        # Another cache: the window's first request creates the counter; the others increment it.
        if self.cache.add(counter, 1, self.duration + 1):
            count = 1
        else:
            try:
                count = self.cache.incr(counter)
            except ValueError:  # expired in between: a new window
                self.cache.add(counter, 1, self.duration + 1)
                count = 1
        return count <= self.num_requests or self.throttle_failure()

    def wait(self):
        return max(0.0, self.window_ends - self.now)
