"""In a real browser: the interactive API page works with a token from /api/token/."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, EncounterFactory, StudentFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def student(transactional_db):
    student = StudentFactory()
    EncounterFactory.create_batch(
        2, center=student.center, start=timezone.now() + timedelta(days=1)
    )
    return student


def test_try_it_out_with_a_token(live_server, student, playwright, page):
    api = playwright.request.new_context(base_url=live_server.url)
    token = api.post("/api/token/", form={"username": student.username, "password": PASSWORD})
    access = token.json()["access"]
    api.dispose()

    page.goto(f"{live_server.url}/api/docs/")
    page.click("button.authorize")
    bearer = page.locator(".modal-ux .auth-container").filter(has_text="jwtAuth")
    bearer.locator("input").fill(access)
    bearer.locator("button.authorize").click()
    bearer.locator("button.btn-done").click()

    operation = page.locator("#operations-encounters-listUserEncounters")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator('input[placeholder="userIdentifier"]').fill("me")
    operation.locator("button.execute").click()

    answer = operation.locator(".live-responses-table tbody tr").first
    expect(answer.locator(".response-col_status")).to_have_text("200")
    body = json.loads(answer.locator(".response-col_description pre").first.inner_text())
    assert len(body) == 2
    assert list(body[0])[:2] == ["UnitNumber", "Id"]
    expect(answer).to_contain_text("x-total-count: 2")
