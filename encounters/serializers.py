"""The answer's shape: the original API's AvailableEncounter, key for key."""

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from encounters.models import UNIT_NUMBER_MAX, Status


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_time(epoch_seconds: int, zone_name: str) -> str:
    """An instant in a center's local time, to the second, with the offset it
    has on that date (daylight saving included), always numeric: never Z."""
    return datetime.fromtimestamp(epoch_seconds, _zone(zone_name)).isoformat(timespec="seconds")


class CenterLocalDateTimeField(serializers.DateTimeField):
    """An instant written in its hosting center's local time (see local_time)."""


@extend_schema_serializer(component_name="AvailableEncounter")
class EncounterSerializer(serializers.Serializer):
    """One encounter; the field order is the order of the keys in the answer."""

    # The fields describe the answer, for the OpenAPI document. The answer
    # itself is built from a row of encounter_list() by to_representation(),
    # in one step: field by field cost more than the rest of the request.

    UnitNumber = serializers.IntegerField(
        source="unit_number", min_value=1, max_value=UNIT_NUMBER_MAX, help_text="The unit taught."
    )
    Id = serializers.UUIDField(source="id", help_text="The encounter's id.")
    DateTime = CenterLocalDateTimeField(
        source="start", help_text="The start, in the hosting center's local time."
    )
    EndDate = CenterLocalDateTimeField(
        source="end", help_text="The end, in the hosting center's local time."
    )
    Duration = serializers.IntegerField(
        source="duration_minutes", min_value=0, help_text="Whole minutes from start to end."
    )
    Status = serializers.ChoiceField(
        source="status", choices=Status.choices, help_text="Whether it can still be booked."
    )
    IsOnline = serializers.BooleanField(source="is_online", help_text="Whether it is held online.")
    CenterId = serializers.UUIDField(source="center_id", help_text="The hosting center's id.")
    CenterName = serializers.CharField(source="center.name", help_text="The hosting center's name.")
    CenterReferenceId = serializers.CharField(
        source="center.reference_id",
        help_text="The code other systems know the hosting center by.",
    )

    def to_representation(self, row):
        zone = row["center__time_zone"]
        return {
            "UnitNumber": row["unit_number"],
            "Id": str(row["id"]),
            "DateTime": local_time(row["start_epoch"], zone),
            "EndDate": local_time(row["end_epoch"], zone),
            "Duration": (row["end_epoch"] - row["start_epoch"]) // 60,
            "Status": row["status"],
            "IsOnline": row["is_online"],
            "CenterId": str(row["center_id"]),
            "CenterName": row["center__name"],
            "CenterReferenceId": row["center__reference_id"],
        }
