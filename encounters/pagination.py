"""Paging that keeps the body a bare array and moves the paging into headers."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1

INVALID_LIMIT = f"Enter a whole number from 1 to {MAX_LIMIT}."
INVALID_OFFSET = f"Enter a whole number from 0 to {MAX_OFFSET}."


class HeaderLinkPagination(LimitOffsetPagination):
    """limit/offset paging with the total in X-Total-Count and the pages in Link.

    The Link header follows RFC 8288: `<url>; rel="next"` while more remain,
    `<url>; rel="prev"` past the first page.
    """

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def validate_parameters(self, request) -> None:
        """Read limit and offset, naming both when both are bad."""
        errors = {}
        for read in (self.get_limit, self.get_offset):
            try:
                read(request)
            except ValidationError as error:
                errors.update(error.detail)
        if errors:
            raise ValidationError(errors)

    def get_limit(self, request):
        limit = self._whole_number(request, self.limit_query_param, 1, MAX_LIMIT, INVALID_LIMIT)
        return self.default_limit if limit is None else limit

    def get_offset(self, request):
        offset = self._whole_number(request, self.offset_query_param, 0, MAX_OFFSET, INVALID_OFFSET)
        return offset or 0

    @staticmethod
    def _whole_number(request, name: str, low: int, high: int, message: str) -> int | None:
        raw = request.query_params.get(name, "").strip()
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 10 and low <= int(raw) <= high):
            raise ValidationError({name: [message]})
        return int(raw)

    def get_previous_link(self):
        """The page just before this one: it ends where this one starts (or at
        the last match, past the end), so it may be shorter than the limit."""
        end = min(self.offset, self.count)
        if end <= 0:
            return None
        start = max(0, end - self.limit)
        url = replace_query_param(
            self.request.build_absolute_uri(), self.limit_query_param, end - start
        )
        if start == 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, start)

    def get_paginated_response_schema(self, schema):
        return schema

    def get_schema_operation_parameters(self, view):
        return []  # described with the endpoint, bounds included

    def get_paginated_response(self, data):
        headers = {"X-Total-Count": str(self.count)}
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
            if url
        ]
        if links:
            headers["Link"] = ", ".join(links)
        return Response(data, headers=headers)
