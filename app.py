"""Streamlit review dashboard over checker: lays out the page and calls the library, nothing more.

    streamlit run app.py                          # demo corpus, ./checker.db (analysed on first start)
    streamlit run app.py -- --db other.db         # another database (or CHECKER_DB=other.db)
    streamlit run app.py -- --corpus FOLDER       # what an empty database starts with (or CHECKER_CORPUS)

Everything the page computes lives in `checker.review`. Article text is never passed to
Markdown or HTML unescaped: it goes through `st.dataframe`, `st.text`, or `review.*_html`.
"""

from __future__ import annotations

import os
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any, Callable

import altair as alt
import pandas as pd
import streamlit as st

from checker import Checker, Report, Store, review
from checker.embed import SentenceTransformerEmbedder
from checker.errors import CheckerError
from checker.records import CATEGORIES, STATUSES
from checker.statements import StatementExtractor

OPTIONS = review.app_options(sys.argv[1:], os.environ, Path(__file__).resolve().parent / "corpus" / "stories")
DB = str(OPTIONS.db)
TABS = ["Queue", "Overview", "Add articles", "Export"]
PAGE_SIZES = [25, 50, 100]
VERDICTS = [("confirmed", "Confirm", "1"), ("dismissed", "Dismiss", "2"), ("needs_check", "Needs check", "3")]

st.set_page_config(page_title="checker · cross-source review", page_icon="⚖️", layout="wide")
st.html(f"<style>{review.PAGE_CSS}</style>")


# --- shared resources (one per database, across browser sessions) -------------------------------------


@st.cache_resource(show_spinner=False)
def open_store(path: str) -> Store:
    return Store(path)


@st.cache_resource(show_spinner="Loading the language models…")
def language_models() -> tuple[StatementExtractor, SentenceTransformerEmbedder]:
    """spaCy and the sentence embedder, loaded once per server and only when something is analysed."""
    return StatementExtractor(), SentenceTransformerEmbedder()


@st.cache_resource(show_spinner=False)
def base_checker(path: str) -> Checker:
    extractor, embedder = language_models()
    return Checker(open_store(path), extractor=extractor, embedder=embedder)


@st.cache_resource(show_spinner=False)
def analysis_lock(path: str) -> threading.Lock:
    """One analysis at a time per database, whichever session starts it."""
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def write_lock(path: str) -> threading.Lock:
    """Verdicts share one connection across sessions: their short transactions must not interleave."""
    return threading.Lock()


@st.cache_resource(max_entries=2, show_spinner="Loading flags…")
def flag_table(path: str, fingerprint: tuple[Any, ...]) -> review.FlagTable:
    return review.FlagTable.from_store(open_store(path))


@st.cache_resource(max_entries=2, show_spinner=False)
def outlet_counts(path: str, fingerprint: tuple[Any, ...]) -> pd.DataFrame:
    return review.outlet_category_counts(open_store(path), flag_table(path, fingerprint).rows)


# --- actions ------------------------------------------------------------------------------------------


def run_analysis(label: str, work: Callable[[Checker], Report]) -> Report | None:
    """Run `work` on its own connection with a progress bar; errors are shown, not raised."""
    bar = st.progress(0.0, text=label)

    def progress(stage: str, fraction: float) -> None:
        value, text = review.overall_progress(stage, fraction)
        bar.progress(value, text=f"{label} {text}…")

    try:
        with analysis_lock(DB), Store(DB) as own:
            return work(review.with_progress(base_checker(DB), progress, own))
    except CheckerError as exc:
        st.error(f"Analysis stopped ({exc.code}): {review.md_escape(str(exc))}")
        return None
    except OSError as exc:
        st.error(f"Analysis stopped: {review.md_escape(str(exc))}. Check free disk space and the database folder's permissions.")
        return None
    finally:
        bar.empty()


def first_start() -> None:
    """An empty database gets the demo corpus (or CHECKER_CORPUS), analysed once and kept."""
    if not OPTIONS.corpus.is_dir():
        return
    note = st.info("First start: analysing the demo corpus once; later starts open at once.")
    # The emptiness check runs under the analysis lock, so two first visitors do not both analyse.
    report = run_analysis("Analysing the demo corpus:", lambda checker: (
        checker.analyze([OPTIONS.corpus]) if not checker.store.counts()["articles"] else Report()))
    if report is None:
        st.stop()  # the error is on the page; rerunning would only fail again
    note.empty()
    st.rerun()


