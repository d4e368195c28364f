"""Give the default Site the address of WAGTAILADMIN_BASE_URL (home/site_address.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from home.site_address import address_of, base_url, set_default_site_address


class Command(BaseCommand):
    help = (
        "Set the default Site's hostname and port from WAGTAILADMIN_BASE_URL, the "
        "address absolute page links (API, purges) are built from. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url", help="Another address than WAGTAILADMIN_BASE_URL's"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["base_url"] or base_url()
        hostname, port = address_of(url)
        if set_default_site_address(url) is None:
            self.stdout.write(f"The default site already answers at {hostname}:{port}.")
        else:
            message = f"The default site now answers at {hostname}:{port}."
            self.stdout.write(self.style.SUCCESS(message))
