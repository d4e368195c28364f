"""Turn the address of a video into what the click-to-load embed needs.

Nothing here contacts the provider: the player address is derived from the URL
for the few video hosts the commune uses (PeerTube first), choosing their
privacy-friendly players. Any other address is shown as a plain link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
PEERTUBE_PATH = re.compile(r"^/(?:w|videos/watch|videos/embed)/([A-Za-z0-9-]{6,64})/?$")
VIMEO_PATH = re.compile(r"^/(?:video/)?(\d{1,12})/?$")
DAILYMOTION_PATH = re.compile(r"^/(?:embed/)?video/([A-Za-z0-9]{5,20})")


@dataclass(frozen=True)
class EmbedTarget:
    """Where a video lives and, when it can be played on the page, its player."""

    url: str
    provider: str
    player_url: str | None = None

    @property
    def link(self) -> str | None:
        """The address as a link, only for web addresses (never `javascript:`)."""
        return self.url if urlsplit(self.url).scheme in {"http", "https"} else None

    @property
    def player_origin(self) -> str | None:
        if not self.player_url:
            return None
        parts = urlsplit(self.player_url)
        return f"{parts.scheme}://{parts.netloc}"


def _youtube(host: str, path: str, query: str) -> str | None:
    if host == "youtu.be":
        video_id = path.strip("/")
    elif path == "/watch":
        video_id = (parse_qs(query).get("v") or [""])[0]
    else:
        match = re.match(r"^/(?:shorts|embed|live)/([^/]+)", path)
        video_id = match.group(1) if match else ""
    if YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def resolve_embed(url: str) -> EmbedTarget:
    """Describe `url`: its provider's name and, for known video hosts, the address
    of a player that sets no tracking cookie."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    bare_host = host.removeprefix("www.").removeprefix("m.")
    if parts.scheme != "https" or not host:
        return EmbedTarget(url=url, provider=bare_host or url)
    if bare_host in {"youtube.com", "youtu.be"}:
        return EmbedTarget(url, "YouTube", _youtube(bare_host, parts.path, parts.query))
    if bare_host == "vimeo.com":
        match = VIMEO_PATH.match(parts.path)
        player = (
            f"https://player.vimeo.com/video/{match.group(1)}?dnt=1" if match else None
        )
        return EmbedTarget(url, "Vimeo", player)
    if bare_host in {"dailymotion.com", "dai.ly"}:
        if bare_host == "dai.ly":
            video_id = parts.path.strip("/")
        else:
            match = DAILYMOTION_PATH.match(parts.path)
            video_id = match.group(1) if match else ""
        player = (
            f"https://www.dailymotion.com/embed/video/{video_id}"
            if re.match(r"^[A-Za-z0-9]{5,20}$", video_id)
            else None
        )
        return EmbedTarget(url, "Dailymotion", player)
    match = PEERTUBE_PATH.match(parts.path)
    if match:
        netloc = parts.netloc.lower()
        return EmbedTarget(
            url,
            f"PeerTube ({bare_host})",
            f"https://{netloc}/videos/embed/{match.group(1)}",
        )
    return EmbedTarget(url, bare_host)
