"""Template helpers of the news pages."""

from __future__ import annotations

from django import template

from home.templatetags.json_ld_tags import json_ld

register = template.Library()

# Shared with the home and policy pages: one escaping rule, kept in `home`.
register.filter("json_ld", json_ld)
