"""Sign-in serializers."""

from django.core.exceptions import ValidationError
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers

from accounts.models import User
from accounts.tokens import RefreshToken


class TokenRefreshSerializer(serializers.TokenRefreshSerializer):
    """simplejwt's refresh, answering 401 for a user who no longer exists.

    simplejwt looks the user up with .get() and lets DoesNotExist escape.
    """

    token_class = RefreshToken

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except (User.DoesNotExist, ValidationError) as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error
