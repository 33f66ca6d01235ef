"""Every error answer has the same shape: Message, Code, and Errors on a 400."""

from tests.conftest import encounters_url


def test_a_body_that_is_not_json_is_a_400_naming_the_body(api, db):
    response = api.post("/api/token/", data="\x00", content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert list(body["Errors"]) == ["body"]
    assert "JSON parse error" in body["Message"]


def test_a_missing_field_is_a_400_naming_the_field(api, db):
    response = api.post("/api/token/", {"username": "someone"})

    assert response.status_code == 400
    assert list(response.json()["Errors"]) == ["password"]


def test_a_refusal_has_a_message_and_a_code(api, db):
    body = api.get(encounters_url("me")).json()

    assert set(body) == {"Message", "Code"}
