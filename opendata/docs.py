"""The documentation page's content, read from the generated OpenAPI description (so the two cannot disagree):
per operation its path, parameters and response fields, in plain rows a template can show as tables."""

import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The operations' tags, in the page's order, with their headings.
TAGS = {
    "businesses": gettext_lazy("Businesses"),
    "meetings": gettext_lazy("Dialogue meetings"),
    "plans": gettext_lazy("Strategic business plans"),
    "procurement": gettext_lazy("Procurement"),
}

# Spectacular lists an enum's values in the description as "* `value` - Label" lines after a blank line.
_CHOICE = re.compile(r"^\* `(?P<value>[^`]*)` - (?P<label>.*)$")


def plain(value):
    """The description with every lazy translation turned into text (in the active language)."""
    return json.loads(json.dumps(value, default=str))


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    type: str
    description: str
    choices: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Field:
    name: str
    type: str
    description: str
    choices: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Operation:
    id: str
    method: str
    path: str
    summary: str
    description: str
    is_list: bool
    parameters: list[Parameter]
    fields: list[Field]
    responses: list[tuple[str, str]]


@dataclass
class Group:
    tag: str
    title: str
    operations: list[Operation]


def split_choices(text: str) -> tuple[str, list[tuple[str, str]]]:
    """("Status", [("open", "Open"), ...]) from spectacular's "Status\n\n* `open` - Open..."."""
    lines = (text or "").split("\n")
    choices = [(m["value"], m["label"]) for m in (_CHOICE.match(line.strip()) for line in lines) if m]
    prose = "\n".join(line for line in lines if not _CHOICE.match(line.strip())).strip()
    return prose, choices


class _Reader:
    def __init__(self, schema: dict):
        self.components = schema.get("components", {}).get("schemas", {})

    def resolve(self, node: dict) -> dict:
        """Follow $ref and the one-element allOf spectacular wraps a described or nullable $ref in."""
        seen = 0
        while seen < 10:
            seen += 1
            if "$ref" in node:
                node = {**self.components[node["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in node.items() if k != "$ref"}}
            elif len(node.get("allOf", [])) == 1:
                inner = node["allOf"][0]
                node = {**self.resolve(inner), **{k: v for k, v in node.items() if k != "allOf"}}
            else:
                break
        return node

    def type_name(self, node: dict) -> str:
        node = self.resolve(node)
        kind = node.get("type", "")
        if kind == "array":
            return _("list of %(type)s") % {"type": self.type_name(node.get("items", {}))}
        if "enum" in node and not kind:
            kind = "string"
        text = f"{kind} ({node['format']})" if node.get("format") else kind
        if node.get("nullable"):
            text = _("%(type)s or null") % {"type": text}
        return text or "object"

    def choices(self, node: dict) -> list[tuple[str, str]]:
        node = self.resolve(node)
        _prose, found = split_choices(node.get("description", ""))
        if found:
            return found
        return [(str(value), "") for value in node.get("enum", []) if value not in ("", None)]

    def fields(self, node: dict, prefix: str = "", depth: int = 0) -> list[Field]:
        node = self.resolve(node)
        rows: list[Field] = []
        for name, prop in node.get("properties", {}).items():
            resolved = self.resolve(prop)
            description, _choices = split_choices(prop.get("description") or resolved.get("description", ""))
            label = f"{prefix}{name}"
            rows.append(Field(label, self.type_name(prop), description, self.choices(prop)))
            inner = resolved.get("items", {}) if resolved.get("type") == "array" else resolved
            if depth < 4 and self.resolve(inner).get("properties"):
                suffix = "[]." if resolved.get("type") == "array" else "."
                rows += self.fields(inner, prefix=f"{label}{suffix}", depth=depth + 1)
        return rows


def _response_fields(reader: _Reader, operation: dict) -> tuple[bool, list[Field]]:
    content = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
    body = reader.resolve(content.get("schema", {}))
    results = body.get("properties", {}).get("results")
    if results is not None and "count" in body.get("properties", {}):
        return True, reader.fields(reader.resolve(results).get("items", {}))
    return False, reader.fields(body)


def describe(schema: dict) -> dict:
    """{title, version, groups: [Group]} for the documentation page."""
    reader = _Reader(schema)
    titles = {tag: str(title) for tag, title in TAGS.items()}
    groups: dict[str, Group] = {}
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            is_list, fields = _response_fields(reader, operation)
            parameters = []
            for parameter in operation.get("parameters", []):
                description, choices = split_choices(parameter.get("description", ""))
                parameters.append(
                    Parameter(
                        name=parameter["name"],
                        location=parameter["in"],
                        required=bool(parameter.get("required")),
                        type=reader.type_name(parameter.get("schema", {})),
                        description=description,
                        choices=choices or reader.choices(parameter.get("schema", {})),
                    )
                )
            responses = [
                (code, response.get("description", "")) for code, response in sorted(operation.get("responses", {}).items())
            ]
            tag = (operation.get("tags") or [""])[0]
            group = groups.setdefault(tag, Group(tag=tag, title=titles.get(tag, tag), operations=[]))
            group.operations.append(
                Operation(
                    id=operation.get("operationId", ""),
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    is_list=is_list,
                    parameters=parameters,
                    fields=fields,
                    responses=responses,
                )
            )
    ordered = sorted(groups.values(), key=lambda g: list(TAGS).index(g.tag) if g.tag in TAGS else len(TAGS))
    info = schema.get("info", {})
    return {"title": info.get("title", ""), "version": info.get("version", ""), "groups": ordered}
