"""Which host a page came from, and when a URL it names is on that same host.

Provenance comes from where the bytes were fetched: a page may claim any canonical URL
or site name, so those are used only where they cannot move it to another host.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def host(url: str | None) -> str | None:
    """The URL's host name, lowercased, or None for one urllib cannot read."""
    try:
        name = urlsplit(url or "").hostname
    except ValueError:
        return None
    if not name:
        return None
    return name.rstrip(".") or None


def same_site(a: str | None, b: str | None) -> bool:
    """Whether two URLs are on one host (``www.`` aside; scheme and port aside): a page's
    claims about a URL on its own host are its host's to make."""
    ha, hb = host(a), host(b)
    return ha is not None and hb is not None and ha.removeprefix("www.") == hb.removeprefix("www.")


def own_key(url: str) -> str:
    """``url`` as a version key: without its fragment, the host lowercased, a path of at least "/"."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
