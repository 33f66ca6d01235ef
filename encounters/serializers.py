"""The answer's shape: the original API's AvailableEncounter, key for key."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from encounters.models import UNIT_NUMBER_MAX, Status


class CenterLocalDateTimeField(serializers.DateTimeField):
    """An instant written in its hosting center's local time, to the second.

    The offset is the center's on that date, daylight saving included, and
    is always numeric: +00:00, never Z.
    """

    def get_attribute(self, instance):
        return super().get_attribute(instance).astimezone(instance.center.zone)

    def to_representation(self, value):
        return value.isoformat(timespec="seconds")


@extend_schema_serializer(component_name="AvailableEncounter")
class EncounterSerializer(serializers.Serializer):
    """One encounter; the field order is the order of the keys in the answer."""

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
