"""The tables, as SQLAlchemy Core objects shared by SQLite and PostgreSQL.

Every row that comes out of an article keeps its character offsets and the name of
the extractor that produced it, so a claim can always be traced back to the text
and results from different rule versions can be told apart.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "claimledger_schema",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("url", Text),
    Column("outlet", String(300)),
    Column("title", Text),
    Column("author", String(300)),
    Column("published", String(40)),
    Column("input", Text),
    Column("text", Text, nullable=False),
    Column("extractor", String(200), nullable=False),
    Column("ingested_at", String(40), nullable=False),
    Column("minhash", Text, nullable=False),
    Column("duplicate_of", String(64)),
    Column("similarity", Float),
    # migration 7: the agency the article is a copy of (its ``wire`` field or dateline), its
    # number of distinct shingles (null: stored before; containment is then not estimated)
    # and how much of the smaller of it and its original is contained in the other.
    Column("wire", String(300)),
    Column("shingles", Integer),
    Column("containment", Float),
    # migration 10: ``published`` is an ISO date or UTC time; this is the date as the input
    # wrote it ("May 3, 2016", "yesterday"), null when it gave none
    Column("published_text", Text),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", String(64), nullable=False),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("ix_article_bands_band", "band"),
)

attributions = Table(
    "attributions",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("source_resolved", Text),
    Column("source_type", String(40), nullable=False),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("channel_text", Text),
    Column("channel_start", Integer),
    Column("channel_end", Integer),
    Column("content_text", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("quote_type", String(20), nullable=False),
    Column("certainty", String(20), nullable=False),
    Column("polarity", String(20), nullable=False),
    Column("factuality", Text, nullable=False),
    Column("hedge_ids", Text, nullable=False),
    Column("quantity_ids", Text, nullable=False),
    Column("extractor", String(200), nullable=False),
)

quantities = Table(
    "quantities",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("attribution_id", String(64)),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("qualifier", String(20), nullable=False),
    Column("thing", Text, nullable=False),
    Column("number_text", Text, nullable=False),
    Column("extractor", String(200), nullable=False),
    # What the figure counts (issue 17), from the figures stage; NULL in rows stored before it.
    Column("counted", Text),
    Column("unit", Text),
    Column("kind", String(20)),
    Column("frame", String(20)),
    Column("time_text", Text),
)

hedges = Table(
    "hedges",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("scope_start", Integer, nullable=False),
    Column("scope_end", Integer, nullable=False),
    Column("lemma", String(200), nullable=False),
    Column("extractor", String(200), nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("country", String(8)),
    Column("grade", String(1), nullable=False, default="F"),
    Column("merged_into", Integer, ForeignKey("actors.id")),
    Column("created_at", String(40), nullable=False),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False),
    Column("alias", String(300), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("origin", String(20), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", String(40), nullable=False),
    Index("ix_actor_aliases_key", "key"),
)

actor_events = Table(
    "actor_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("action", String(20), nullable=False),
    Column("actor_id", Integer, nullable=False),
    Column("other_id", Integer),
    Column("detail", Text, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    Column("search_text", Text, nullable=False),
    Column("polarity", String(20), nullable=False),
    Column("credibility", Integer, nullable=False),
    Column("origin_count", Integer, nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("first_seen", String(40)),
    Column("last_seen", String(40)),
    Column("data", Text, nullable=False),
    Column("extractor", String(200), nullable=False),
)

claim_members = Table(
    "claim_members",
    metadata,
    Column("claim_id", String(32), ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("attribution_id", String(64), nullable=False),
    Column("source_actor_id", Integer),
    Column("source", Text),
    Column("origin_actor_id", Integer),
    Column("origin", Text),
    Column("outlet", String(300)),
    Column("published", String(40)),
    Index("ix_claim_members_claim", "claim_id"),
    Index("ix_claim_members_source", "source_actor_id"),
    Index("ix_claim_members_article", "article_id"),  # migration 5
    Index("ix_claim_members_origin", "origin_actor_id"),  # migration 13
)

#: The actor of a record that belongs to no claim: a question put to someone ("Do you really
#: see those two as equivalent?") says something and asserts nothing, yet it has a speaker,
#: and the article's page names it as it names the speakers of claims.
speakers = Table(
    "speakers",
    metadata,
    Column("article_id", String(64), nullable=False),
    Column("attribution_id", String(64), nullable=False),
    Column("actor_id", Integer, nullable=False),
    Index("ix_speakers_article", "article_id"),
)

claim_actors = Table(
    "claim_actors",
    metadata,
    Column("claim_id", String(32), ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Integer, nullable=False),
    Column("role", String(20), nullable=False),
    Index("ix_claim_actors_actor", "actor_id"),
    Index("ix_claim_actors_claim", "claim_id"),  # migration 13
)

estimates = Table(
    "estimates",
    metadata,
    Column("article_id", String(64), nullable=False),
    Column("quantity_id", String(64), nullable=False),
    Column("claim_id", String(32)),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("qualifier", String(20), nullable=False),
    Column("thing", Text, nullable=False),
    Column("thing_country", String(8)),
    Column("thing_head", String(100), nullable=False),
    Column("place", Text),
    Column("frame", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("source", Text),
    Column("origin", Text),
    Column("outlet", String(300)),
    Column("published", String(40)),
    Column("unit", Text),
    Column("kind", String(20)),
    Column("time_text", Text),
    Column("day", String(10)),
    Column("thing_key", Text),
    Index("ix_estimates_head", "thing_head"),
    Index("ix_estimates_claim", "claim_id"),  # migration 13
)

#: Each source's track record, aggregated from the ledger when it is replaced (migration 9),
#: so the sources list is a page of a table rather than a pass over every claim member.
source_records = Table(
    "source_records",
    metadata,
    Column("actor_id", Integer, primary_key=True),
    Column("claims", Integer, nullable=False),
    Column("origin_of", Integer, nullable=False),
    Column("corroborated", Integer, nullable=False),
    Column("contradicted", Integer, nullable=False),
    Index("ix_source_records_claims", "claims"),
)
contradictions = Table(
    "contradictions",
    metadata,
    Column("a", String(32), ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("b", String(32), ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_contradictions_a", "a"),  # migration 5
    Index("ix_contradictions_b", "b"),
)

#: Added by migration 13: what an incremental ledger update needs to find the part of the
#: ledger new articles touch with SQL instead of loading the ledger (see
#: :mod:`claimledger.ledger.incremental`). Written by every full rebuild, kept up by updates.
#: Each claim member's comparable words, with its fingerprint (identical statements share
#: one, so that a word's count of distinct statements is a COUNT(DISTINCT fp)).
ledger_tokens = Table(
    "ledger_tokens",
    metadata,
    Column("token", String(200), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("attribution_id", String(64), nullable=False),
    Column("fp", String(40), nullable=False),
    # covering indexes (migration 14): a word's statements, and a statement's words, are
    # read from the index alone, whatever the size of the table
    Index("ix_ledger_tokens_token_fp", "token", "fp", "article_id", "attribution_id"),
    Index("ix_ledger_tokens_member", "article_id", "attribution_id", "token"),
)
#: The blocks figures are compared in (unit head, kind, frame, one particular token of the
#: thing), with each figure's time window as ordinal days: a figure's possible partners.
ledger_items = Table(
    "ledger_items",
    metadata,
    Column("head", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("frame", String(20), nullable=False),
    Column("token", String(200), nullable=False),
    Column("first_day", Integer, nullable=False),
    Column("last_day", Integer, nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("attribution_id", String(64), nullable=False),
    Index("ix_ledger_items_block", "head", "kind", "frame", "token", "first_day"),
    Index("ix_ledger_items_article", "article_id"),
)
#: How many things of the store use each lower-case word (what makes a capitalised word common).
ledger_words = Table(
    "ledger_words",
    metadata,
    Column("word", String(200), primary_key=True),
    Column("n", Integer, nullable=False),
)
#: The articles the ledger was built from.
ledger_articles = Table(
    "ledger_articles",
    metadata,
    Column("article_id", String(64), primary_key=True),
)
#: Added by migration 14: the name words of each attribution's source, resolved source and
#: channel (folded as people's names are compared, and as alias keys), so that an update
#: finds the stored mentions of a surname or an outlet's name by word, not by scanning.
ledger_names = Table(
    "ledger_names",
    metadata,
    Column("word", String(200), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("attribution_id", String(64), nullable=False),
    Index("ix_ledger_names_word", "word"),
    Index("ix_ledger_names_article", "article_id"),
)
LEDGER_INDEX_TABLES = (ledger_tokens, ledger_items, ledger_words, ledger_articles, ledger_names)

#: Added by migration 2: how many articles the current ledger was built from, so that an
#: ingest killed before its ledger rebuild is noticed and finished by the next run.
ledger_state = Table(
    "ledger_state",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Added by migration 3: what was fetched for an article read from the web (or from a feed
#: entry): the exact bytes (zlib-compressed) and their sha256, when, from where, and the
#: version chain of pages that share a canonical URL (``previous_id`` is the older text).
#: Migration 11 added what the page said of itself (its canonical link, its site name): claims,
#: kept beside the provenance, which is where the bytes were fetched.
pages = Table(
    "pages",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("url", Text, nullable=False),
    Column("final_url", Text, nullable=False),
    Column("canonical_url", Text, nullable=False),
    Column("fetched_at", String(40), nullable=False),
    Column("raw_sha256", String(64), nullable=False),
    Column("raw_size", Integer, nullable=False),
    Column("content_type", String(200)),
    Column("encoding", String(40)),
    Column("raw_zlib", LargeBinary, nullable=False),
    Column("version", Integer, nullable=False),
    Column("previous_id", String(64)),
    Column("claimed_canonical_url", Text),
    Column("claimed_site_name", Text),
    Index("ix_pages_canonical", "canonical_url"),
)

#: Added by migration 3: one row per polled feed, so that a restarted watch loop keeps its
#: conditional-request validators, its schedule and its backoff.
feeds = Table(
    "feeds",
    metadata,
    Column("url", String(2000), primary_key=True),
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled", String(40)),
    Column("next_due", String(40)),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_error", Text),
)

#: Added by migration 3: every feed entry seen, keyed by a hash of its guid (or link), so
#: that no entry is ingested twice, across restarts.
feed_entries = Table(
    "feed_entries",
    metadata,
    Column("feed_url", String(2000), primary_key=True),
    Column("entry_key", String(64), primary_key=True),
    Column("guid", Text, nullable=False),
    Column("link", Text),
    Column("article_id", String(64)),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("first_seen", String(40), nullable=False),
    Column("last_seen", String(40), nullable=False),
)

#: Added by migration 7: a stored text met again under another URL, outlet or date (the
#: same content hash), so that a republication keeps its address and date instead of being
#: dropped as "already stored". ``key`` hashes the URL, outlet and date that make it another copy.
article_copies = Table(
    "article_copies",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("url", Text),
    Column("outlet", String(300)),
    Column("title", Text),
    Column("author", String(300)),
    Column("published", String(40)),
    Column("input", Text),
    Column("ingested_at", String(40), nullable=False),
)

V1_TABLES = (
    articles,
    article_bands,
    attributions,
    quantities,
    hedges,
    actors,
    actor_aliases,
    actor_events,
    claims,
    claim_members,
    claim_actors,
    estimates,
    contradictions,
)
