"""Rate limits: failed sign-ins per username and per address, and requests per user.

Counters live in the configured cache (Redis when REDIS_URL is set, so that
every process shares them). Should the cache fail, the limits let requests
through and say so in the log: a rate limit must not take the API down.
"""

import hashlib
import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class FailOpen:
    """A throttle that lets the request through when its cache cannot be reached.

    It also reads its rate from the settings each time: DRF reads them once,
    at import, so a changed setting would otherwise be ignored.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning(
                "Rate limit %s skipped: its cache failed", type(self).__name__, exc_info=True
            )
            return True


class SignInFailures(FailOpen, SimpleRateThrottle):
    """Counts failed sign-ins, not sign-ins; past the rate, refuses until the oldest expires."""

    scope = "sign_in_failures"

    def allow_request(self, request, view):
        if self.rate is None or self.get_cache_key(request, view) is None:
            return True
        return super().allow_request(request, view)

    def throttle_success(self):
        return True  # a request is counted only once it has failed (record_failure)

    def record_failure(self, request, view) -> None:
        key = self.get_cache_key(request, view)
        if self.rate is None or key is None:
            return
        try:
            now = self.timer()
            history = [moment for moment in self.cache.get(key, []) if moment > now - self.duration]
            self.cache.set(key, [now, *history], self.duration)
        except Exception:
            logger.warning("Failed sign-in not counted: the cache failed", exc_info=True)


class SignInFailuresByAddress(SignInFailures):
    """Failed sign-ins from one client address."""

    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": f"{self.scope}_address",
            "ident": self.get_ident(request),
        }


class SignInFailuresByUsername(SignInFailures):
    """Failed sign-ins for one username, from any address."""

    def get_cache_key(self, request, view):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username:
            return None
        # Hashed: the cache never holds a username.
        ident = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": f"{self.scope}_username", "ident": ident}


class UserRequests(FailOpen, UserRateThrottle):
    """Requests per signed-in user (per address for anonymous ones)."""
