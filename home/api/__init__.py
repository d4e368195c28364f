"""The read-only API (/api/v2/) and its OpenAPI description.

A subpackage of `home`, not an app of its own: it serves every app's pages
through their `api_fields`, has no models, and an app label would mean
migrations and settings to move for nothing."""
