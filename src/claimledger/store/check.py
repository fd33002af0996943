"""``claimledger check``: is this ledger sound? The question after a crash or a disk scare.

It runs the database's own integrity checks (SQLite's ``integrity_check``,
``foreign_key_check`` and the FTS5 indexes' ``integrity-check``) and ours, which hold
on both databases: no extracted row without its article, no ledger row without its
claim, no article stored twice, and whether the ledger is up to date with the
articles. Read-only: it never repairs, it says what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from claimledger.store.database import first_line, storage_errors
from claimledger.store.store import Store

#: (table, column, parent table, parent column): every row must have its parent.
_PARENTS = (
    ("attributions", "article_id", "articles", "id"),
    ("quantities", "article_id", "articles", "id"),
    ("hedges", "article_id", "articles", "id"),
    ("article_bands", "article_id", "articles", "id"),
    ("pages", "article_id", "articles", "id"),
    ("article_copies", "article_id", "articles", "id"),
    ("claim_members", "claim_id", "claims", "id"),
    # a report of a deleted article: the deletion was cut short before the ledger's rebuild
    ("claim_members", "article_id", "articles", "id"),
    ("estimates", "article_id", "articles", "id"),
    ("speakers", "article_id", "articles", "id"),
    ("claim_actors", "claim_id", "claims", "id"),
    ("contradictions", "a", "claims", "id"),
    ("contradictions", "b", "claims", "id"),
)


@dataclass
class CheckReport:
    articles: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store) -> CheckReport:
    """Every check we know, on a store opened with :meth:`Store.open`."""
    report = CheckReport(articles=store.count("articles"))
    with storage_errors("cannot check the store"), store.engine.connect() as conn:
        if store.dialect == "sqlite":
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if result != ["ok"]:
                report.problems += [f"integrity_check: {r}" for r in result[:20]]
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                report.problems.append(f"foreign key: row {row[1]} of {row[0]} has no parent in {row[2]}")
            for fts in ("articles_fts", "claims_fts"):
                if store.read_only:
                    # FTS5 runs its integrity-check as an INSERT, which a read-only store refuses
                    report.notes.append(f"{fts}: index not checked (the store is open read-only)")
                    continue
                try:
                    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
                except SQLAlchemyError as exc:
                    report.problems.append(f"{fts}: {first_line(exc)}")
            fts_rows = conn.exec_driver_sql("SELECT count(*) FROM articles_fts").scalar_one()
            if fts_rows != report.articles:
                report.problems.append(
                    f"articles_fts: {fts_rows} rows for {report.articles} articles (search would miss some)"
                )
        for table, column, parent, key in _PARENTS:
            orphans = conn.execute(
                text(
                    f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "  # noqa: S608 - names are ours
                    f"(SELECT 1 FROM {parent} p WHERE p.{key} = t.{column})"
                )
            ).scalar_one()
            if orphans:
                report.problems.append(f"{orphans} row(s) of {table} without their {parent} row")
        twice = conn.execute(
            text("SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1) d")
        ).scalar_one()
        if twice:
            report.problems.append(f"{twice} article id(s) stored more than once")
        conn.rollback()
    if store.ledger_is_stale():
        report.notes.append("the ledger is older than the articles: the next ingest rebuilds it")
    return report
