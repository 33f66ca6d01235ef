"""Paging that keeps the body a bare array and moves the paging into headers."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1

INVALID_LIMIT = f"Enter a whole number from 1 to {MAX_LIMIT}."
INVALID_OFFSET = f"Enter a whole number from 0 to {MAX_OFFSET}."


def _whole_number(request, name: str, *, low: int, high: int, message: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ValidationError({name: [message]})
    return int(raw)


class HeaderLinkPagination(LimitOffsetPagination):
    """limit/offset paging with the total in X-Total-Count and the pages in Link.

    The Link header follows RFC 8288: `<url>; rel="next"` while more remain,
    `<url>; rel="prev"` past the first page.
    """

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        limit = _whole_number(
            request, self.limit_query_param, low=1, high=MAX_LIMIT, message=INVALID_LIMIT
        )
        return self.default_limit if limit is None else limit

    def get_offset(self, request):
        offset = _whole_number(
            request, self.offset_query_param, low=0, high=MAX_OFFSET, message=INVALID_OFFSET
        )
        return offset or 0

    def paginate_queryset(self, queryset, request, view=None):
        # Read both parameters before counting, so a bad offset costs no query.
        self.get_offset(request)
        return super().paginate_queryset(queryset, request, view)

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
