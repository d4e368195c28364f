"""An image whose original file is missing or broken: the pages showing it render
a placeholder of the same size with the same alt text, and a warning is logged."""

from __future__ import annotations

import logging

import pytest
from wagtail.images import get_image_model

from home.demo.context import make_image
from home.files.images import PLACEHOLDER
from tests.helpers import soup
from tests.tree import add_article

pytestmark = pytest.mark.django_db


def lose_file(image) -> None:
    image.file.storage.delete(image.file.name)


def corrupt_file(image) -> None:
    with image.file.storage.open(image.file.name, "rb") as original:
        head = original.read(120)  # a PNG cut short: its header, no pixels
    lose_file(image)
    with open(image.file.path, "wb") as broken:
        broken.write(head)


@pytest.mark.parametrize("damage", [lose_file, corrupt_file])
def test_the_article_and_the_listing_show_a_placeholder(
    client, news_index, caplog, damage
):
    image = make_image("Photo perdue", "Une photo", seed=damage.__name__)
    article = add_article(news_index, image, "Un article illustré")
    urls = article.url, news_index.url
    damage(get_image_model().objects.get(pk=image.pk))

    with caplog.at_level(logging.WARNING, logger="home.files.images"):
        responses = [client.get(url) for url in urls]
    for response in responses:
        assert response.status_code == 200
        pictures = [
            img
            for img in soup(response).find_all("img")
            if img.get("alt") == "Des cercles bleus"  # the article's alt text
        ]
        assert pictures, "the image is still shown"
        for img in pictures:
            assert PLACEHOLDER.rsplit("/", 1)[1].split(".")[0] in img["src"]
            assert int(img["width"]) > 0 and int(img["height"]) > 0
            # The rendition's size: a 16:9 crop, as with the real file.
            assert int(img["width"]) * 9 == int(img["height"]) * 16
    assert any("placeholder served" in r.getMessage() for r in caplog.records)
    # Nothing was stored in place of the image: it is back with its file.
    assert not image.renditions.exists()


def test_a_sound_image_is_unchanged(client, news_index):
    image = make_image("Photo intacte", "Une photo", seed="intact")
    response = client.get(add_article(news_index, image, "Un autre article").url)
    sources = [img["src"] for img in soup(response).find_all("img")]
    assert not any("placeholder" in src for src in sources)
    assert image.renditions.exists()
