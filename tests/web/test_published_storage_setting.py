"""Which storage keeps published files: a folder under MEDIA_ROOT, or an S3-compatible bucket
named in the environment (docs/deploy.md), always apart from evidence's `default`."""

from __future__ import annotations

from config.settings.base import MEDIA_ROOT, published_storage_setting


def test_published_files_are_in_a_folder_of_their_own_by_default() -> None:
    setting = published_storage_setting({})
    assert setting == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "published"},
    }


def test_a_bucket_in_the_environment_keeps_them_through_django_storages() -> None:
    setting = published_storage_setting(
        {
            "GOVPERF_PUBLISHED_BUCKET": "govperf-published",
            "GOVPERF_PUBLISHED_ENDPOINT_URL": "https://s3.example.gov.tw",
            "GOVPERF_PUBLISHED_REGION": "ap-northeast-1",
        }
    )
    assert setting["BACKEND"] == "storages.backends.s3.S3Storage"
    assert setting["OPTIONS"] == {
        "bucket_name": "govperf-published",
        "location": "published",
        "default_acl": None,
        "file_overwrite": True,
        "querystring_auth": False,
        "endpoint_url": "https://s3.example.gov.tw",
        "region_name": "ap-northeast-1",
    }
    assert "access_key" not in setting["OPTIONS"]  # credentials stay with boto3's environment
