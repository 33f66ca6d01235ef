"""The answer's shape: the original API's AvailableEncounter, key for key."""

from rest_framework import serializers

from encounters.models import Status


class CenterLocalDateTimeField(serializers.DateTimeField):
    """An instant written in its hosting center's local time, to the second.

    The offset is the center's on that date, daylight saving included, and
    is always numeric: +00:00, never Z.
    """

    def get_attribute(self, instance):
        return super().get_attribute(instance).astimezone(instance.center.zone)

    def to_representation(self, value):
        return value.isoformat(timespec="seconds")


class EncounterSerializer(serializers.Serializer):
    """One encounter; the field order is the order of the keys in the answer."""

    UnitNumber = serializers.IntegerField(source="unit_number")
    Id = serializers.UUIDField(source="id")
    DateTime = CenterLocalDateTimeField(source="start")
    EndDate = CenterLocalDateTimeField(source="end")
    Duration = serializers.IntegerField(
        source="duration_minutes", help_text="Whole minutes from start to end."
    )
    Status = serializers.ChoiceField(source="status", choices=Status.choices)
    IsOnline = serializers.BooleanField(source="is_online")
    CenterId = serializers.UUIDField(source="center_id")
    CenterName = serializers.CharField(source="center.name")
    CenterReferenceId = serializers.CharField(source="center.reference_id")
