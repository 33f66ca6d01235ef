"""Bearer-token authentication for API clients."""

from django.core.exceptions import ValidationError
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's authentication, refusing a token whose user id is not a UUID.

    Such a token can only come from a leaked signing key or a bug, but it
    must still be a 401, never a server error.
    """

    def get_user(self, validated_token):
        try:
            return super().get_user(validated_token)
        except (ValidationError, ValueError, TypeError) as error:
            raise InvalidToken("Token contained no recognizable user identification") from error