def select_flag(flag_id: str) -> None:
    st.session_state["flag"] = flag_id


def pick_row(key: str, ids: list[str]) -> None:
    rows = st.session_state[key]["selection"]["rows"]
    if rows:
        select_flag(ids[rows[0]])


def record_verdict(flag_id: str, status: str | None, next_id: str) -> None:
    """Button callback: save status and note at once; open the next flag if the editor asked for it."""
    note = review.note_change(st.session_state.get(f"note-{flag_id}"), st.session_state.get(f"note-loaded-{flag_id}", ""))
    if status is None and note is None:
        st.session_state["flash"] = ("success", "The note has not changed.")
        return
    try:
        with write_lock(DB):
            review.save_verdict(open_store(DB), flag_id, st.session_state.get("reviewer", ""), status=status, note=note)
    except CheckerError as exc:
        st.session_state["flash"] = ("error", str(exc))
        return
    if note is not None:
        st.session_state[f"note-loaded-{flag_id}"] = note
    st.session_state["flash"] = ("success", "Note saved." if status is None else f"Marked {review.status_label(status)}.")
    if status is not None and next_id and st.session_state.get("advance", True):
        select_flag(next_id)


def show_story(story_id: str) -> None:
    st.session_state["f_story"] = [story_id]
    st.session_state["view"] = "Queue"


def clear_filters() -> None:
    for key in ("f_category", "f_kind", "f_outlet", "f_status", "f_story", "f_text"):
        st.session_state.pop(key, None)
    st.session_state["f_score"] = (0.0, 1.0)


def pick_story(key: str, ids: list[str]) -> None:
    rows = st.session_state[key]["selection"]["rows"]
    if rows:
        show_story(ids[rows[0]])


# --- page: data --------------------------------------------------------------------------------------

try:
    store = open_store(DB)
except CheckerError as exc:
    st.error(f"Cannot open the database ({exc.code}): {review.md_escape(str(exc))}")
    st.info("Point the app at a checker database with `streamlit run app.py -- --db FILE` or `CHECKER_DB=FILE`; "
            "a new file name starts an empty one.")
    st.stop()
if store.counts()["articles"] == 0:
    first_start()
fingerprint = review.flags_fingerprint(store)
table = flag_table(DB, fingerprint)
verdicts = review.current_verdicts(store)
stories = review.story_table(store, table.rows)
story_titles = dict(zip(stories["story_id"], stories["story"]))

# --- page: sidebar ------------------------------------------------------------------------------------

with st.sidebar:
    st.title("checker")
    st.caption(f"Cross-source review of `{DB.replace('`', '')}`")
    st.text_input("Your name", key="reviewer", bind="query-params", placeholder="needed to record verdicts")
    st.subheader("Filter the queue")
    st.multiselect("Category", CATEGORIES, key="f_category", format_func=review.category_label)
    st.multiselect("Kind", review.KINDS, key="f_kind")
    st.multiselect("Outlet", table.outlets, key="f_outlet", help="flags where either statement is from these outlets")
    st.multiselect("Status", STATUSES, key="f_status", format_func=review.status_label)
    st.multiselect("Story", list(story_titles), key="f_story", format_func=lambda s: story_titles.get(s, s))
    st.slider("Score", 0.0, 1.0, (0.0, 1.0), step=0.01, key="f_score")
    st.text_input("Text contains", key="f_text", placeholder="words in statements, outlets, headlines")
    st.button("Clear filters", key="clear", on_click=clear_filters, width="stretch")
    st.toggle("Open the next flag after a verdict", value=True, key="advance")

low, high = st.session_state.get("f_score", (0.0, 1.0))
flt = review.FlagFilter(
    categories=frozenset(st.session_state.get("f_category", [])),
    kinds=frozenset(st.session_state.get("f_kind", [])),
    outlets=frozenset(st.session_state.get("f_outlet", [])),
    statuses=frozenset(st.session_state.get("f_status", [])),
    stories=frozenset(st.session_state.get("f_story", [])),
    min_score=low,
    max_score=high if high < 1.0 else float("inf"),
    text=st.session_state.get("f_text", ""),
)
shown = table.filter(flt, verdicts)

# --- page: tabs ---------------------------------------------------------------------------------------

