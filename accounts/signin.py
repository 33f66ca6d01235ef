"""Limits on failed sign-ins, for every way of checking a password.

Attempts are counted per username and per client address, in the configured
cache: Redis when REDIS_URL is set, so that every process shares the counts.
An attempt reserves its place before its password is checked, with an atomic
increment, and gives it back if the password was right: so successful
sign-ins do not count, and guesses sent in parallel are counted as they
arrive, not after they were checked. The count over the last period is a
sliding window (this window's count plus the previous one's, weighted by how
much of it the last period still covers), so no burst at a window's edge
gets past the rate.

Past the limit, an attempt is refused without its password being checked,
which also spares the server the hashing. Every way of checking a password
goes through here: authenticate() for the token endpoint (where a refusal is
a 429 with Retry-After) and the login pages (where it reads as a wrong
password), and the admin's password change, which checks the old password
itself. The per-username limit means that someone failing on purpose can
keep a username from signing in for a while; sessions and refresh tokens
already held are not affected.

Should the cache fail, the limits let attempts through and log a warning:
a rate limit must not take sign-in down.
"""

import hashlib
import logging
import time

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def rate() -> tuple[int, int] | None:
    """(attempts allowed, seconds) from THROTTLE_SIGN_IN_FAILURES, e.g. "5/min"."""
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


def _subjects(request, username) -> list[str]:
    """What an attempt counts against: its address and, if it has one, its username.
    Hashed, so that the cache holds neither and keys stay short."""
    subjects = [("address", client_address(request))]
    if username not in (None, ""):
        subjects.append(("username", str(username).strip().lower()))
    return [
        f"{kind}:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
        for kind, value in subjects
    ]


class _Windows:
    """The current and the previous window of the rate's period, at one instant."""

    def __init__(self, period: int):
        now = time.time()
        self.number = int(now // period)
        self.elapsed = (now % period) / period
        self.left = max(1, int(period - now % period))
        self.timeout = 2 * period  # a window is still read as the previous one

    def key(self, subject: str, previous: bool = False) -> str:
        return f"sign-in:{self.number - previous}:{subject}"

    def count(self, current: int, previous: int) -> float:
        return current + previous * (1 - self.elapsed)


def seconds_refused(request, username) -> int:
    """0 if an attempt may be made now, else about the seconds until it may.

    Reads the counts without reserving anything: the token endpoint asks
    this first, to answer 429 with Retry-After before any work.
    """
    limits = rate()
    if limits is None:
        return 0
    windows = _Windows(limits[1])
    subjects = _subjects(request, username)
    keys = [windows.key(s) for s in subjects] + [windows.key(s, previous=True) for s in subjects]
    try:
        counts = cache.get_many(keys)
    except Exception as error:
        logger.warning("Sign-in limits skipped: the cache failed (%s)", type(error).__name__)
        return 0
    for subject in subjects:
        current = counts.get(windows.key(subject), 0)
        previous = counts.get(windows.key(subject, previous=True), 0)
        if windows.count(current + 1, previous) > limits[0]:  # as reserve() would decide
            return windows.left
    return 0


def reserve(request, username) -> bool:
    """Count an attempt before its password is checked; False if it is one too many."""
    limits = rate()
    if limits is None:
        return True
    windows = _Windows(limits[1])
    reserved = []
    try:
        for subject in _subjects(request, username):
            key = windows.key(subject)
            cache.add(key, 0, timeout=windows.timeout)
            current = cache.incr(key)
            reserved.append(key)
            previous = cache.get(windows.key(subject, previous=True), 0)
            if windows.count(current, previous) > limits[0]:
                _give_back(reserved)  # a refused attempt does not count either
                return False
    except Exception as error:
        logger.warning("Sign-in limits skipped: the cache failed (%s)", type(error).__name__)
    return True


def release(request, username) -> None:
    """Give back an attempt's place: its password was right."""
    limits = rate()
    if limits is None:
        return
    windows = _Windows(limits[1])
    _give_back([windows.key(subject) for subject in _subjects(request, username)])


def _give_back(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.decr(key)
        except ValueError:
            pass  # gone with its window
        except Exception as error:
            logger.warning("A sign-in attempt was not given back (%s)", type(error).__name__)


def checked(request, username, check) -> bool:
    """Run a password check within the limits: False, unchecked, past them."""
    if request is None:
        return check()
    if not reserve(request, username):
        return False
    if check():
        release(request, username)
        return True
    return False


class LimitedModelBackend(ModelBackend):
    """Django's username and password check, within the sign-in limits."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = None

        def check():
            nonlocal user
            user = super(LimitedModelBackend, self).authenticate(
                request, username=username, password=password, **kwargs
            )
            return user is not None

        return user if checked(request, username, check) else None
