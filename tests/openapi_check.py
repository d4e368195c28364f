"""Checking the API against its OpenAPI description: the document's own shape
(every reference resolves, every operation answers) and a JSON Schema subset
(type, enum, required, properties, items, allOf, $ref) to validate answers."""

from __future__ import annotations

from typing import Any

JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def resolve(document: dict, ref: str) -> dict:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        for value in node.values():
            found += refs(value)
        return found
    if isinstance(node, list):
        return [ref for item in node for ref in refs(item)]
    return []


def check_document(document: dict) -> None:
    """What an OpenAPI 3.1 document must have, and that nothing dangles."""
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["paths"]
    for ref in refs(document):
        resolve(document, ref)
    operation_ids = []
    for path, item in document["paths"].items():
        assert path.startswith("/")
        for method, operation in item.items():
            assert method in {"get", "head", "options"}, method
            operation_ids.append(operation["operationId"])
            assert "200" in operation["responses"]
            for response in operation["responses"].values():
                assert "description" in response
            names = [p["name"] for p in operation.get("parameters", [])]
            assert len(names) == len(set(names)), path
            for param in operation.get("parameters", []):
                assert param["in"] in {"query", "path"}
                assert "schema" in param
                if param["in"] == "path":
                    assert param["required"] is True
                    assert "{" + param["name"] + "}" in path
    assert len(operation_ids) == len(set(operation_ids))


def errors(document: dict, schema: dict, value: Any, where: str = "$") -> list[str]:
    """Where `value` breaks `schema` (empty when it validates)."""
    if "$ref" in schema:
        return errors(document, resolve(document, schema["$ref"]), value, where)
    found: list[str] = []
    for part in schema.get("allOf", []):
        found += errors(document, part, value, where)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            isinstance(value, JSON_TYPES[t])
            and not (t in ("integer", "number") and isinstance(value, bool))
            for t in types
        )
        if not ok:
            return [f"{where}: {value!r} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{where}: missing {key}")
        for key, subschema in schema.get("properties", {}).items():
            if key in value:
                found += errors(document, subschema, value[key], f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for n, item in enumerate(value):
            found += errors(document, schema["items"], item, f"{where}[{n}]")
    return found
