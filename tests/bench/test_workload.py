"""The benchmark's hand-made tokens are ones the product accepts."""

from django.conf import settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from bench import workload
from tests.factories import StudentFactory
from tests.helpers import encounters_url


def test_the_password_claim_is_the_one_simplejwt_checks():
    assert workload.password_claim("!") == get_md5_hash_password("!")


def test_a_benchmark_token_signs_in_a_generated_user(api, center):
    # Generated users carry the unusable hash the workload signs tokens for.
    student = StudentFactory(center=center)
    student.password = workload.PASSWORD_HASH
    student.save(update_fields=["password"])

    token = workload.token(student.id, settings.SECRET_KEY)
    response = api.get(encounters_url("me"), HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
