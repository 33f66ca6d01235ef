"""Centers (school locations) and the staff members assigned to them."""

import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property

from centers.timezones import validate_time_zone

# Letters, digits, dots, underscores and hyphens, with at least one letter
# or digit: "." and ".." would be read as path segments in a URL.
validate_reference_id = RegexValidator(
    r"^(?=.*[A-Za-z0-9])[A-Za-z0-9._-]{1,64}\Z",
    "Use 1 to 64 letters, digits, dots, underscores or hyphens, with at least one letter or digit.",
)


class Center(models.Model):
    """A school location; it hosts encounters and keeps time in its own zone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    reference_id = models.CharField(
        max_length=64,
        unique=True,
        validators=[validate_reference_id],
        help_text="The code other systems know the center by, e.g. BKK-SILOM.",
    )
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="IANA time zone, e.g. Asia/Bangkok.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference_id})"

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class StaffAssignment(models.Model):
    """A staff member's assignment to a center they work for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_assignments",
    )
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="staff_assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "center"], name="centers_one_assignment_per_staff_and_center"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.center}"
