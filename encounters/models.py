"""Encounters: the scheduled classes a center hosts."""

import uuid
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from centers.models import Center


class Status(models.TextChoices):
    """Whether an encounter can still be booked (AvailableClassStatus)."""

    AVAILABLE = "Available"
    FULL = "Full"
    CANCELLED = "Cancelled"


UNIT_NUMBER_MAX = 32767

# No class lasts longer. The list reads "not ended yet" as "ends after now
# and starts after now less this", so that an index on the start finds it.
LONGEST = timedelta(hours=24)

# Every encounter lies in these years. Beyond them a center's local time may
# not exist in Python's calendar (year 9999 plus an offset), and before them
# some zones had offsets in seconds, which no ±HH:MM can write.
EARLIEST_START = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_END = datetime(2100, 1, 1, tzinfo=UTC)


class Encounter(models.Model):
    """One scheduled class of one unit, hosted by one center."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Indexed by encounters_list below, which leads with the center.
    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="encounters", db_index=False
    )
    unit_number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(UNIT_NUMBER_MAX)]
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AVAILABLE)
    is_online = models.BooleanField(default=False)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="encounters_end_after_start",
                violation_error_message="The end must be after the start.",
            ),
            models.CheckConstraint(
                condition=Q(unit_number__gte=1),
                name="encounters_unit_number_positive",
                violation_error_message="The unit number must be 1 or more.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="encounters_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(end__lte=F("start") + LONGEST),
                name="encounters_at_most_a_day_long",
                violation_error_message="An encounter lasts at most 24 hours.",
            ),
            models.CheckConstraint(
                condition=Q(start__gte=EARLIEST_START, end__lte=LATEST_END),
                name="encounters_within_supported_years",
                violation_error_message="An encounter must take place from 2000 to 2099.",
            ),
        ]
        indexes = [
            # The list endpoint: one or a few centers, a range of starts, in
            # the list's order. It covers every column the list reads, so
            # PostgreSQL counts and reads the rows from the index alone.
            models.Index(
                fields=["center", "start", "id"],
                include=["end", "unit_number", "status", "is_online"],
                name="encounters_list",
            ),
        ]

    def __str__(self) -> str:
        local_start = self.start.astimezone(self.center.zone)
        where = self.center.reference_id
        return f"Unit {self.unit_number} at {where}, {local_start:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Timetables are kept to the second, as the API writes them: a
        # fraction would make Duration disagree with the times shown.
        self.start = self.start.replace(microsecond=0) if self.start else self.start
        self.end = self.end.replace(microsecond=0) if self.end else self.end
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end must be after the start."})

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)
