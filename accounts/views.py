"""Sign-in for API clients: simplejwt's token views, described for the OpenAPI page."""

import logging
import re

from django.utils.cache import patch_cache_control
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework_simplejwt import views
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer

from accounts.serializers import TokenRefreshSerializer
from accounts.signin import client_address
from accounts.throttling import SignInLimit
from encounters_project.errors import error_code
from encounters_project.schema import ErrorSerializer, ValidationErrorSerializer

logger = logging.getLogger(__name__)

# What a username can be (Django's validator): anything else is not logged.
USERNAME = re.compile(r"[\w.@+-]{1,150}")


class NotStored:
    """Token answers must not be kept by any cache (RFC 6749, section 5.1)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, no_store=True)
        return response


class AuditedRefusals:
    """Each refused sign-in or refresh is an INFO audit line: the username
    tried (when it is one a user could have), the client's address, and
    the reason. Never the password or the token."""

    audit_event = "refused"

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.AuthenticationFailed | exceptions.Throttled):
            logger.info(
                self.audit_event,
                extra={
                    "username": self._username_for_log(),
                    "client": client_address(self.request),
                    "reason": error_code(exc),
                },
            )
        return super().handle_exception(exc)

    def _username_for_log(self) -> str | None:
        data = self.request.data
        username = data.get("username") if hasattr(data, "get") else None
        if username is None:
            return None
        username = str(username)
        return username if USERNAME.fullmatch(username) else "(malformed)"


TOO_MANY = OpenApiResponse(
    ErrorSerializer,
    description="Too many failed sign-ins for this username or from this address; "
    "Retry-After says when to try again.",
)


def by_status(responses: dict) -> dict:
    """The responses in the order of their status codes, as the pages list them."""
    return dict(sorted(responses.items()))


# What both token routes may answer besides their own outcomes.
EVERY_TOKEN_ROUTE = {
    400: OpenApiResponse(ValidationErrorSerializer, description="A field is missing."),
    406: OpenApiResponse(
        ErrorSerializer, description="The Accept header admits neither JSON nor HTML."
    ),
    415: OpenApiResponse(
        ErrorSerializer, description="The body is neither JSON, a form, nor multipart form data."
    ),
    503: OpenApiResponse(
        ErrorSerializer, description="The database cannot be reached; try again shortly."
    ),
}


@extend_schema_view(
    post=extend_schema(
        summary="Sign in",
        description="Trade a username and password for an access token (for "
        "`Authorization: Bearer <token>`) and a refresh token.",
        tags=["sign-in"],
        responses=by_status(
            {
                200: TokenObtainPairSerializer,
                401: OpenApiResponse(ErrorSerializer, description="Wrong username or password."),
                429: TOO_MANY,
                **EVERY_TOKEN_ROUTE,
            }
        ),
    )
)
class TokenObtainPairView(AuditedRefusals, NotStored, views.TokenObtainPairView):
    """POST /api/token/: a new access and refresh token for a username and password.

    Past the failed sign-in limits (accounts.signin), 429 with Retry-After.
    """

    audit_event = "sign-in refused"
    throttle_classes = [SignInLimit]


@extend_schema_view(
    post=extend_schema(
        summary="Refresh an access token",
        description="Trade a refresh token for a new access token.",
        tags=["sign-in"],
        responses=by_status(
            {
                200: TokenRefreshSerializer,
                401: OpenApiResponse(
                    ErrorSerializer, description="The refresh token is not valid."
                ),
                **EVERY_TOKEN_ROUTE,
            }
        ),
    )
)
class TokenRefreshView(AuditedRefusals, NotStored, views.TokenRefreshView):
    """POST /api/token/refresh/: a new access token for a refresh token."""

    audit_event = "refresh refused"