st.title("Cross-source review")
queue_tab, overview_tab, upload_tab, export_tab = st.tabs(TABS, key="view", on_change="rerun", bind="query-params")


def render_pair(row: dict[str, Any], position: int) -> None:
    """The open flag: both statements side by side, context, other outlets, verdict and history."""
    flag_id = row["flag_id"]
    prev_id = shown[position - 1]["flag_id"] if position > 0 else ""
    next_id = shown[position + 1]["flag_id"] if position + 1 < len(shown) else ""
    head, nav = st.columns([5, 2], vertical_alignment="center")
    also = f" · also {', '.join(review.category_label(c) for c in row['also'].split(','))}" if row["also"] else ""
    head.subheader(f"#{row['rank']} · {review.category_label(row['category'])} · {row['kind']}{also}")
    prev_col, next_col = nav.columns(2)
    prev_col.button("◀ Previous", key="prev", on_click=select_flag, args=(prev_id,), disabled=not prev_id, width="stretch", shortcut="K")
    next_col.button("Next ▶", key="next", on_click=select_flag, args=(next_id,), disabled=not next_id, width="stretch", shortcut="J")
    st.markdown(review.verdict_markdown(row))
    st.caption(f"score {row['score']:.2f} · detector {row['detector']} · flag `{flag_id}`")
    st.html(review.explanation_html(row))
    left, right = st.columns(2)
    with left:
        st.html(review.side_html(row, "a"))
    with right:
        if row["b_statement"]:
            st.html(review.side_html(row, "b"))
        else:
            st.info("Single statement: its wording is flagged on its own, with no second outlet.")

    render_verdict(row, next_id)

    with st.expander("Context in each article", expanded=True):
        ctx_a, ctx_b = st.columns(2)
        ctx_a.html(review.context_block(store, row, "a"))
        if row["b_statement"]:
            ctx_b.html(review.context_block(store, row, "b"))
    with st.expander("How other outlets put it (same topic)"):
        others = review.topic_neighbours(store, row)
        if others.empty:
            st.caption("These statements are not part of a cross-outlet topic, so there is nothing to set beside them.")
        else:
            st.dataframe(others, hide_index=True, width="stretch",
                         column_config={"statement": st.column_config.TextColumn(width="large")})
    with st.expander("Verdict history"):
        history = review.audit_frame(store, flag_id)
        if history.empty:
            st.caption("No verdict yet.")
        else:
            st.dataframe(history, hide_index=True, width="stretch")


def render_verdict(row: dict[str, Any], next_id: str) -> None:
    """Verdict buttons and note; saved on click through `record_verdict`."""
    flag_id = row["flag_id"]
    named = bool(st.session_state.get("reviewer", "").strip())
    with st.container(border=True):
        note_key, loaded_key = f"note-{flag_id}", f"note-loaded-{flag_id}"
        if st.session_state.get(note_key, row["note"]) == st.session_state.get(loaded_key, row["note"]):
            st.session_state[note_key] = st.session_state[loaded_key] = row["note"]  # untouched: show the stored note
        st.text_area("Note", key=note_key, height=68, placeholder="What you checked, with whom, what to correct")
        if st.session_state[note_key] != st.session_state[loaded_key]:
            st.caption("Note not saved yet: press a verdict or Save note.")
        cols = st.columns(len(VERDICTS) + 2)
        for col, (status, label, key) in zip(cols, VERDICTS):
            col.button(label, key=f"v-{status}", type="primary" if row["status"] == status else "secondary", disabled=not named,
                       on_click=record_verdict, args=(flag_id, status, next_id), width="stretch", shortcut=key)
        cols[-2].button("Reopen", key="v-open", disabled=not named or row["status"] == "open",
                        on_click=record_verdict, args=(flag_id, "open", ""), width="stretch")
        cols[-1].button("Save note", key="v-note", disabled=not named, on_click=record_verdict, args=(flag_id, None, ""), width="stretch")
        if named:
            st.caption("Keys: 1 confirm · 2 dismiss · 3 needs check · J next · K previous (outside the note field).")
        else:
            st.caption("Type your name in the sidebar to record verdicts; every change is kept with your name.")
        flash = st.session_state.pop("flash", None)
        if flash:
            (st.success if flash[0] == "success" else st.error)(review.md_escape(flash[1]))


