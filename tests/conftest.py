import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import CenterFactory, StaffMemberFactory, StudentFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Every test starts with no sign-in failures or requests counted: the
    counters live in the cache, which would otherwise outlive a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def center(db):
    return CenterFactory(reference_id="BKK-SILOM", name="Bangkok Silom", time_zone="Asia/Bangkok")


@pytest.fixture
def student(center):
    return StudentFactory(center=center)


@pytest.fixture
def staff_member(center):
    return StaffMemberFactory(centers=[center])
