"""Per-client rate limits of the API (``API_RATE_LIMIT``, ``API_RATE_LIMIT_USER`` an hour).

DRF's throttles read their rates once, at import; these read them on every request, so a changed
``REST_FRAMEWORK`` setting (a test's) takes effect.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
