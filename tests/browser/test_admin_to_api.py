"""In a real browser: a staff member adds an encounter in the admin, and a
student of that center then finds it in the API."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, CenterFactory, StaffMemberFactory, StudentFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    """A New York center with a staff member and a student, made before Playwright starts."""
    center = CenterFactory(
        name="New York Midtown", reference_id="NYC-MIDTOWN", time_zone="America/New_York"
    )
    return center, StaffMemberFactory(centers=[center]), StudentFactory(center=center)


def test_an_encounter_added_in_the_admin_reaches_the_students_list(
    live_server, people, playwright, page
):
    center, staff, student = people

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("Encounters administration")

    page.goto(f"{live_server.url}/admin/encounters/encounter/add/")
    page.select_option("#id_center", label=f"{center}, {center.time_zone}")
    page.fill("#id_unit_number", "7")
    page.fill("#id_start_0", "2030-07-15")
    page.fill("#id_start_1", "18:00:00")
    page.fill("#id_end_0", "2030-07-15")
    page.fill("#id_end_1", "19:30:00")
    page.select_option("#id_status", "Full")
    page.check("#id_is_online")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    expect(page.locator("#result_list")).to_contain_text("2030-07-15 18:00-04:00")

    api = playwright.request.new_context(base_url=live_server.url)
    token = api.post(
        "/api/token/", form={"username": student.username, "password": PASSWORD}
    ).json()
    answer = api.get(
        "/api/users/me/encounters?from=2030-07-15",
        headers={"Authorization": f"Bearer {token['access']}"},
    )

    assert answer.status == 200
    [encounter] = answer.json()
    assert encounter["UnitNumber"] == 7
    assert encounter["DateTime"] == "2030-07-15T18:00:00-04:00"
    assert encounter["EndDate"] == "2030-07-15T19:30:00-04:00"
    assert (encounter["Status"], encounter["IsOnline"]) == ("Full", True)
    assert encounter["CenterReferenceId"] == "NYC-MIDTOWN"
    api.dispose()
