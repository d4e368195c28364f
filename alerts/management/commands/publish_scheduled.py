"""Wagtail's `publish_scheduled`, then the alert banners: the timer that
publishes scheduled pages and snippets also tells the caches when a banner
starts or ends (alerts.banners.announce). `alerts` comes before `wagtail` in
INSTALLED_APPS, so this command is the one `manage.py publish_scheduled` runs."""

from __future__ import annotations

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from alerts.banners import announce


class Command(WagtailCommand):
    help = (
        "Publish and unpublish what is scheduled, then show or hide the alert "
        "banners whose time has come (clearing the page cache and purging the "
        "front cache)."
    )

    def handle(self, *args, **options) -> None:
        super().handle(*args, **options)
        if not announce(dry_run=options["dryrun"]):
            return
        if options["dryrun"]:
            self.stdout.write("Alert banners would be shown or hidden.")
        else:
            self.stdout.write("Alert banners shown or hidden: caches cleared.")
