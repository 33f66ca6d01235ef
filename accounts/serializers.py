"""Sign-in serializers."""

from django.core.exceptions import ValidationError
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from accounts.models import User
from accounts.tokens import RefreshToken


class TokenRefreshSerializer(serializers.TokenRefreshSerializer):
    """A refresh token, traded for a new access token."""

    # Two corrections to simplejwt: it looks the token's user up with .get()
    # and lets DoesNotExist escape, and it refreshes a token issued before a
    # password change, whose access tokens would then all be refused.
    token_class = RefreshToken

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])
        try:
            user = User.objects.get(pk=refresh.payload.get(api_settings.USER_ID_CLAIM))
        except (User.DoesNotExist, ValidationError) as error:
            raise self._refused() from error
        if api_settings.CHECK_REVOKE_TOKEN and refresh.payload.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise self._refused()
        return super().validate(attrs)

    def _refused(self) -> AuthenticationFailed:
        return AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account")
