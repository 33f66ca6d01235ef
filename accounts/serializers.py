"""Sign-in serializers."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.utils import datetime_from_epoch, get_md5_hash_password

from accounts.models import User
from accounts.tokens import RefreshToken


class TokenRefreshSerializer(serializers.TokenRefreshSerializer):
    """A refresh token, traded once for a new access token and a new refresh token."""

    # simplejwt's refresh, with three corrections: a user who no longer
    # exists is a 401 (simplejwt lets DoesNotExist escape); a token issued
    # before a password change is refused (simplejwt checks that only when
    # authenticating); and a token is used once even by requests that arrive
    # together (simplejwt checks its blacklist, then adds to it, and two
    # requests can both pass the check).
    token_class = RefreshToken

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])  # signature, expiry, blacklist
        try:
            user = User.objects.get(pk=refresh.payload.get(api_settings.USER_ID_CLAIM))
        except (User.DoesNotExist, ValidationError) as error:
            raise self._refused() from error
        if not api_settings.USER_AUTHENTICATION_RULE(user):
            raise self._refused()
        if api_settings.CHECK_REVOKE_TOKEN and refresh.payload.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise self._refused()

        self._use_up(refresh)
        data = {"access": str(refresh.access_token)}
        refresh.set_jti()
        refresh.set_exp()
        refresh.set_iat()
        refresh.outstand()
        data["refresh"] = str(refresh)
        return data

    def _use_up(self, refresh) -> None:
        """Blacklist the token, or refuse it if another request just did.

        The blacklist holds one row per token, so of two requests that
        insert the same token's row, the second fails: whatever their timing,
        only one refresh goes through.
        """
        outstanding, _ = OutstandingToken.objects.get_or_create(
            jti=refresh[api_settings.JTI_CLAIM],
            defaults={
                "user_id": refresh.payload.get(api_settings.USER_ID_CLAIM),
                "token": str(refresh),
                "expires_at": datetime_from_epoch(refresh["exp"]),
            },
        )
        try:
            with transaction.atomic():
                BlacklistedToken.objects.create(token=outstanding)
        except IntegrityError as error:
            raise self._refused() from error

    def _refused(self) -> AuthenticationFailed:
        return AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account")
