"""Sign-in serializers."""

from django.core.exceptions import ValidationError
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers

from accounts.models import User
from accounts.tokens import RefreshToken


class TokenRefreshSerializer(serializers.TokenRefreshSerializer):
    """A refresh token, traded for a new access token."""

    # simplejwt looks the token's user up with .get() and lets DoesNotExist
    # escape; a user who no longer exists gets the 401 of an inactive one.

    token_class = RefreshToken

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except (User.DoesNotExist, ValidationError) as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error
