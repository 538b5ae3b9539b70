"""The API answers as its OpenAPI description says, for generated input too (schemathesis)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.db.store import open_migrated
from socialproof.shops.api_keys import create_api_key
from socialproof.shops.registry import create_shop
from socialproof.web.openapi import document
from tests.properties import examples, fast_loop

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asgi.ASGIClient, str]]:
    """Schemathesis' client of an app over a throw-away database with one shop, and that shop's key.

    One client for the module, not one a request, and blind to the environment's proxy settings,
    which `requests` would otherwise read again for each of the thousands of requests."""
    db = tmp_path_factory.mktemp("openapi") / "api.db"
    with open_migrated(db) as database, database.atomic():
        create_shop(database, "kahvi", "Kahvi")
        key = create_api_key(database, "kahvi")
    LATER.app = create_app(Settings(db_path=db))
    client = asgi.get_client(LATER)
    client.trust_env = False
    with client:  # starts the app's lifespan
        yield client, key
    asgi.shutdown_lifespans()


def _schema(app: object) -> schemathesis.BaseSchema:
    spec = copy.deepcopy(document())
    for operations in spec["paths"].values():  # aim generated requests at a shop that exists, and one that doesn't
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "shop":
                    parameter["schema"] = {"enum": ["kahvi", "nope"]}
    schema = schemathesis.openapi.from_dict(spec)
    schema.app = app
    # The boundary values of every parameter (schemathesis' coverage phase: 2,400 requests, three quarters of
    # this file's time) in a whole run; the fast loop checks each operation on its fuzzed inputs only.
    schema.config.phases.coverage.enabled = not fast_loop()
    return schema


class LaterApp:
    """Stands in for the app until the module's fixture makes it, so importing makes no database."""

    app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


LATER = LaterApp()
api = _schema(LATER)


@api.parametrize()
@examples(20, health_checks=list(HealthCheck))
def test_every_operation_matches_its_description(case, live_api):
    client, key = live_api
    case.call_and_validate(session=client, headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)


def test_the_description_is_served(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.json()["openapi"].startswith("3.")
    assert "/api/v1/shops/{shop}/products/{product}/reviews" in answer.json()["paths"]
