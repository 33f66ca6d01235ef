"""Reading encounters."""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import QuerySet

from encounters.models import Encounter

# What the answer needs of an encounter and its center, read as plain rows:
# building model instances would cost more than the rest of the request.
LIST_COLUMNS = (
    "id",
    "unit_number",
    "start",
    "end",
    "status",
    "is_online",
    "center_id",
    "center__name",
    "center__reference_id",
    "center__time_zone",
)


# Built once: every request only adds its filters to a copy. It is never
# evaluated itself (filter() clones), so it holds no rows between requests.
_LIST = Encounter.objects.order_by("start", "id").values(*LIST_COLUMNS)


def encounter_list(*, center_ids: Iterable[UUID]) -> QuerySet:
    """The encounters hosted by the given centers, by start and then id, as rows."""
    return _LIST.filter(center_id__in=list(center_ids))
