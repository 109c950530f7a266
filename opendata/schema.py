"""The OpenAPI description: how it is made, and what is left out of it."""

from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator

from opendata.docs import plain


def without_format_suffixes(endpoints, **kwargs):
    """Spectacular's pre-processing hook: /api/v1/businesses.csv is /api/v1/businesses/?format=csv, said once."""
    return [endpoint for endpoint in endpoints if "{format}" not in endpoint[0]]


def describe_format(result, generator, request, public):
    """Spectacular's post-processing hook: say what ``?format=`` chooses (spectacular lists its values only)."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "format" and parameter["in"] == "query":
                    parameter["description"] = _("json (the default), or csv for the whole filtered list as CSV.")
    return result


@cache
def openapi_schema(language: str) -> dict:
    """The API's OpenAPI 3 description in ``language`` (its texts are translated), made once per process."""
    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        # Resolve the lazy translations now, in this language: the result is plain data.
        return plain(schema)
