"""Reading encounters."""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import BigIntegerField, Func, QuerySet

from encounters.models import Encounter


class EpochSeconds(Func):
    """A timestamp as whole seconds since 1970.

    The list reads its times this way: Django loads a PostgreSQL timestamp
    through a pure-Python parser, many times slower than reading an integer,
    and encounters are kept to the second anyway.
    """

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::bigint", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        # %%%%s: the template's formatting leaves %%s, which SQLite's parameter
        # substitution turns into strftime's %s (seconds since 1970).
        return self.as_sql(
            compiler,
            connection,
            template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)",
            **extra,
        )


# What the answer needs of an encounter and its center, read as plain rows:
# building model instances would cost more than the rest of the request.
LIST_COLUMNS = (
    "id",
    "unit_number",
    "start_epoch",
    "end_epoch",
    "status",
    "is_online",
    "center_id",
    "center__name",
    "center__reference_id",
    "center__time_zone",
)

# Built once: every request only adds its filters to a copy. It is never
# evaluated itself (filter() clones), so it holds no rows between requests.
_LIST = (
    Encounter.objects.annotate(start_epoch=EpochSeconds("start"), end_epoch=EpochSeconds("end"))
    .order_by("start", "id")
    .values(*LIST_COLUMNS)
)


def encounter_list(*, center_ids: Iterable[UUID]) -> QuerySet:
    """The encounters hosted by the given centers, by start and then id, as rows."""
    return _LIST.filter(center_id__in=list(center_ids))
