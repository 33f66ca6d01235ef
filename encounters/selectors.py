"""Reading encounters."""

from collections.abc import Iterable
from uuid import UUID

from django.db.models import QuerySet

from encounters.models import Encounter


def encounter_list(*, center_ids: Iterable[UUID]) -> QuerySet[Encounter]:
    """The encounters hosted by the given centers, by start and then id."""
    return (
        Encounter.objects.filter(center_id__in=list(center_ids))
        .select_related("center")
        .order_by("start", "id")
    )
