"""Video addresses turned into privacy-friendly players, without any request."""

from __future__ import annotations

import pytest

from news.embeds import resolve_embed


@pytest.mark.parametrize(
    ("url", "provider", "player"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://www.youtube.com/watch?v=bad", "YouTube", None),
        (
            "https://vimeo.com/123456",
            "Vimeo",
            "https://player.vimeo.com/video/123456?dnt=1",
        ),
        (
            "https://www.dailymotion.com/video/x8abcd1",
            "Dailymotion",
            "https://www.dailymotion.com/embed/video/x8abcd1",
        ),
        (
            "https://tube.example.org/w/9Yx3kQ2rT5mN",
            "PeerTube (tube.example.org)",
            "https://tube.example.org/videos/embed/9Yx3kQ2rT5mN",
        ),
        (
            "https://tube.example.org/videos/watch/0b1c2d3e-aaaa-bbbb-cccc-123456789abc",
            "PeerTube (tube.example.org)",
            "https://tube.example.org/videos/embed/0b1c2d3e-aaaa-bbbb-cccc-123456789abc",
        ),
        ("https://www.alposs.example/programme/", "alposs.example", None),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube.com", None),
        ("javascript:alert(1)", "javascript:alert(1)", None),
    ],
)
def test_resolve_embed(url, provider, player):
    target = resolve_embed(url)
    assert target.provider == provider
    assert target.player_url == player


def test_player_origin_is_what_the_csp_allows():
    target = resolve_embed("https://tube.example.org/w/9Yx3kQ2rT5mN")
    assert target.player_origin == "https://tube.example.org"
    assert resolve_embed("https://example.org/").player_origin is None


def test_only_web_addresses_become_links():
    assert resolve_embed("https://example.org/a").link == "https://example.org/a"
    assert resolve_embed("javascript:alert(1)").link is None
    assert resolve_embed("data:text/html,hi").link is None
