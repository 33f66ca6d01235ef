"""Deployment checks of what the rate limits need."""

from django.conf import settings
from django.core import checks

# Caches whose entries live in one process only.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.security, deploy=True)
def check_rate_limits_are_shared(app_configs, **kwargs):
    """The sign-in and request limits count in the default cache: one that
    each process keeps for itself lets every worker allow the full rate."""
    if settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "Rate limits are counted by each process on its own: with N workers, "
            "N times each limit passes.",
            hint="Set REDIS_URL so that every process shares the counters.",
            id="accounts.W001",
        )
    ]
