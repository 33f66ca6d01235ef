"""Pieces of the OpenAPI description shared by the API's views."""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """Every error answer."""

    Message = serializers.CharField(help_text="What went wrong, for people.")
    Code = serializers.CharField(
        help_text="What went wrong, for programs: not_authenticated, authentication_failed, "
        "token_not_valid, permission_denied, not_acceptable, invalid, ..."
    )


class ValidationErrorSerializer(ErrorSerializer):
    """A 400: the request could not be read."""

    Errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The messages for each parameter or field that was wrong, by its name.",
    )


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, naming a paged list for what it is: a bare array."""

    def get_paginated_name(self, serializer_name: str) -> str:
        return f"{serializer_name}List"


RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    response=[429, 503],
    description="Seconds to wait before trying again.",
)

WWW_AUTHENTICATE = OpenApiParameter(
    "WWW-Authenticate",
    str,
    OpenApiParameter.HEADER,
    response=[401],
    description='The scheme to sign in with: Bearer realm="api".',
)


def document_each_view_once(endpoints):
    """Document a view routed at two paths (with and without a trailing slash) once,
    under the route listed first."""
    seen = set()
    documented = []
    for path, regex, method, callback in endpoints:
        if (callback, method) not in seen:
            seen.add((callback, method))
            documented.append((path, regex, method, callback))
    return documented


def hide_format_parameter(result, generator, request, public):
    """Leave ?format= out: browsers' convenience, not part of the API's contract."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            parameters = [p for p in operation.get("parameters", []) if p.get("name") != "format"]
            if parameters:
                operation["parameters"] = parameters
            else:
                operation.pop("parameters", None)
    return result
