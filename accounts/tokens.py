"""simplejwt's tokens, refusing claims they cannot read instead of failing.

A token with an expiry of 10**30 seconds, say, makes simplejwt's date
arithmetic overflow; such a token is invalid, not a server error.
"""

from rest_framework_simplejwt import tokens
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings


class UnreadableClaimsAreInvalid:
    def __init__(self, *args, **kwargs):
        try:
            super().__init__(*args, **kwargs)
        except (OverflowError, OSError, ValueError, TypeError, KeyError) as error:
            raise TokenError("Token is invalid") from error


class AccessToken(UnreadableClaimsAreInvalid, tokens.AccessToken):
    pass


class RefreshToken(UnreadableClaimsAreInvalid, tokens.RefreshToken):
    access_token_class = AccessToken

    def verify(self, *args, **kwargs):
        # The blacklist keeps a token's id, in 255 characters at most.
        jti = self.payload.get(api_settings.JTI_CLAIM)
        if not isinstance(jti, str) or not 0 < len(jti) <= 255:
            raise TokenError("Token has no valid id")
        super().verify(*args, **kwargs)
