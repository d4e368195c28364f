"""Downloads in Chromium: the file saved is the file uploaded, byte for byte,
under its own name — a demo dataset's CSV through its link, and a `.csv`, a
`.csv.gz` (which Chromium must not decompress) and a non-ASCII name added to the
demo server's documents."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from tests.downloads.files import SAMPLES

pytestmark = pytest.mark.browser

DEMO_CSV = (
    Path(__file__).resolve().parents[2]
    / "policy/demo_data/opendata/wifi-public-demo.csv"
)
ADD_DOCUMENTS = """
import json
from pathlib import Path
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
added = {}
for path in sorted(Path(%r).iterdir()):
    document = get_document_model().objects.create(
        title=path.name, file=ContentFile(path.read_bytes(), name=path.name)
    )
    added[path.name] = document.url
print(json.dumps(added))
"""


@pytest.fixture(scope="module")
def added_documents(demo_server) -> dict[str, str]:
    """The samples saved as documents of the demo server: their URLs by name."""
    with tempfile.TemporaryDirectory() as folder:
        for sample in SAMPLES:
            (Path(folder) / sample.name).write_bytes(sample.content)
        output = demo_server.run(ADD_DOCUMENTS % folder)
    return json.loads(output.strip().splitlines()[-1])


def download(page, link) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    saved = info.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def test_a_dataset_file_downloads_as_uploaded(page, site_url):
    page.goto(site_url + "/donnees-ouvertes/points-acces-wi-fi-public/")
    link = page.locator("a[href^='/documents/'][href$='.csv']").first
    name, content = download(page, link)
    assert name.endswith(".csv")
    assert content == DEMO_CSV.read_bytes()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_documents_download_byte_identical(page, site_url, added_documents, sample):
    page.goto(site_url + "/")
    # A link as a page body would hold it (added by the test, not a script of
    # the site: the page's CSP forbids inline scripts, not Playwright's).
    page.evaluate(
        """(href) => {
            const link = document.createElement("a");
            link.id = "download-under-test";
            link.href = href;
            link.textContent = "Télécharger";
            document.querySelector("main").append(link);
        }""",
        added_documents[sample.name],
    )
    name, content = download(page, page.locator("#download-under-test"))
    assert name == sample.name
    assert content == sample.content
