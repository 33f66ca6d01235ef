"""Users of the service and their roles."""

import re
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from centers.models import Center, validate_reference_id

# A UUID in its usual hyphenated form or as 32 bare hex digits, in any case.
UUID_PATTERN = re.compile(
    r"^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\Z",
    re.IGNORECASE,
)
ME = "me"


class Role(models.TextChoices):
    STUDENT = "Student"
    STAFF_MEMBER = "StaffMember"
    TEACHER = "Teacher"


def validate_user_reference_id(value: str) -> None:
    """A user's reference id must never be read as another kind of identifier."""
    validate_reference_id(value)
    if value == ME or UUID_PATTERN.match(value):
        raise ValidationError(
            "A reference id cannot be “me” or look like a UUID.",
            code="reserved_reference_id",
        )


class User(AbstractUser):
    """A person who signs in: a student, a staff member, a teacher, or nobody in particular.

    A student belongs to at most one home center; a staff member works for
    the centers of their staff assignments.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=16, choices=Role.choices, blank=True, default="")
    reference_id = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_user_reference_id],
        help_text="The student or employee number other systems use, e.g. S-100234.",
    )
    center = models.ForeignKey(
        Center,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name="home center",
        help_text="A student's home center.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["", *Role.values]),
                name="accounts_user_role_valid",
            ),
            models.CheckConstraint(
                condition=Q(center__isnull=True) | Q(role=Role.STUDENT),
                name="accounts_user_home_center_only_for_students",
                violation_error_message="Only students have a home center.",
            ),
        ]

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT

    @property
    def is_staff_member(self) -> bool:
        return self.role == Role.STAFF_MEMBER

    @property
    def can_use_admin(self) -> bool:
        """Superusers and staff members sign in to the admin; nobody else does."""
        return self.is_active and (self.is_superuser or self.is_staff_member)

    @cached_property
    def center_ids(self) -> frozenset[uuid.UUID]:
        """The centers whose encounters this user may take or look after."""
        if self.is_student:
            return frozenset([self.center_id]) if self.center_id else frozenset()
        if self.is_staff_member:
            return frozenset(self.staff_assignments.values_list("center_id", flat=True))
        return frozenset()

    def clean(self) -> None:
        super().clean()
        if self.reference_id == "":
            self.reference_id = None
        if self.center_id and self.role != Role.STUDENT:
            raise ValidationError({"center": "Only students have a home center."})
