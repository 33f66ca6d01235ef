"""Rate limits: failed sign-ins (see accounts.signin) and requests per user."""

import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, UserRateThrottle

from accounts.signin import seconds_refused

logger = logging.getLogger(__name__)


class SignInLimit(BaseThrottle):
    """Refuses a sign-in at the token endpoint, with 429 and Retry-After, once
    the username or the client address is past its failure limit."""

    seconds = 0

    def allow_request(self, request, view):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        self.seconds = seconds_refused(request, username)
        return self.seconds == 0

    def wait(self):
        return self.seconds


class UserRequests(UserRateThrottle):
    """Requests per signed-in user, about THROTTLE_USER a minute.

    The count is read and written back, not incremented in place, so
    requests that arrive together may each pass: the limit is approximate.
    Should the cache fail, requests pass and a warning is logged. The rate is
    read from the settings each time; DRF reads it once, at import.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as error:
            logger.warning("Request limit skipped: the cache failed (%s)", type(error).__name__)
            return True
