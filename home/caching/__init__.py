"""Caching: the content generation every cached entry is keyed on, the full-page
cache, the Redis backend that survives Redis going away, and the front-end cache
purge on publish.

A subpackage of `home`, not an app of its own: it has no models, and an app label
would mean migrations and settings to move for nothing."""
