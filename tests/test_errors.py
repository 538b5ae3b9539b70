"""One error shape for every error, locked here (../shared/CONTRACT.md)."""

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from socialproof.errors import EXCEPTION_HANDLERS, ApiError


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
        raise ApiError(409, "It exists already.", {"slug": "taken"})

    app = Starlette(routes=[Route("/broken", broken), Route("/refused", refused)],
                    exception_handlers=EXCEPTION_HANDLERS)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/broken")
        assert_contract_shape(response, 500)
        assert response.headers["x-request-id"] in response.json()["error"]
        assert "RuntimeError" not in response.text and "Traceback" not in response.text
        assert_contract_shape(client.get("/refused"), 409)
