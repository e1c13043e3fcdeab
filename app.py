"""Streamlit review view over checker: lays out the page and calls the library, nothing more.

    streamlit run app.py                       # demo corpus, ./checker.db
    CHECKER_DB=other.db streamlit run app.py   # another database
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from checker import Checker, Store, export
from checker.records import CATEGORIES, STATUSES

DB_PATH = Path(os.environ.get("CHECKER_DB", "checker.db"))
DEMO = Path(__file__).resolve().parent / "corpus" / "stories"

st.set_page_config(page_title="checker: cross-source review", layout="wide")


@st.cache_resource
def open_store(path: str) -> Store:
    return Store(path)


@st.cache_resource
def make_checker(path: str) -> Checker:
    return Checker(open_store(path))


store = open_store(str(DB_PATH))
if store.counts()["articles"] == 0:
    bar = st.progress(0.0, text="Analysing the demo corpus (first start only)…")
    checker = make_checker(str(DB_PATH))
    checker.progress = lambda stage, fraction: bar.progress(min(fraction, 1.0), text=f"{stage}…")
    checker.analyze([DEMO])
    bar.empty()

counts = store.counts()
st.title("Cross-source review")
cols = st.columns(5)
for col, key in zip(cols, ("articles", "outlets", "statements", "topics", "flags")):
    col.metric(key.capitalize(), counts[key])

rows = list(store.flag_rows())
with st.sidebar:
    st.header("Filter")
    categories = st.multiselect("Category", CATEGORIES, default=[])
    kinds = st.multiselect("Kind", ["conflict", "framing"], default=[])
    statuses = st.multiselect("Status", STATUSES, default=[])
    query = st.text_input("Text contains")
    reviewer = st.text_input("Your name", value=st.session_state.get("reviewer", ""), key="reviewer")

shown = [
    r for r in rows
    if (not categories or r["category"] in categories)
    and (not kinds or r["kind"] in kinds)
    and (not statuses or r["status"] in statuses)
    and (not query or query.lower() in (r["a_text"] + " " + r["b_text"] + " " + r["explanation"]).lower())
]
st.caption(f"{len(shown)} of {len(rows)} flags, best first")

csv_text = export.to_string(export.flag_records(shown), export.FLAG_FIELDS, "csv")
st.download_button("Download these flags (CSV)", csv_text, file_name="flags.csv", mime="text/csv")

page_size = 20
pages = max(1, (len(shown) + page_size - 1) // page_size)
page = st.number_input("Page", min_value=1, max_value=pages, value=1) - 1
for row in shown[page * page_size: (page + 1) * page_size]:
    with st.container(border=True):
        st.markdown(f"**#{row['rank']} · {row['category']} · {row['kind']} · score {row['score']:.2f} · {row['status']}**")
        st.text(row["explanation"])
        left, right = st.columns(2)
        left.caption(f"{row['a_outlet']} · {row['a_published']} · {row['a_source']}")
        left.text(row["a_text"])
        if row["b_text"]:
            right.caption(f"{row['b_outlet']} · {row['b_published']} · {row['b_source']}")
            right.text(row["b_text"])
        buttons = st.columns(4)
        for button, status in zip(buttons, ("confirmed", "dismissed", "needs_check")):
            if button.button(status.replace("_", " "), key=f"{status}-{row['flag_id']}"):
                store.set_verdict(row["flag_id"], reviewer or "anonymous", status=status)
                st.rerun()
