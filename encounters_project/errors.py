"""One shape for every error answer of the API.

Every error is a JSON object with a human-readable ``Message`` and a
machine-readable ``Code``; a 400 adds ``Errors``, the messages of each
parameter that was wrong. The keys are PascalCase like the rest of the API.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.views import csrf, defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler

API_PREFIX = "/api/"
logger = logging.getLogger(__name__)


class ServiceUnavailable(exceptions.APIException):
    """The database cannot be reached: a 503 the client may retry, not a 500."""

    status_code = 503
    default_detail = "The service cannot reach its database; try again shortly."
    default_code = "service_unavailable"
    wait = 5  # seconds, sent as Retry-After


BAD_REQUEST = "The request cannot be read."
NOT_FOUND = "Not found."


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


def error_code(exc: exceptions.APIException) -> str:
    """The machine-readable code of an API exception: its answer's Code."""
    detail = exc.detail
    # simplejwt puts a dict with its own detail and code in the exception.
    if isinstance(detail, dict) and "detail" in detail:
        return str(detail.get("code", "error"))
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _detail_body(exc: exceptions.APIException) -> dict:
    detail = exc.detail
    if isinstance(detail, dict) and "detail" in detail:
        detail = detail["detail"]
    return error_body(str(detail), error_code(exc))


def api_exception_handler(exc, context):
    """DRF's handler, with the body rewritten into the API's error shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        exc = exceptions.ValidationError({"query": [f"Too many parameters: at most {limit}."]})
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ValidationError({"request": [BAD_REQUEST]})
    elif isinstance(exc, OperationalError | InterfaceError):
        # Django closes the broken connection at the end of the request and
        # opens a new one on the next, so the service recovers by itself.
        logger.warning("Database unavailable: %s", type(exc).__name__)
        exc = ServiceUnavailable()
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


def client_error_body(status: int) -> dict:
    """The body for a 4xx that Django, not the API, produced."""
    if status == 400:
        return _validation_body({"request": [BAD_REQUEST]})
    if status == 403:
        return error_body("You do not have permission to perform this action.", "permission_denied")
    if status == 404:
        return error_body(NOT_FOUND, "not_found")
    if status == 405:
        return error_body("Method not allowed.", "method_not_allowed")
    if status == 412:
        return error_body("A precondition of the request (If-Match) failed.", "precondition_failed")
    return error_body("The request was refused.", "error")


def csrf_failure(request, reason=""):
    """A failed CSRF check: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        body = error_body(f"CSRF verification failed: {reason}", "csrf_failed")
        return JsonResponse(body, status=403)
    return csrf.csrf_failure(request, reason)


def server_error(request):
    """A 500: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        body = error_body(
            "The server failed to answer; the failure has been logged.", "server_error"
        )
        return JsonResponse(body, status=500)
    return defaults.server_error(request)
