"""Bearer-token authentication for API clients."""

from django.core.exceptions import ValidationError
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's authentication, with two corrections.

    The scheme is matched in any letter case, as RFC 9110 (section 11.1) has
    it: `bearer <token>` is as good as `Bearer <token>`. And a token whose
    user id is not a UUID, which only a leaked signing key or a bug could
    make, is a 401 rather than a server error.
    """

    def get_raw_token(self, header):
        scheme, separator, credentials = header.partition(b" ")
        if scheme.lower() == b"bearer":
            header = b"Bearer" + separator + credentials
        return super().get_raw_token(header)

    def get_user(self, validated_token):
        # One answer for every account that cannot sign in (deleted, inactive,
        # password changed), rather than simplejwt's one for each.
        try:
            return super().get_user(validated_token)
        except (AuthenticationFailed, ValidationError, ValueError, TypeError) as error:
            raise InvalidToken("Given token not valid for any token type") from error
