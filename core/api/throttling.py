from rest_framework.throttling import SimpleRateThrottle


class PrincipalRateThrottle(SimpleRateThrottle):
    """One budget per API key or per signed-in user (rate: the "principal" setting).

    A counter per principal and fixed window (one atomic INCR in Redis), not DRF's history of
    every request's time: that list is read, unpickled, pickled and written back on each request,
    6,000 entries at the default rate, which cost a busy key more CPU than its requests (measured
    by `make bench`). A fixed window lets a burst of up to twice the rate straddle two windows.
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
        # The window's first request creates the counter; the others increment it.
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
