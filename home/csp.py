"""The Content-Security-Policy of the public site, built in one place.

It lives in `home` because apps need it too (an article allows the one video a
reader asked to play), and apps never import the project package `website`.
"""

# No third party, no inline script: the public site needs nothing else. Images may
# be data: URIs (SVG placeholders); embeds are opened by the reader on their host.
CSP_DIRECTIVES = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def content_security_policy(*, frame_src: str = "") -> str:
    """The public policy; `frame_src` adds one origin a response may frame (the
    video a reader asked to play)."""
    directives = dict(CSP_DIRECTIVES)
    if frame_src:
        directives["frame-src"] += f" {frame_src}"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


PUBLIC_CSP = content_security_policy()
