"""Middleware: structured request logs, and JSON errors under /api/."""

import logging
import re
import time
import uuid

from django.http import JsonResponse
from django.middleware import http
from django.utils.cache import get_conditional_response
from django.utils.functional import SimpleLazyObject, empty
from rest_framework.response import Response

from encounters_project.errors import API_PREFIX, client_error_body


class JSONClientErrorsMiddleware:
    """Under /api/, a 4xx that Django rendered as HTML becomes the API's JSON error.

    Such answers come from outside the API's views: a path that matches
    nothing (a debug page while DEBUG is on), a disallowed Host, a CSRF
    failure. Answers of the views themselves, the browsable API's HTML
    included, pass untouched. Placed above CommonMiddleware, it sees a 404
    only after the trailing-slash redirect had its chance.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and 400 <= response.status_code < 500
            and not isinstance(response, Response)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = JsonResponse(
                client_error_body(response.status_code), status=response.status_code
            )
            if "Allow" in response:
                replacement["Allow"] = response["Allow"]
            return replacement
        return response


# A client's request id is kept when it looks like one; anything else is
# replaced, so that no header value is written into the logs as it came.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}\Z")

request_log = logging.getLogger("encounters_project.requests")


class RequestLogMiddleware:
    """Gives every request an id and logs one structured line once it is answered.

    The id is the client's X-Request-ID when it is a sane one, a new one
    otherwise, and goes back in the answer's X-Request-ID. The line holds the
    method, the route, the status, the duration, the user's id and the
    request id; never a token, a password, a query string or a body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex

        response = self.get_response(request)

        response["X-Request-ID"] = request.request_id
        match = getattr(request, "resolver_match", None)
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "user_id": _user_id(request),
                "request_id": request.request_id,
            },
        )
        return response


def _user_id(request) -> str | None:
    # Never evaluate a lazy user here: for a request that did not look at
    # it, that would cost a session query just to write the log line.
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    if user is None or not user.is_authenticated:
        return None
    return str(user.pk)


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's, for HEAD as well as GET: a HEAD is a GET without the body
    (RFC 9110, 9.3.2), so a matching If-None-Match is a 304 for it too."""

    def process_response(self, request, response):
        if request.method != "HEAD":
            return super().process_response(request, response)
        if response.has_header("ETag"):
            return get_conditional_response(
                request, etag=response["ETag"], last_modified=None, response=response
            )
        return response
