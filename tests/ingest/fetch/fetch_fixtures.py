"""Fixture pages and feeds for the fetch tests: our own text, invented outlets (.example)."""

from __future__ import annotations

from typing import Any

STRIKE_BODY = [
    "Dock workers at the port of Velmara walked off the job on Tuesday, halting the loading of "
    "grain ships for the second time this month, the harbour authority said.",
    "About 300 workers joined the strike, according to the Velmara Dockers Union, which said the "
    "stoppage would last at least 48 hours unless wages were raised.",
    "A spokesperson for the shipping company Norrland Lines told the Tidewater Gazette that "
    "\u201cno vessel will leave before Friday\u201d and that the delays could cost as much as "
    "2 million euros a day.",
    "The regional government has not confirmed those figures, and the claims could not be "
    "independently verified.",
]

COUNCIL_BODY = [
    "The city council of Oster Hollow voted on Monday to close the old tram depot, the mayor's "
    "office said in a statement.",
    "Council member Ilse Varga told reporters that as many as 40 jobs would move to the new "
    "depot, while union officials warned that some workers might leave the company altogether.",
    "The transport department denied reports that the tram line itself would be shut down, "
    "calling them unfounded rumours spread on social media.",
]


def article_html(
    title: str,
    paragraphs: list[str],
    *,
    canonical: str,
    author: str = "Mara Quell",
    date: str = "2025-03-04",
    site: str = "Tidewater Gazette",
    charset_meta: str | None = "utf-8",
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    meta_charset = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head>{meta_charset}
<title>{title} | {site}</title>
<link rel="canonical" href="{canonical}">
<meta name="author" content="{author}">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/about">About us</a></nav>
<article><h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
</article>
<footer>Copyright 2025 {site}. All rights reserved.</footer>
</body></html>
"""


ARTICLE_A = article_html(
    "Velmara dockers strike again",
    STRIKE_BODY,
    canonical="https://tidewater-gazette.example/news/port-strike",
)
ARTICLE_B = article_html(
    "Oster Hollow votes to close tram depot",
    COUNCIL_BODY,
    canonical="https://hollow-courier.example/local/tram-depot",
    author="Pell Arden",
    date="2025-03-03",
    site="Hollow Courier",
)


def rss(site: Any, paths: list[str], *, extra: tuple[tuple[str, str, str], ...] = ()) -> str:
    """An RSS 2.0 feed of the site's ``paths``, plus ``extra`` (guid, link, summary) entries."""
    items = []
    for n, path in enumerate(paths):
        items.append(
            f"<item><title>Story {n}</title><link>{site.url(path)}</link>"
            f'<guid isPermaLink="false">tg-{path}</guid>'
            f"<pubDate>Tue, 04 Mar 2025 0{n}:00:00 GMT</pubDate>"
            f"<description>Short teaser {n}.</description></item>"
        )
    for guid, link, summary in extra:
        items.append(
            f"<item><title>Extra {guid}</title><link>{link}</link><guid>{guid}</guid>"
            f"<pubDate>Wed, 05 Mar 2025 08:00:00 GMT</pubDate><description>{summary}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Tidewater Gazette</title><link>https://tidewater-gazette.example/</link>"
        "<description>News from the coast</description>" + "".join(items) + "</channel></rss>"
    )


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Hollow Courier</title><id>urn:hollow-courier</id><updated>2025-03-03T10:00:00Z</updated>
  <entry><title>Tram depot</title><id>urn:hollow-courier:tram</id>
    <link href="https://hollow-courier.example/local/tram-depot"/>
    <updated>2025-03-03T10:00:00Z</updated><author><name>Pell Arden</name></author>
    <content type="html">&lt;p&gt;The council voted to close the depot, the mayor said.&lt;/p&gt;</content>
  </entry>
</feed>
"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://lantern-post.example/"><title>Lantern Post</title>
    <link>https://lantern-post.example/</link><description>d</description></channel>
  <item rdf:about="https://lantern-post.example/a"><title>A</title><link>https://lantern-post.example/a</link>
    <description>First item.</description></item>
  <item rdf:about="https://lantern-post.example/b"><title>B</title><link>https://lantern-post.example/b</link></item>
</rdf:RDF>
"""

RSS091 = """<?xml version="1.0"?>
<rss version="0.91"><channel><title>Quayside Bulletin</title><link>https://quayside.example/</link>
<description>d</description><language>en</language>
<item><title>Ferry</title><link>https://quayside.example/ferry</link>
<description>Ferry late.</description></item>
</channel></rss>
"""
