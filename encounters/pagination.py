"""Paging that keeps the body a bare array and moves the paging into headers."""

from django import forms
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1

INVALID_LIMIT = f"Enter a whole number from 1 to {MAX_LIMIT}."
INVALID_OFFSET = f"Enter a whole number from 0 to {MAX_OFFSET}."


class WholeNumberField(forms.Field):
    """A whole number in ASCII digits within bounds: no sign, no decimals."""

    def __init__(self, *, low: int, high: int, message: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.low, self.high = low, high
        self.error_messages["invalid"] = message

    def to_python(self, value):
        if value in self.empty_values:
            return None
        digits = str(value).strip()
        if not (digits.isascii() and digits.isdigit() and len(digits) <= len(str(self.high))):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not self.low <= int(digits) <= self.high:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(digits)


def limit_field(**kwargs) -> WholeNumberField:
    return WholeNumberField(low=1, high=MAX_LIMIT, message=INVALID_LIMIT, **kwargs)


def offset_field(**kwargs) -> WholeNumberField:
    return WholeNumberField(low=0, high=MAX_OFFSET, message=INVALID_OFFSET, **kwargs)


def with_total(queryset):
    """The queryset's rows, each with the number of all its matches as
    ``total_count``, counted by a scalar subquery over the same conditions.

    PostgreSQL runs the subquery once and counts from the index, cheaper than
    COUNT(*) OVER (), which keeps every match. The subquery reuses the
    conditions already compiled for the page: building it as a Subquery of a
    cloned queryset costs more than the database takes to run both. The
    conditions must be on the queryset's own table, as the list's filters
    are; raises EmptyResultSet when they can match nothing.
    """
    query = queryset.query
    table = query.get_meta().db_table
    compiler = query.get_compiler(queryset.db)
    try:
        conditions, params = compiler.compile(query.where)
    except FullResultSet:  # no conditions: count every row
        conditions, params = "1 = 1", []
    # The SQL is the compiler's own; every value travels as a parameter.
    count = f"SELECT COUNT(*) FROM {compiler.quote_name_unless_alias(table)} WHERE {conditions}"  # noqa: S608
    total = RawSQL(count, params, output_field=IntegerField())  # noqa: S611
    return queryset.annotate(total_count=total)


class HeaderLinkPagination(LimitOffsetPagination):
    """limit/offset paging with the total in X-Total-Count and the pages in Link.

    The Link header follows RFC 8288: `<url>; rel="next"` while more remain,
    `<url>; rel="prev"` past the first page.
    """

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        limit = self._read(request, self.limit_query_param, limit_field())
        return self.default_limit if limit is None else limit

    def get_offset(self, request):
        return self._read(request, self.offset_query_param, offset_field()) or 0

    @staticmethod
    def _read(request, name: str, field: WholeNumberField) -> int | None:
        try:
            return field.clean(request.query_params.get(name))
        except forms.ValidationError as error:
            raise ValidationError({name: error.messages}) from error

    def paginate_queryset(self, queryset, request, view=None):
        """One page of rows, with the total of all matches read in the same
        query (see with_total). A second query counts only past the end,
        where the page is empty."""
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        try:
            counted = with_total(queryset)
        except EmptyResultSet:  # no centers: nothing can match
            self.count = 0
            return []
        page = list(counted[self.offset : self.offset + self.limit])
        if page:
            self.count = page[0]["total_count"]
        else:
            self.count = queryset.count() if self.offset else 0
        return page

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
