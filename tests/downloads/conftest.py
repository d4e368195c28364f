"""Each download test stores its files in a media folder of its own: a name
already taken (by an earlier test of the run) would be stored under another one
(`habitants_x1Yz2.csv`), and the download would rightly carry that name."""

import pytest


@pytest.fixture(autouse=True)
def _own_media_folder(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
