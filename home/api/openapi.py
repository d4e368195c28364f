"""The OpenAPI 3.1 description of the read-only API, at /api/v2/openapi.json.

Built from the page models themselves (their `api_fields`), so that it never
lags behind them: a new page type appears in it with its fields, as it appears
in the API. Field types are read from the model field, or from the serializer
an APIField names.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from home.api.endpoints import CORS_HEADERS, MAX_ID, MAX_OFFSET

STREAM = {
    "type": "array",
    "description": "StreamField blocks: each block's type, value and id.",
    "items": {
        "type": "object",
        "required": ["type", "value", "id"],
        "properties": {"type": {"type": "string"}, "id": {"type": "string"}},
    },
}
RELATED_OBJECT = {
    "type": ["object", "null"],
    "description": "An image or document: its id and meta (type, detail_url, "
    "download_url for documents).",
    "properties": {"id": {"type": "integer"}, "meta": {"type": "object"}},
}
# A listing's items have the fields `?fields=` leaves them (`_` leaves none, `-id`
# removes one); an item alone has at least these.
DETAIL_REQUIRED = {
    "type": "object",
    "required": ["id", "meta", "title"],
    "properties": {"meta": {"type": "object", "required": ["type", "detail_url"]}},
}
PAGE_META = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "description": "app_label.ModelName"},
        "detail_url": {"type": "string", "format": "uri"},
        "html_url": {"type": ["string", "null"], "format": "uri"},
        "slug": {"type": "string"},
        "first_published_at": {"type": ["string", "null"], "format": "date-time"},
        "locale": {"type": "string"},
    },
}
LISTING_META = {
    "type": "object",
    "required": ["total_count"],
    "properties": {"total_count": {"type": "integer", "minimum": 0}},
}
ERROR = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}},
}


def model_field_schema(field: models.Field) -> dict:
    """JSON Schema of a model field as the API serializes it."""
    schema: dict
    if isinstance(field, StreamField):
        return STREAM
    if isinstance(field, RichTextField):
        schema = {"type": "string", "description": "HTML"}
    elif isinstance(field, models.ForeignKey):
        return RELATED_OBJECT
    elif isinstance(field, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, models.DecimalField | models.FloatField):
        schema = {"type": "number"}
    elif isinstance(field, models.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, models.URLField):
        schema = {"type": "string", "format": "uri"}
    else:
        schema = {"type": "string"}
    if field.choices:
        schema["enum"] = [value for value, _label in field.flatchoices]
    if field.null:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"].append(None)
    if field.verbose_name:
        schema["description"] = str(field.verbose_name)
    return schema


def serializer_schema(serializer: serializers.Field) -> dict:
    if isinstance(serializer, serializers.ManyRelatedField):
        return {"type": "array", "items": {"type": "string"}}
    for serializer_class, json_type in (
        (serializers.CharField, "string"),
        (serializers.IntegerField, "integer"),
    ):
        if isinstance(serializer, serializer_class):
            return {"type": [json_type, "null"] if serializer.allow_null else json_type}
    return {"description": serializer.__class__.__doc__ or ""}


def _is_parental_key(model: type[models.Model], name: str) -> bool:
    try:
        return isinstance(model._meta.get_field(name), ParentalKey)
    except FieldDoesNotExist:  # a property or a computed field
        return False


def api_field_schema(model: type[models.Model], api_field: APIField) -> dict:
    if api_field.serializer is not None:
        return serializer_schema(api_field.serializer)
    try:
        field = model._meta.get_field(api_field.name)
    except FieldDoesNotExist:  # a property: described as any value
        return {}
    if field.one_to_many:
        child = field.related_model
        return {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    **{
                        f.name: api_field_schema(child, f)
                        for f in _api_fields(child)
                        if not _is_parental_key(child, f.name)
                    },
                },
            },
        }
    return model_field_schema(field)


def _api_fields(model: type[models.Model]) -> list[APIField]:
    return [
        field if isinstance(field, APIField) else APIField(field)
        for field in getattr(model, "api_fields", None) or []
    ]


def page_type_schema(model: type[Page]) -> dict:
    return {
        "allOf": [
            {"$ref": "#/components/schemas/Page"},
            {
                "type": "object",
                "description": str(model.__doc__ or "").strip().split("\n\n")[0],
                "properties": {
                    field.name: api_field_schema(model, field)
                    for field in _api_fields(model)
                },
            },
        ]
    }


def type_key(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def parameter(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "description": description, "schema": schema}


# What the API accepts, as it checks it: anything beyond is a 400.
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
NAME = "[A-Za-z_][A-Za-z0-9_]*"
TYPE = rf"{NAME}\.{NAME}"
FIELD = rf"(\*|_|-?{NAME})"
FIELD_WITH_SUBFIELDS = rf"(\*|_|-?{NAME}(\({FIELD}(,{FIELD})*\))?)"
ORDER_FIELD = rf"-?{NAME}"

PAGINATION = [
    parameter(
        "limit",
        f"Items per answer (at most {settings.WAGTAILAPI_LIMIT_MAX}).",
        {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
    ),
    parameter(
        "offset",
        "Items to skip.",
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
    ),
    parameter(
        "fields",
        "Fields to add (`fields=date,body`), `*` for all, `-name` to remove one, "
        "`name(sub,fields)` for a related item's.",
        {
            "type": "string",
            "pattern": rf"^{FIELD_WITH_SUBFIELDS}(,{FIELD_WITH_SUBFIELDS})*$",
        },
    ),
    parameter(
        "order",
        "Fields to sort by, comma-separated, `-field` descending; or `random`.",
        {
            "type": "string",
            "pattern": rf"^(random|{ORDER_FIELD}(,{ORDER_FIELD})*)$",
        },
    ),
    parameter(
        "search",
        "Words to look for (full-text, in the reader's words).",
        {"type": "string"},
    ),
    parameter(
        "search_operator",
        "Whether every word (`and`, default) or any (`or`) must match.",
        {"type": "string", "enum": ["and", "or"]},
    ),
]


ERROR_RESPONSE = {
    "description": "",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def responses(schema_ref: str, listing: bool) -> dict:
    content_schema = (
        {
            "type": "object",
            "required": ["meta", "items"],
            "properties": {
                "meta": {"$ref": "#/components/schemas/ListingMeta"},
                "items": {"type": "array", "items": {"$ref": schema_ref}},
            },
        }
        if listing
        else {"allOf": [{"$ref": schema_ref}, DETAIL_REQUIRED]}
    )
    error = ERROR_RESPONSE
    answers = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": content_schema}},
        },
        "400": {**error, "description": "A parameter the API does not offer."},
        "429": {"description": "Too many requests: wait and try again."},
        "503": {
            **error,
            "description": "The database is away for a moment: try again after "
            "the seconds that `Retry-After` gives.",
        },
    }
    if not listing:
        answers["404"] = {**error, "description": "No such public item."}
    return answers


def id_parameter() -> dict:
    return {"name": "id", "in": "path", "required": True, "schema": ID}


def openapi_document(request: HttpRequest) -> dict:
    page_models = [m for m in get_page_models() if m is not Page]
    page_types = {type_key(m): page_type_schema(m) for m in page_models}
    page_parameters = [
        parameter(
            "type",
            "Page type(s), comma-separated: " + ", ".join(sorted(page_types)),
            {"type": "string", "pattern": rf"^{TYPE}(,{TYPE})*$"},
        ),
        parameter(
            "locale",
            "Language: " + ", ".join(code for code, _name in settings.LANGUAGES),
            {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]},
        ),
        parameter("child_of", "Id of the parent page.", ID),
        parameter("descendant_of", "Id of an ancestor page.", ID),
        parameter("ancestor_of", "Id of a descendant page.", ID),
        parameter("translation_of", "Id of a page in another language.", ID),
        *PAGINATION,
    ]
    base = request.build_absolute_uri("/api/v2/")
    simple = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "meta": {"type": "object"},
            "title": {"type": "string"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.WAGTAIL_SITE_NAME} — API",
            "version": "2",
            "description": (
                "Read-only access to the site's public content: live public pages "
                "of every language, images and documents outside private "
                "collections. GET only; CORS open; requests are throttled per "
                "address (429 when exceeded)."
            ),
            "license": {
                "name": "AGPL-3.0-or-later (software); content: Licence Ouverte 2.0",
                "identifier": "AGPL-3.0-or-later",
            },
        },
        "servers": [{"url": base}],
        "paths": {
            "/pages/": {
                "get": {
                    "operationId": "listPages",
                    "summary": "Live public pages",
                    "parameters": page_parameters,
                    "responses": {
                        **responses("#/components/schemas/Page", True),
                        # As in Wagtail: no pages in a language the site lacks.
                        "404": {
                            **ERROR_RESPONSE,
                            "description": "No such language (`locale`).",
                        },
                    },
                }
            },
            "/pages/{id}/": {
                "get": {
                    "operationId": "getPage",
                    "summary": "A page with every field of its type",
                    "parameters": [id_parameter()],
                    "responses": responses("#/components/schemas/Page", False),
                }
            },
            "/images/": {
                "get": {
                    "operationId": "listImages",
                    "summary": "Images",
                    "parameters": PAGINATION,
                    "responses": responses("#/components/schemas/Item", True),
                }
            },
            "/images/{id}/": {
                "get": {
                    "operationId": "getImage",
                    "summary": "An image: its size and meta",
                    "parameters": [id_parameter()],
                    "responses": responses("#/components/schemas/Item", False),
                }
            },
            "/documents/": {
                "get": {
                    "operationId": "listDocuments",
                    "summary": "Documents outside private collections",
                    "parameters": PAGINATION,
                    "responses": responses("#/components/schemas/Item", True),
                }
            },
            "/documents/{id}/": {
                "get": {
                    "operationId": "getDocument",
                    "summary": "A document: its title and download address",
                    "parameters": [id_parameter()],
                    "responses": responses("#/components/schemas/Item", False),
                }
            },
        },
        "components": {
            "schemas": {
                "Page": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "meta": PAGE_META,
                        "title": {"type": "string"},
                    },
                },
                "Item": simple,
                "ListingMeta": LISTING_META,
                "Error": ERROR,
                **page_types,
            }
        },
    }


@require_GET
@cache_control(max_age=3600, public=True)
def openapi_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        openapi_document(request), json_dumps_params={"ensure_ascii": False}
    )
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response
