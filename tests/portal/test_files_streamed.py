"""Downloads are streamed from the `published` storage, byte for byte, with the SHA-256 as
their ETag; the anonymous answer cache passes them by (a page it keeps, a file it does not)."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.cache import cache
from django.core.files.storage import Storage
from django.test import Client, RequestFactory
from django.urls import reverse

from govperf.evaluation.models import Cycle
from govperf.portal.cache import cache_key
from govperf.workflow.models import PublishedDataFile, PublishedFile

pytestmark = pytest.mark.django_db


def streamed(url: str) -> tuple[bytes, str]:
    """The body of a streamed answer to an anonymous GET of `url`, and its ETag."""
    response = Client().get(url)
    assert response.status_code == 200, url
    assert response.streaming, url
    return b"".join(response.streaming_content), response["ETag"]


def test_every_download_streams_the_stored_bytes_with_their_sha256(
    published_in_memory: Storage, imported_cycle: Cycle
) -> None:
    where = [imported_cycle.agency_id, imported_cycle.year]
    suffixes = {"json": "json", "csv": "csv.zip", "xlsx": "xlsx"}
    urls: list[tuple[str, PublishedFile | PublishedDataFile]] = [
        (reverse("portal:report_file", args=[*where, 1, file.format]), file)
        for file in PublishedFile.objects.filter(version__cycle=imported_cycle)
    ]
    urls += [
        (reverse("portal:data_file", args=[*where, 1, suffixes[file.format]]), file)
        for file in PublishedDataFile.objects.filter(version__cycle=imported_cycle)
    ]
    urls += [
        (reverse("workflow:download", args=[imported_cycle.pk, 1, file.format]), file)
        for file in PublishedFile.objects.filter(version__cycle=imported_cycle)
    ]
    assert len(urls) == 5 + 3 + 5
    for url, file in urls:
        body, etag = streamed(url)
        assert body == published_in_memory.open(file.storage_key).read(), url
        assert etag == f'"{hashlib.sha256(body).hexdigest()}"' == f'"{file.sha256}"', url


def test_the_file_of_all_agencies_streams_from_the_storage(
    published_in_memory: Storage, imported_cycle: Cycle
) -> None:
    body, etag = streamed(reverse("portal:all_data", args=["json"]))
    assert json.loads(body)["format"] == "govperf-opendata"
    sha256 = hashlib.sha256(body).hexdigest()
    assert etag == f'"{sha256}"'
    assert published_in_memory.open(f"{sha256[:2]}/{sha256}.json").read() == body


def test_the_answer_cache_keeps_a_page_and_passes_a_streamed_file_by(
    imported_cycle: Cycle,
) -> None:
    where = [imported_cycle.agency_id, imported_cycle.year]
    page = reverse("portal:versions", args=where)
    file = reverse("portal:report_file", args=[*where, 1, "pdf"])
    first, _etag = streamed(file)
    assert Client().get(page).status_code == 200
    assert cache.get(cache_key(RequestFactory().get(page))) is not None
    assert cache.get(cache_key(RequestFactory().get(file))) is None
    again, _etag = streamed(file)  # answered by the view again, from the storage
    assert again == first and again.startswith(b"%PDF")
