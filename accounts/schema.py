"""How the OpenAPI description names this project's sign-in pieces."""

from drf_spectacular.contrib.rest_framework_simplejwt import (
    SimpleJWTScheme,
    TokenRefreshSerializerExtension,
)


class JWTScheme(SimpleJWTScheme):
    target_class = "accounts.authentication.JWTAuthentication"
    name = "jwtAuth"


class TokenRefreshSchema(TokenRefreshSerializerExtension):
    target_class = "accounts.serializers.TokenRefreshSerializer"
