"""One shape for every error answer of the API.

Every error is a JSON object with a human-readable ``Message`` and a
machine-readable ``Code``; a 400 adds ``Errors``, the messages of each
parameter that was wrong. The keys are PascalCase like the rest of the API.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler

API_PREFIX = "/api/"


def error_body(message: str, code: str, errors: dict[str, list[str]] | None = None) -> dict:
    body = {"Message": message, "Code": code}
    if errors is not None:
        body["Errors"] = errors
    return body


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _validation_body(detail) -> dict:
    if isinstance(detail, dict):
        errors = {str(name): _messages(value) for name, value in detail.items()}
    else:
        errors = {"request": _messages(detail)}
    summary = " ".join(f"{name}: {messages[0]}" for name, messages in errors.items())
    return error_body(f"The request is invalid. {summary}", "invalid", errors)


def _detail_body(exc: exceptions.APIException) -> dict:
    detail = exc.detail
    # simplejwt puts a dict with its own detail and code in the exception.
    if isinstance(detail, dict) and "detail" in detail:
        return error_body(str(detail["detail"]), str(detail.get("code", "error")))
    codes = exc.get_codes()
    return error_body(str(detail), codes if isinstance(codes, str) else exc.default_code)


def api_exception_handler(exc, context):
    """DRF's handler, with the body rewritten into the API's error shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc.detail)
    elif isinstance(exc, exceptions.ParseError):
        response.data = _validation_body({"body": [exc.detail]})
    else:
        response.data = _detail_body(exc)
    return response


def _json_or_default(request, status: int, message: str, code: str, default):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(message, code), status=status)
    return default()


def bad_request(request, exception=None):
    return _json_or_default(
        request,
        400,
        "Bad request.",
        "bad_request",
        lambda: defaults.bad_request(request, exception),
    )


def permission_denied(request, exception=None):
    return _json_or_default(
        request,
        403,
        "You do not have permission to perform this action.",
        "permission_denied",
        lambda: defaults.permission_denied(request, exception),
    )


def page_not_found(request, exception=None):
    return _json_or_default(
        request,
        404,
        "Not found.",
        "not_found",
        lambda: defaults.page_not_found(request, exception),
    )


def server_error(request):
    return _json_or_default(
        request,
        500,
        "The server failed to answer; the failure has been logged.",
        "server_error",
        lambda: defaults.server_error(request),
    )
