"""One error shape for every error, locked here (../shared/CONTRACT.md)."""

import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from socialproof.errors import Conflict
from socialproof.web.problems import EXCEPTION_HANDLERS
from tests.client import TestClient


def assert_contract_shape(response, status):
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) <= {"error", "errors"} and isinstance(body["error"], str) and body["error"].endswith(".")
    if "errors" in body:
        assert body["errors"] and all(isinstance(k, str) and isinstance(v, str) for k, v in body["errors"].items())


def test_unknown_path_and_wrong_method(client):
    assert_contract_shape(client.get("/no/such/path"), 404)
    assert_contract_shape(client.delete("/embed.js"), 405)


def test_field_errors_carry_errors(client):
    response = client.post("/api/v1/shops/kahvi/products/P1/reviews", json={})
    assert_contract_shape(response, 422)
    assert "errors" in response.json()


def test_an_unexpected_failure_is_a_500_in_the_same_shape_with_a_request_id():
    async def broken(request):
        raise RuntimeError("a bug")

    async def refused(request):
        raise Conflict("It exists already.", {"slug": "taken"})

    app = Starlette(
        routes=[Route("/broken", broken), Route("/refused", refused)], exception_handlers=EXCEPTION_HANDLERS
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/broken")
        assert_contract_shape(response, 500)
        assert response.headers["x-request-id"] in response.json()["error"]
        assert "RuntimeError" not in response.text and "Traceback" not in response.text
        assert_contract_shape(client.get("/refused"), 409)


@pytest.mark.parametrize(
    "headers, query, expected",
    [
        ({}, "", "There is no shop 'nope'."),
        ({"Accept-Language": "fi-FI,fi;q=0.9"}, "", "Kauppaa 'nope' ei ole."),
        ({"Accept-Language": "fi"}, "?lang=sv", "Det finns ingen butik 'nope'."),
    ],
)
def test_errors_come_in_the_requested_language(client, headers, query, expected):
    answer = client.get(f"/api/v1/shops/nope/products/P1/summary{query}", headers=headers)
    assert answer.status_code == 404 and answer.json()["error"] == expected


def test_auth_and_field_errors_are_translated_too(client, shops):
    sv = {"Accept-Language": "sv"}
    assert (
        client.get("/api/v1/shops/kahvi/moderation", headers=sv).json()["error"]
        == "Det här kräver butikens API-nyckel som 'Authorization: Bearer KEY'."
    )
    answer = client.post("/api/v1/shops/kahvi/events", json={"type": "view"}, headers=sv | shops.auth("kahvi"))
    assert answer.json()["errors"]["product"] == "1–100 tecken: bokstäver, siffror och . _ : -"
    assert (
        client.get("/no/such/page", headers={"Accept-Language": "fi"}).json()["error"]
        == "Täällä ei ole mitään: tarkista osoite."
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/shops/kahvi/reviews/9223372036854775808/helpful",
        "/api/v1/shops/kahvi/reviews/99999999999999999999/moderation",
    ],
)
def test_an_id_too_large_for_the_database_is_simply_not_found(client, path):
    # Found by schemathesis: such ids once reached SQLite and overflowed into a 500.
    assert_contract_shape(client.post(path, json={"action": "approve"}), 404)


def test_a_500_closes_the_connection_and_carries_the_security_headers():
    async def broken(request):
        raise RuntimeError("a bug")

    app = Starlette(
        routes=[Route("/broken", broken), Route("/admin/broken", broken)], exception_handlers=EXCEPTION_HANDLERS
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        public, workspace = client.get("/broken"), client.get("/admin/broken")
    assert public.status_code == workspace.status_code == 500
    assert public.headers["connection"] == "close" and public.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in workspace.headers["content-security-policy"]


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/admin/no/such/page"),
        ("DELETE", "/admin/login"),
        ("GET", "/admin/shops/kahvi/photos/1"),
        ("POST", "/admin/logout"),
    ],
)
def test_every_workspace_answer_carries_the_workspace_headers_whatever_its_type(client, method, path):
    answer = client.request(method, path, follow_redirects=False)
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"], (answer.status_code, path)
    assert answer.headers["x-frame-options"] == "DENY" and answer.headers["cache-control"] == "no-store"