def render_queue() -> None:
    if not table.rows:
        st.info("No flags yet. Add articles under **Add articles**; if an analysis was interrupted, re-run it there.")
        return
    if not shown:
        st.warning("No flag matches these filters. Widen them in the sidebar or press **Clear filters**.")
        return
    ids = [r["flag_id"] for r in shown]
    where = {fid: i for i, fid in enumerate(ids)}
    selected = st.session_state.get("flag") or st.query_params.get("flag", "")
    if selected not in where:
        selected = ids[min(st.session_state.get("flag_pos", 0), len(ids) - 1)]
    position = where[selected]
    st.session_state["flag"], st.session_state["flag_pos"] = selected, position
    if st.query_params.get("flag") != selected:
        st.query_params["flag"] = selected

    size = st.session_state.get("page_size", PAGE_SIZES[0])
    page = review.paginate(shown, position // size + 1, size)
    info, size_col, page_col = st.columns([4, 1, 1], vertical_alignment="bottom")
    info.caption(f"{page.total} of {len(table.rows)} flags match, best first · "
                 f"showing {page.first}–{page.last} · page {page.number} of {page.count}")
    size_col.selectbox("Per page", PAGE_SIZES, key="page_size")
    st.session_state["page_no"] = page.number
    page_col.number_input("Page", 1, page.count, key="page_no",
                          on_change=lambda: select_flag(ids[(st.session_state["page_no"] - 1) * size]))
    grid_key = f"grid-{page.number}-{selected}"
    page_ids = [r["flag_id"] for r in page.rows]
    st.dataframe(
        review.queue_frame(page.rows, selected), key=grid_key, on_select=partial(pick_row, grid_key, page_ids),
        selection_mode="single-row", hide_index=True, width="stretch", height=min(38 + 35 * len(page.rows), 360),
        column_config={
            "open": st.column_config.TextColumn("", width=28),
            "rank": st.column_config.NumberColumn("#", width=50),
            "score": st.column_config.ProgressColumn("score", min_value=0.0, max_value=1.0, format="%.2f", width=90),
            "statement": st.column_config.TextColumn("statement (first outlet)", width="large"),
        },
    )
    st.caption("Select a row to open it below.")
    st.divider()
    render_pair(shown[position], position)


def render_heatmap(counts: pd.DataFrame) -> None:
    """Outlet x category flag counts; empty cells stay blank so the hot spots stand out."""
    counts = counts.assign(category=counts["category"].map(review.category_label))
    x = alt.X("category:N", sort=[review.category_label(c) for c in CATEGORIES], title=None,
              scale=alt.Scale(domain=[review.category_label(c) for c in CATEGORIES]), axis=alt.Axis(labelAngle=-30, labelLimit=160))
    y = alt.Y("outlet:N", title=None, sort=sorted(counts["outlet"].unique(), key=str.lower), axis=alt.Axis(labelLimit=260))
    nonzero = counts[counts["flags"] > 0]
    high = max(1, int(nonzero["flags"].max()) if not nonzero.empty else 1)
    grid = alt.Chart(counts).mark_rect(fill="transparent", stroke="#8884", strokeWidth=0.5).encode(x=x, y=y)
    cells = alt.Chart(nonzero).mark_rect().encode(
        x=x, y=y, color=alt.Color("flags:Q", scale=alt.Scale(scheme="oranges", domain=[0, high]), legend=None),
        tooltip=["outlet:N", "category:N", "flags:Q"])
    labels = alt.Chart(nonzero).mark_text(fontSize=12).encode(
        x=x, y=y, text="flags:Q", color=alt.condition(f"datum.flags > {high * 0.6}", alt.value("white"), alt.value("black")))
    st.altair_chart((grid + cells + labels).properties(height=alt.Step(26)), width="stretch")


def render_overview() -> None:
    counts = store.counts()
    all_rows = table.with_verdicts(verdicts)
    cols = st.columns(6)
    for col, (label, value) in zip(cols, [("Articles", counts["articles"]), ("Outlets", counts["outlets"]), ("Stories", len(stories)),
                                          ("Topics", counts["topics"]), ("Flags", counts["flags"]), ("Verdicts", counts["verdicts"])]):
        col.metric(label, value)
    if not all_rows:
        st.info("No flags yet: add articles under **Add articles**.")
        return
    by_cat, by_status = st.columns([3, 2])
    with by_cat:
        st.subheader("Flags by category")
        cats = pd.DataFrame([{"category": review.category_label(c), "flags": n} for c, n in review.category_counts(all_rows).items()])
        st.altair_chart(alt.Chart(cats).mark_bar(color="#e8833a").encode(
            x=alt.X("flags:Q", title=None), y=alt.Y("category:N", sort="-x", title=None, axis=alt.Axis(labelLimit=200)),
            tooltip=["category:N", "flags:Q"]), width="stretch")
    with by_status:
        st.subheader("Flags by status")
        statuses = list(review.status_counts(all_rows).items())
        for pair in (statuses[:2], statuses[2:]):
            for col, (status, n) in zip(st.columns(2), pair):
                col.metric(review.status_label(status), n)
    orphans = store.orphaned_verdicts()
    if orphans:
        st.caption(f"{len(orphans)} verdict(s) are kept for flags that no longer come out of the analysis (orphaned).")
    st.subheader("Which outlets are involved in which kind of flag")
    render_heatmap(outlet_counts(DB, fingerprint))
    st.caption("A flag counts once for each of its two outlets.")
    st.subheader("Stories")
    st.caption("Select a story to review its flags.")
    st.dataframe(stories.drop(columns=["story_id"]), key="stories", on_select=partial(pick_story, "stories", list(stories["story_id"])),
                 selection_mode="single-row", hide_index=True, width="stretch")
    st.subheader("Topics across outlets")
    st.dataframe(review.topic_table(store, all_rows).drop(columns=["topic_id"]), hide_index=True, width="stretch")


def render_upload() -> None:
    limits = review.UploadLimits()
    st.subheader("Add articles")
    st.caption(f"Text, HTML, JSONL, CSV, or a zip of them; up to {limits.max_file_mb} MB a file. "
               "New articles are analysed against everything already stored; verdicts are kept.")
    nonce = st.session_state.get("upload_nonce", 0)
    files = st.file_uploader("Articles", accept_multiple_files=True, key=f"upload-{nonce}", max_upload_size=limits.max_file_mb)
    if st.button("Analyse the uploaded files", key="analyse", type="primary", disabled=not files):
        uploads = [review.Upload(f.name, f.getvalue()) for f in files or []]
        report = run_analysis("Analysing the upload:", lambda checker: review.analyse_uploads(checker, uploads, limits))
        if report is not None:
            st.session_state["upload_report"] = report
            st.session_state["upload_nonce"] = nonce + 1
            st.rerun()
    report = st.session_state.get("upload_report")
    if report is not None:
        (st.success if report.articles_new else st.warning)(review.upload_summary(report))
        if report.skipped:
            st.error(f"{len(report.skipped)} file(s) or row(s) were not taken:")
            st.dataframe([{"file": s.source, "reason": s.reason} for s in report.skipped], hide_index=True, width="stretch")
    st.divider()
    st.subheader("Re-run the analysis")
    st.caption("Recomputes stories, topics and flags for every stored article (after a detector update, say). Verdicts are kept.")
    if st.button("Re-run the analysis"):
        if run_analysis("Re-analysing:", lambda checker: checker.refresh()) is not None:
            st.rerun()


def render_export() -> None:
    st.subheader("Export flagged pairs")
    scope = st.radio("Which flags", list(review.EXPORT_SCOPES), format_func=review.EXPORT_SCOPES.get, key="export_scope", horizontal=True)
    fmt = st.radio("Format", ["csv", "jsonl"], format_func=str.upper, key="export_format", horizontal=True)
    rows = review.export_rows(table, verdicts, shown, scope)
    st.caption(f"{len(rows)} flag(s), best first, with the same fields as `python -m checker export`.")
    st.download_button(f"Download {len(rows)} flag(s) as {fmt.upper()}", data=lambda: review.export_text(rows, fmt),
                       file_name=f"checker-flags-{scope}.{fmt}", mime="text/csv" if fmt == "csv" else "application/jsonl",
                       type="primary", disabled=not rows, on_click="ignore")


with queue_tab:
    if queue_tab.open is not False:
        render_queue()
with overview_tab:
    if overview_tab.open:
        render_overview()
with upload_tab:
    if upload_tab.open:
        render_upload()
with export_tab:
    if export_tab.open:
        render_export()
