"""The pages. Each view parses its parameters, calls one library function, returns a Page."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from claimledger.errors import InputError
from claimledger.export import FORMATS, Reviewer, export_chunks
from claimledger.export.tabular import estimates_csv as figures_csv
from claimledger.ledger import deletion, queries
from claimledger.ledger.build import rebuild
from claimledger.ledger.incremental import update
from claimledger.ledger.suggest import suggest_merges_memo
from claimledger.models import ArticleMeta
from claimledger.render.html import render_sections
from claimledger.store import Store
from claimledger.store.dates import dated
from claimledger.web import data
from claimledger.web.pages import Page, StoreDep, done, form_fields, twin, write_in_thread
from claimledger.web.security import TOKEN_COOKIE, came_over_https, same_origin, token_ok, write_fields

router = APIRouter()

#: The largest login form read: a token and a little more.
LOGIN_BODY = 4096
#: Seconds a client turned away by a busy analysis is told to wait (Retry-After).
RETRY_AFTER = 10
#: Suggested merges listed on the actors page (``claimledger actor suggest`` lists them all).
SUGGESTIONS = 50
#: Figures the estimates page lists and charts unless asked (``limit``): 1,000 figures of
#: "%" on PolNeAR made a 546 KB page; 200 keep it under 200 KB with the chart.
ESTIMATES_PAGE = 200
#: A list page shows this many rows unless asked for another number (``limit``).
PAGE = 100
Limit = Annotated[int, Query(ge=1, le=10000, description="Return at most this many rows (one page).")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Skip this many rows first (the page's start).")]
ArticleId = Annotated[str, Path(max_length=64, description="Article id (content hash).")]
ClaimId = Annotated[str, Path(max_length=64, description="Claim id.")]
ActorId = Annotated[int, Path(ge=1, description="Actor id.")]
Story = Annotated[list[str] | None, Query(max_length=20, description="Only claims around these actors.")]


#: A year, month or day: what ``?since=`` and ``?until=`` take.
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@twin(router, "/", "dashboard.html", summary="Story dashboard")
def dashboard(request: Request, store: Store = StoreDep) -> Page:
    """Recent articles, claims by credibility, open contradictions, top sources."""
    return Page(data.dashboard(store))


@twin(router, "/articles", "articles.html", summary="Stored articles")
def articles(
    request: Request,
    outlet: Annotated[str | None, Query(max_length=300, description="Published by this outlet.")] = None,
    since: Annotated[str | None, Query(pattern=DATE, description="Published on or after.")] = None,
    until: Annotated[str | None, Query(pattern=DATE, description="Published on or before.")] = None,
    sort: Annotated[
        Literal["oldest", "recent"], Query(description="By publication date, oldest or newest first.")
    ] = "oldest",
    limit: Limit = PAGE,
    offset: Offset = 0,
    store: Store = StoreDep,
) -> Page:
    among = queries.article_filter(outlet=outlet, since=since, until=until)
    recent = sort == "recent"
    rows = queries.list_articles(store, limit=limit, offset=offset, newest_first=recent, among=among)
    total = queries.count_articles(store, among)
    return Page({"articles": rows, "page": data.page(total, offset, limit, len(rows))})


#: Rows of each table of an article page (its attributions, its claims) unless asked for
#: another number: the longest PolNeAR article (172 attributions, 33.7 KB of text) made a
#: 327 KB page with both tables whole.
ARTICLE_ROWS = 25


@twin(router, "/articles/{article_id}", "article.html", summary="One article, annotated")
def article(
    request: Request,
    article_id: ArticleId,
    attributions_offset: Annotated[
        int, Query(ge=0, le=10**9, description="The page's first row of the attributions table.")
    ] = 0,
    claims_offset: Annotated[
        int, Query(ge=0, le=10**9, description="The page's first row of the claims table.")
    ] = 0,
    limit: Annotated[
        int, Query(ge=1, le=10000, description="Rows of each table (attributions, claims) per page.")
    ] = ARTICLE_ROWS,
    store: Store = StoreDep,
) -> Page:
    """The article's analysis; the page highlights the whole text with the annotated-article
    renderer and lists its attributions and their claims a page at a time (the JSON twin
    keeps every attribution: it is the measurement contract, see ledger/articles.py)."""
    payload, analysis = data.article(store, article_id)
    total = queries.count_article_records(store, article_id)
    listed = queries.article_records(store, article_id, limit=limit, offset=attributions_offset)
    claim_rows = queries.article_records(store, article_id, limit=limit, offset=claims_offset)
    keep = {"limit": limit} if limit != ARTICLE_ROWS else {}

    def elsewhere(index: int, key: str) -> str:
        """The page whose attributions table lists the row of the ``index``-th attribution
        (at the claims table's first page: a label in the text leads to an attribution)."""
        return "?" + urlencode({"attributions_offset": index // limit * limit, **keep}) + f"#row-{key}"

    parts = render_sections(analysis, rows=[r["id"] for r in listed], elsewhere=elsewhere)
    # the renderer's output is escaped by construction (render/html.py), article text included
    trusted = {
        "article_style": Markup(parts.style),  # noqa: S704
        "article_body": Markup(parts.body),  # noqa: S704
        "attributions_table": Markup(parts.table),  # noqa: S704
        "article_unlinked": Markup(parts.unlinked),  # noqa: S704
    }
    return Page(
        payload,
        {
            **trusted,
            "claim_rows": claim_rows,
            "attributions_page": data.page(total, attributions_offset, limit, len(listed)),
            "claims_page": data.page(total, claims_offset, limit, len(claim_rows)),
        },
    )


@twin(router, "/articles/{article_id}/delete", "delete.html", summary="What deleting an article removes")
def article_deletion(request: Request, article_id: ArticleId, store: Store = StoreDep) -> Page:
    """The dry run of ``claimledger article delete``: claims and actors that would go, and
    the form that deletes (a POST to this address)."""
    plan = deletion.plan_deletion(store, article_id)
    return Page(plan.to_dict(), {"write": _write_context(request)})


@twin(router, "/claims", "claims.html", summary="Claims merged across articles")
def claims(
    request: Request,
    about: Annotated[list[str] | None, Query(description="By or about this actor.")] = None,
    source: Annotated[list[str] | None, Query(description="Made by this actor.")] = None,
    since: Annotated[str | None, Query(pattern=DATE, description="Last seen on or after.")] = None,
    until: Annotated[str | None, Query(pattern=DATE, description="First seen on or before.")] = None,
    grade: Annotated[str | None, Query(pattern=r"^\s*[1-6]\s*(-\s*[1-6]\s*)?$")] = None,
    search: Annotated[str | None, Query(max_length=500)] = None,
    polarity: Annotated[
        Literal["positive", "negative"] | None,
        Query(description="negative: denials only; positive: assertions only."),
    ] = None,
    outlet: Annotated[str | None, Query(max_length=300, description="Reported by this outlet.")] = None,
    sort: Annotated[
        Literal["oldest", "recent", "origins", "grade", "reports"],
        Query(description="first seen (oldest), last seen (recent), most origins, best grade, most reports."),
    ] = "oldest",
    limit: Limit = PAGE,
    offset: Offset = 0,
    store: Store = StoreDep,
) -> Page:
    f = queries.claim_filter(
        store,
        about=about,
        source=source,
        since=since,
        until=until,
        grade=grade,
        search=search,
        polarity=polarity,
        outlet=outlet,
        sort=sort,
    )
    rows = queries.list_claims_where(store, f, limit=limit, offset=offset)
    total = queries.count_claims_where(store, f)
    return Page({"claims": rows, "page": data.page(total, offset, limit, len(rows))})


@twin(router, "/claims/{claim_id}", "claim.html", summary="One claim: grade, reasons, origins")
def claim(
    request: Request,
    claim_id: ClaimId,
    reports: Annotated[
        int, Query(ge=1, le=100_000, description="How many of its reports to list, oldest first.")
    ] = 100,
    store: Store = StoreDep,
) -> Page:
    return Page(data.claim(store, claim_id, reports=reports))


@twin(router, "/contradictions", "contradictions.html", summary="Contradicting claims")
def contradictions(
    request: Request,
    about: Annotated[list[str] | None, Query(description="Either claim by or about this actor.")] = None,
    source: Annotated[list[str] | None, Query(description="Either claim made by this actor.")] = None,
    outlet: Annotated[str | None, Query(max_length=300, description="Either claim reported here.")] = None,
    since: Annotated[str | None, Query(pattern=DATE, description="Either last seen since.")] = None,
    until: Annotated[str | None, Query(pattern=DATE, description="Either first seen by.")] = None,
    grade: Annotated[str | None, Query(pattern=r"^\s*[1-6]\s*(-\s*[1-6]\s*)?$")] = None,
    limit: Limit = PAGE,
    offset: Offset = 0,
    store: Store = StoreDep,
) -> Page:
    among = None
    if about or source or outlet or since or until or grade:
        among = queries.claim_filter(
            store, about=about, source=source, outlet=outlet, since=since, until=until, grade=grade
        )
    rows = queries.list_contradictions(store, limit=limit, offset=offset, among=among)
    total = queries.count_contradictions(store, among)
    return Page({"contradictions": rows, "page": data.page(total, offset, limit, len(rows))})


Outlet = Annotated[str | None, Query(max_length=300, description="With reports in articles of this outlet.")]
Since = Annotated[
    str | None, Query(pattern=DATE, description="With reports in articles published on or after.")
]
Until = Annotated[
    str | None, Query(pattern=DATE, description="With reports in articles published on or before.")
]
Reliability = Annotated[
    str | None, Query(max_length=20, description="Reliability grade A-F or a range like A-C (A best).")
]


@twin(router, "/sources", "sources.html", summary="Sources and their track records")
def sources(
    request: Request,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    grade: Reliability = None,
    limit: Limit = PAGE,
    offset: Offset = 0,
    order: Annotated[Literal["name", "claims"], Query(description="By name, or most claims first.")] = "name",
    store: Store = StoreDep,
) -> Page:
    """Sources with their track record; with ``outlet``/``since``/``until``, those with
    reports in those articles, their records counted over those reports alone."""
    among = queries.report_filter(outlet=outlet, since=since, until=until, grade=grade, grade_option="grade:")
    rows = queries.list_sources(store, limit=limit, offset=offset, order=order, among=among)
    total = queries.count_sources(store, among)
    return Page({"sources": rows, "page": data.page(total, offset, limit, len(rows))})


@twin(router, "/sources/{actor_id}", "actor.html", summary="One source")
def source(
    request: Request, actor_id: ActorId, limit: Limit = PAGE, offset: Offset = 0, store: Store = StoreDep
) -> Page:
    return Page(data.actor(store, actor_id, limit=limit, offset=offset), {"write": _write_context(request)})


@twin(router, "/actors", "actors.html", summary="Actors and their aliases")
def actors(
    request: Request,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    grade: Reliability = None,
    limit: Limit = PAGE,
    offset: Offset = 0,
    store: Store = StoreDep,
) -> Page:
    """The actors (with ``outlet``/``since``/``until``: those with reports in those
    articles, counted over those reports), and the merges suggested for likely duplicates
    (``claimledger actor suggest``), each with a button that posts it to
    ``/actors/{id}/merge``."""
    among = queries.report_filter(outlet=outlet, since=since, until=until, grade=grade, grade_option="grade:")
    rows = queries.list_actors(store, limit=limit, offset=offset, among=among)
    found = [s.to_dict() for s in suggest_merges_memo(store)]
    return Page(
        {
            "actors": rows,
            "page": data.page(queries.count_actors(store, among), offset, limit, len(rows)),
            "suggestions": found[:SUGGESTIONS],
            "suggestion_count": len(found),
        },
        {"write": _write_context(request)},
    )


@twin(router, "/actors/{actor_id}", "actor.html", summary="One actor")
def actor(
    request: Request, actor_id: ActorId, limit: Limit = PAGE, offset: Offset = 0, store: Store = StoreDep
) -> Page:
    return Page(data.actor(store, actor_id, limit=limit, offset=offset), {"write": _write_context(request)})


@twin(router, "/estimates", "estimates.html", summary="Estimates of a thing over time")
def estimates(
    request: Request,
    thing: Annotated[
        str | None, Query(min_length=1, max_length=200, description="e.g. Iranian instructors")
    ] = None,
    copies: Annotated[
        bool, Query(description="Also list the figures of near-duplicate copies of an article.")
    ] = False,
    limit: Annotated[
        int, Query(ge=1, le=100_000, description="List (and chart) at most this many figures.")
    ] = ESTIMATES_PAGE,
    offset: Offset = 0,
    store: Store = StoreDep,
) -> Page:
    return Page(data.estimates(store, thing, copies=copies, limit=limit, offset=offset))


@router.get("/estimates.csv", summary="The figures for a thing, as CSV", response_model=None)
def estimates_csv(
    thing: Annotated[str, Query(min_length=1, max_length=200, description="e.g. Iranian instructors")],
    copies: Annotated[
        bool, Query(description="Also list the figures of near-duplicate copies of an article.")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=100_000, description="List at most this many figures.")] = 100_000,
    store: Store = StoreDep,
) -> Response:
    """The estimates table as ``claimledger estimates THING --format csv`` writes it."""
    rows = data.estimates(store, thing, copies=copies, limit=limit)["estimates"]
    return Response(
        figures_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="claimledger-estimates.csv"'},
    )


@twin(router, "/search", "search.html", summary="Search articles and claims")
def search(
    request: Request,
    q: Annotated[
        str,
        Query(
            max_length=500,
            description="Words that must all match (stemmed: drones finds drone); best match first. "
            "Empty: the search form.",
        ),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=10000, description="At most this many of each (one page).")] = 50,
    offset: Offset = 0,
    store: Store = StoreDep,
) -> Page:
    return Page(data.search(store, q, limit=limit, offset=offset))


def _write_context(request: Request) -> dict[str, bool]:
    return {"token_required": bool(request.app.state.token_required)}


@router.post("/sources/{actor_id}/grade", summary="Rate a source (A-F)", response_model=None)
async def rate_source(request: Request, actor_id: ActorId, store: Store = StoreDep) -> Response:
    """Set the reliability grade; the token rule applies (see docs/web.md)."""
    fields = await write_fields(request)
    grade = fields.get("grade", "")
    if grade.upper() not in ("A", "B", "C", "D", "E", "F"):
        raise InputError(f"grade: must be one of A-F, not {grade!r}")

    def write() -> dict[str, object]:
        row = store.actors.set_grade(data.actor_name(store, actor_id), grade)
        return {"id": actor_id, "name": row["name"], "grade": row["grade"]}

    return done(request, await write_in_thread(write), f"/sources/{actor_id}")


@router.post("/actors/{actor_id}/merge", summary="Merge another actor into this one", response_model=None)
async def merge_actor(request: Request, actor_id: ActorId, store: Store = StoreDep) -> Response:
    """Merge ``other`` (a name or alias) into this actor and rebuild the ledger."""
    fields = await write_fields(request)
    other = fields.get("other", "").strip()
    if not other:
        raise InputError("other: the name of the actor to merge in is required")

    def write() -> dict[str, object]:
        row = store.actors.merge(data.actor_name(store, actor_id), other)
        rebuild(store)
        return {"id": actor_id, "name": row["name"], "merged": other}

    return done(request, await write_in_thread(write), f"/actors/{actor_id}")


@router.post("/actors/{actor_id}/split", summary="Undo a merge, or detach an alias", response_model=None)
async def split_actor(request: Request, actor_id: ActorId, store: Store = StoreDep) -> Response:
    """The reverse of merge (``claimledger actor split``): this actor leaves the one it was
    merged into; with ``alias``, that alias is detached from this actor instead."""
    fields = await write_fields(request)
    alias = fields.get("alias", "").strip() or None

    def write() -> dict[str, object]:
        row = store.actors.split(data.actor_name(store, actor_id), alias)
        rebuild(store)
        return {"id": actor_id, "name": row["name"], "split": alias or "last merge"}

    return done(request, await write_in_thread(write), f"/actors/{actor_id}")


@router.post(
    "/articles/{article_id}/delete",
    summary="Delete an article and what it alone supported",
    response_model=None,
)
async def delete_article(request: Request, article_id: ArticleId, store: Store = StoreDep) -> Response:
    """``claimledger article delete --yes``: the article goes, the ledger is rebuilt; the
    result lists the claims and actors removed and the claims that lost reports. The
    write rules of every write apply (same origin; the token off loopback)."""
    await write_fields(request)

    def write() -> dict[str, object]:
        return deletion.delete_article(store, article_id).to_dict()

    return done(request, await write_in_thread(write), "/articles")


@router.post("/articles", summary="Ingest one article (text and metadata)", response_model=None)
async def ingest_article(request: Request, store: Store = StoreDep) -> Response:
    """Analyze and store one article, then rebuild the ledger (``claimledger ingest`` for one item).

    Fields: ``text`` (required), ``url``, ``outlet``, ``title``, ``author``, ``published``,
    ``wire`` (the news agency credited).
    """
    # deferred: the analysis imports spaCy and its model, loaded only when an article is posted
    from claimledger.analysis.article import MAX_CHARS, analyze

    fields = await write_fields(request)
    text = fields.get("text", "").replace("\r\n", "\n").strip()
    if not text:
        raise InputError("text: the article text is required")
    if len(text) > MAX_CHARS:
        raise InputError(f"text: {len(text):,} characters, over the {MAX_CHARS:,}-character cap")
    meta, warning = dated(
        ArticleMeta(
            **{k: fields.get(k) or None for k in ("url", "outlet", "title", "author", "published", "wire")}
        )
    )

    def write() -> dict[str, object]:
        analysis = analyze(text, meta)
        added = store.add_analysis(analysis, input="web")
        if added:
            update(store)  # only what the new article touches, else a rebuild
        return {
            "id": analysis.id,
            "added": bool(added),
            "attributions": len(analysis.attributions),
            "warnings": [warning] if warning else [],  # a relative date, stored as text
        }

    # Each analysis may take a minute and gigabytes: at most max_analyses at once, the rest
    # are told to come back (a queue would only hold their memory and their connections).
    gate = request.app.state.analyses
    if not gate.acquire(blocking=False):
        raise HTTPException(
            503,
            "busy: another article is being analyzed; retry in a moment",
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    try:
        result = await write_in_thread(write)
    finally:
        gate.release()
    return done(request, result, f"/articles/{result['id']}")


@router.get("/login", summary="The login form (or present the token once in ?token=)", response_model=None)
def login(request: Request, token: Annotated[str, Query(max_length=500)] = "") -> Response:
    """Browsers cannot send a Bearer header: the token given here is kept in a cookie.

    The form posts the token (``POST /login``), so it stays out of URLs, logs and
    Referer headers; ``?token=`` still works for scripts that used it.
    """
    if not request.app.state.token_required:
        return RedirectResponse("/", status_code=303)  # loopback: nothing to present
    if not token:
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(request, "login.html", {})
    return _logged_in(request, token)


@router.post(
    "/login", summary="Present the read/write token in a form; a cookie keeps it", response_model=None
)
async def login_form(request: Request) -> Response:
    """The login form's target: ``token`` in the form body, never in the URL."""
    origin = request.headers.get("origin")
    if origin and not same_origin(request, origin):
        raise HTTPException(403, "cross-site login refused")
    if not request.app.state.token_required:
        return RedirectResponse("/", status_code=303)
    fields = await form_fields(request, LOGIN_BODY)
    return _logged_in(request, fields.get("token", ""))


def _logged_in(request: Request, token: str) -> Response:
    if not token_ok(request, token):
        raise HTTPException(401, "login: wrong token")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        quote(token, safe=""),
        httponly=True,
        samesite="strict",
        secure=came_over_https(request),
    )
    return response


@router.get("/openapi.json", include_in_schema=False, response_model=None)
def openapi(request: Request) -> Response:
    """The API description, behind the same read rule as the data it describes."""
    return JSONResponse(request.app.openapi())


@router.get("/export/{fmt}", summary="Download an export", response_model=None)
async def download(
    fmt: Annotated[Literal["stix", "claimreview", "webannotation", "graphml", "csv", "json"], Path()],
    request: Request,
    story: Story = None,
    reviewer: Annotated[
        str, Query(min_length=1, max_length=200, description="ClaimReview: who publishes the reviews.")
    ] = "claimledger",
    reviewer_url: Annotated[
        str | None,
        Query(max_length=2000, description="ClaimReview: the reviewer's web site (http or https)."),
    ] = None,
    store: Store = StoreDep,
) -> Response:
    """The same files as ``claimledger export --format FMT [--story ...] [--reviewer ...]``;
    ClaimReview's ``@id``/``url`` are the claims' pages on this app.

    The ledger is read in a worker thread and the file streamed as it is written (each piece
    in a worker thread too): a large STIX bundle never holds up the event loop, so other
    pages are answered meanwhile."""
    by = Reviewer(reviewer, reviewer_url, str(request.base_url))
    chunks = await run_in_threadpool(export_chunks, store, fmt, story or [], reviewer=by)
    media, ext = FORMATS[fmt]
    name = f"claimledger-{fmt}.{ext}"
    return StreamingResponse(
        chunks, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
