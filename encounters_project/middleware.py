"""Middleware of the API."""

from django.http import JsonResponse
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
