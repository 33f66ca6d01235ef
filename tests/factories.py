"""Test data: one factory per model, with the role-specific users spelled out."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Role, User
from centers.models import Center, StaffAssignment
from encounters.models import Encounter, Status

PASSWORD = "correct-horse-battery"


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center

    name = factory.Sequence(lambda n: f"Center {n}")
    reference_id = factory.Sequence(lambda n: f"CTR-{n}")
    time_zone = "Asia/Bangkok"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class StudentFactory(UserFactory):
    role = Role.STUDENT
    reference_id = factory.Sequence(lambda n: f"S-{100000 + n}")
    center = factory.SubFactory(CenterFactory)


class StaffMemberFactory(UserFactory):
    role = Role.STAFF_MEMBER
    reference_id = factory.Sequence(lambda n: f"E-{1000 + n}")

    @factory.post_generation
    def centers(self, create, extracted, **kwargs):
        for center in extracted or []:
            StaffAssignment.objects.create(user=self, center=center)


class TeacherFactory(UserFactory):
    role = Role.TEACHER


class EncounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Encounter

    center = factory.SubFactory(CenterFactory)
    unit_number = factory.Sequence(lambda n: 1 + n % 20)
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=1))
    status = Status.AVAILABLE
    is_online = False
