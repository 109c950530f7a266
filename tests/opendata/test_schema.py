"""The OpenAPI description: served as YAML and JSON, valid against the OpenAPI 3.0 meta-schema, loadable by
schemathesis, and a bounded schema-driven fuzz run over every operation finds no 5xx and only answers that
conform to it."""

import json
from pathlib import Path

import drf_spectacular
import jsonschema
import pytest
import schemathesis
import yaml
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from opendata.schema import openapi_schema
from tests.opendata.test_keys import BAD_KEYS

META_SCHEMA = Path(drf_spectacular.__file__).parent / "validation" / "openapi_3_0_schema.json"
OPERATIONS = [
    "businesses_list",
    "businesses_retrieve",
    "measures_list",
    "measures_retrieve",
    "meetings_list",
    "meetings_retrieve",
    "notices_list",
    "notices_retrieve",
    "planned_procurements_list",
    "planned_procurements_retrieve",
    "plans_list",
    "plans_retrieve",
    "procurement_plans_list",
    "procurement_plans_retrieve",
]


def test_the_description_is_served_as_yaml_and_json(client, db):
    as_yaml = client.get("/api/schema/")
    assert as_yaml["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    as_json = client.get("/api/schema/?format=json")
    assert as_json["Content-Type"] == "application/vnd.oai.openapi+json"
    assert yaml.safe_load(as_yaml.content) == json.loads(as_json.content)
    assert client.get("/api/schema/", headers={"Accept": "application/json"}).json() == json.loads(as_json.content)


def test_the_description_validates_against_the_openapi_3_0_meta_schema(client, db):
    description = client.get("/api/schema/?format=json", headers={"Accept-Language": "en"}).json()
    meta = json.loads(META_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(instance=description, schema=meta)  # raises on the first error
    assert description["openapi"] == "3.0.3"
    assert description["info"]["title"] == "Næringsportal open data API"
    operations = sorted(op["operationId"] for methods in description["paths"].values() for op in methods.values())
    assert operations == OPERATIONS
    assert all("post" not in methods and "delete" not in methods for methods in description["paths"].values())


def test_schemathesis_loads_every_operation(db):
    schema = schemathesis.openapi.from_dict(openapi_schema("en"))
    found = sorted(result.ok().definition.raw["operationId"] for result in schema.get_all_operations())
    assert found == OPERATIONS


def test_the_description_is_in_the_readers_language(client, db):
    english = client.get("/api/schema/?format=json", headers={"Accept-Language": "en"}).json()
    bokmål = client.get("/api/schema/?format=json", headers={"Accept-Language": "nb"}).json()
    assert english["paths"]["/api/v1/businesses/"]["get"]["summary"] == "Businesses in the register"
    assert bokmål["paths"]["/api/v1/businesses/"]["get"]["summary"] == "Bedrifter i registeret"


def test_every_filter_of_the_lists_is_described(client, db):
    description = openapi_schema("en")

    def parameters(path):
        return sorted(p["name"] for p in description["paths"][path]["get"]["parameters"])

    assert parameters("/api/v1/businesses/") == [
        "division",
        "format",
        "municipality",
        "organisation_form",
        "page",
        "page_size",
        "q",
        "registered_from",
        "registered_to",
        "section",
        "size",
        "sort",
        "status",
    ]
    assert parameters("/api/v1/notices/") == [
        "buyer",
        "closing",
        "cpv",
        "deadline_from",
        "deadline_to",
        "format",
        "page",
        "page_size",
        "q",
        "served",
        "sort",
        "status",
        "type",
        "value_from",
        "value_to",
    ]
    assert parameters("/api/v1/meetings/") == ["format", "minutes", "page", "page_size", "starts_from", "starts_to", "state"]


# --- The fuzz run -------------------------------------------------------------------------------------------

FUZZ = schemathesis.openapi.from_dict(openapi_schema("en"))
FUZZ.app = WSGIHandler()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/hour", "user": "100000/hour"},
    }


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection around each request; Django's test client does not. On
    PostgreSQL that would end the test's transaction, so keep it open as the test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@FUZZ.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_fuzz_every_operation_finds_no_5xx_and_only_described_answers(case, open_data, unthrottled, keep_connection):
    response = case.call()
    case.validate_response(response, checks=CHECKS)


# Every detail again, with keys of the wrong shape in its path (NUL, spaces, too long, digits that are not ASCII,
# and whatever text Hypothesis makes): a JSON 404 that the description allows, never a 5xx.
DETAILS = FUZZ.include(operation_id_regex="_retrieve$")


def _stays_in_place(key: str) -> bool:
    """Not "", "." or "..", nor such a part between slashes, which the client resolves into another path; no "?" or
    "#", which it sends as they are, so they end the path."""
    return "?" not in key and "#" not in key and all(part not in ("", ".", "..") for part in key.split("/"))


@DETAILS.parametrize()
@DETAILS.given(key=(st.sampled_from(BAD_KEYS) | st.text(max_size=40)).filter(_stays_in_place))
@settings(
    max_examples=len(BAD_KEYS) + 20,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_fuzz_every_detail_with_keys_of_the_wrong_shape(case, key, open_data, unthrottled, keep_connection):
    (name,) = case.path_parameters
    case.path_parameters[name] = key
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    assert response.status_code in (200, 404), (key, response.status_code)
