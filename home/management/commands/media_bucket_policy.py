"""Print, or apply with --apply, the media bucket's policy: image originals and
renditions publicly readable, documents never (home/files/storage.py).

Run it once when the bucket is created, and again after changing
AWS_STORAGE_BUCKET_NAME. The printed JSON can also be given to the storage's own
tool (`mc anonymous set-json`, `aws s3api put-bucket-policy`)."""

from __future__ import annotations

import json

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from home.files.storage import (
    apply_bucket_policy,
    is_object_storage,
    storage_bucket_policy,
)


class Command(BaseCommand):
    help = (
        "Print (or apply with --apply) the media bucket policy: image originals "
        "and renditions publicly readable, documents never."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Set the policy on the bucket (AWS_STORAGE_BUCKET_NAME).",
        )

    def handle(self, *args, apply: bool = False, **options) -> None:
        if not is_object_storage(default_storage):
            raise CommandError(
                "Media are stored on the local filesystem: set "
                "AWS_STORAGE_BUCKET_NAME (production settings) to use a bucket."
            )
        self.stdout.write(json.dumps(storage_bucket_policy(default_storage), indent=2))
        if apply:
            apply_bucket_policy(default_storage)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Policy applied to the bucket {default_storage.bucket_name!r}."
                )
            )
