"""The API answers as its OpenAPI description says, for generated input too (schemathesis)."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
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

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _live() -> tuple[object, str]:
    """An app over a throw-away database with one shop (built at import: schemathesis parametrizes then)."""
    db = Path(tempfile.mkdtemp(prefix="socialproof-openapi-")) / "api.db"
    with open_migrated(db) as database, database.atomic():
        create_shop(database, "kahvi", "Kahvi")
        key = create_api_key(database, "kahvi")
    return create_app(Settings(db_path=db)), key


def _schema(app: object) -> schemathesis.BaseSchema:
    spec = copy.deepcopy(document())
    for operations in spec["paths"].values():  # aim generated requests at a shop that exists, and one that doesn't
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "shop":
                    parameter["schema"] = {"enum": ["kahvi", "nope"]}
    schema = schemathesis.openapi.from_dict(spec)
    schema.app = app
    return schema


APP, KEY = _live()
api = _schema(APP)


@api.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_matches_its_description(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"}, checks=CHECKS)


def test_the_description_is_served(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.json()["openapi"].startswith("3.")
    assert "/api/v1/shops/{shop}/products/{product}/reviews" in answer.json()["paths"]
