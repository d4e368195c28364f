"""Media on S3-compatible object storage: which objects are public.

Image originals and renditions are read by browsers straight from the bucket (or
its CDN): public objects. Documents are private objects, only ever sent by the
site (`WAGTAILDOCS_SERVE_METHOD = "serve_view"`), which checks their collection's
privacy first. The bucket policy below says exactly that; `manage.py
media_bucket_policy` prints or applies it."""

from __future__ import annotations

import json

from django.core.files.storage import Storage

# Where Wagtail stores them: `AbstractImage.get_upload_to` ("original_images/")
# and `AbstractRendition.get_upload_to` ("images/"); documents go to "documents/".
PUBLIC_MEDIA_FOLDERS = ("original_images", "images")


def is_object_storage(storage: Storage) -> bool:
    return hasattr(storage, "bucket_name")


def public_prefixes(location: str = "") -> list[str]:
    """The key prefixes anyone may read, under the storage's `location`."""
    base = location.strip("/")
    return [
        f"{base}/{folder}/" if base else f"{folder}/" for folder in PUBLIC_MEDIA_FOLDERS
    ]


def bucket_policy(bucket: str, location: str = "") -> dict:
    """A bucket policy (AWS's format, read by MinIO and Garage too) that lets
    anyone read image originals and renditions, and nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicImages",
                "Effect": "Allow",
                "Principal": {"AWS": ["*"]},
                "Action": ["s3:GetObject"],
                "Resource": [
                    f"arn:aws:s3:::{bucket}/{prefix}*"
                    for prefix in public_prefixes(location)
                ],
            }
        ],
    }


def storage_bucket_policy(storage: Storage) -> dict:
    return bucket_policy(storage.bucket_name, getattr(storage, "location", ""))


def apply_bucket_policy(storage: Storage) -> None:
    client = storage.connection.meta.client
    client.put_bucket_policy(
        Bucket=storage.bucket_name, Policy=json.dumps(storage_bucket_policy(storage))
    )
