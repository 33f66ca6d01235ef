"""Limits on failed sign-ins, for every way of signing in.

Failures are counted per username and per client address, in fixed windows
of the configured rate (5 a minute by default), in the configured cache:
Redis when REDIS_URL is set, so every process shares the counts, and
cache.incr() is atomic there, so parallel guesses are all counted. Past the
limit a sign-in is refused before its password is even checked, which also
spares the server the hashing.

Every way in counts: the token endpoint (where a refusal is a 429 with
Retry-After), the browsable API's login and the admin's (where it reads as
a wrong password). A successful sign-in does not count. The per-username
limit means that someone failing on purpose can keep a username from
signing in for a window at a time; sessions and refresh tokens already held
are not affected.

Should the cache fail, the limits let sign-ins through and log a warning:
a rate limit must not take sign-in down.
"""

import hashlib
import logging
import time

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def rate() -> tuple[int, int] | None:
    """(failures allowed, seconds in a window) from THROTTLE_SIGN_IN_FAILURES."""
    setting = api_settings.DEFAULT_THROTTLE_RATES.get("sign_in_failures")
    if not setting:
        return None
    count, _, period = setting.partition("/")
    return int(count), PERIODS[period]


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or with NUM_PROXIES trusted proxies in
    front, the address the outermost of them saw (from X-Forwarded-For). With
    none configured, X-Forwarded-For is the client's to write and is ignored."""
    meta = request.META
    proxies = api_settings.NUM_PROXIES or 0
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return meta.get("REMOTE_ADDR", "")


def _keys(request, username) -> list[str]:
    """Cache keys of the username's and the address's counts in this window."""
    limits = rate()
    if limits is None:
        return []
    window = int(time.time() // limits[1])
    keys = [("address", client_address(request))]
    if username not in (None, ""):
        keys.append(("username", str(username).strip().lower()))
    # Hashed: the cache holds no username or address, and keys stay short.
    return [
        f"sign-in-failures:{kind}:{window}:"
        + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
        for kind, value in keys
    ]


def seconds_refused(request, username) -> int:
    """0 if a sign-in may be tried now, else the seconds until it may."""
    limits = rate()
    keys = _keys(request, username)
    if not keys:
        return 0
    try:
        counts = cache.get_many(keys)
    except Exception as error:
        logger.warning("Sign-in limits skipped: the cache failed (%s)", type(error).__name__)
        return 0
    if max(counts.values(), default=0) < limits[0]:
        return 0
    return max(1, int(limits[1] - time.time() % limits[1]))


def record_failure(request, username) -> None:
    limits = rate()
    for key in _keys(request, username):
        try:
            cache.add(key, 0, timeout=limits[1])
            cache.incr(key)
        except ValueError:
            pass  # the window just expired between add and incr
        except Exception as error:
            logger.warning(
                "A failed sign-in was not counted: the cache failed (%s)", type(error).__name__
            )
            return


@receiver(user_login_failed)
def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    """Django signals every failed authenticate(), however the sign-in came."""
    if request is not None:
        record_failure(request, credentials.get("username"))


class LimitedModelBackend(ModelBackend):
    """Django's username and password check, refused past the failure limits."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and seconds_refused(request, username):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
