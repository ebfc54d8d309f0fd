"""Happening links on a store ingested from the ir_news_dev set: every same_happening judgement, with the
dev-set record ids of its two documents, and how many join documents the set's README does not group as
one story (BASIL: three outlets' versions of the same events). Each such link is printed with both
sentences so a reader can tell a wrong link from a right one the grouping does not know.

    undercurrent ingest ../shared/bench/ir_news_dev/ir_news_dev.jsonl --db sqlite:////tmp/h.db --model md
    python bench/bench_happenings.py /tmp/h.db
"""

from __future__ import annotations

import argparse
import json
import sqlite3

DEV = "/work/shared/bench/ir_news_dev/ir_news_dev.jsonl"
# Same-story groups the README names (BASIL), by record id.
SAME_STORY = ({"basil-004", "basil-005"}, {"basil-007", "basil-008", "basil-009"}, {"basil-001", "basil-002", "basil-003"})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="SQLite file the dev set was ingested into")
    ap.add_argument("--data", default=DEV)
    args = ap.parse_args()
    with open(args.data, encoding="utf-8") as fh:
        ids = [json.loads(line)["id"] for line in fh]
    db = sqlite3.connect(args.db)
    record = {d: ids[int(o.rsplit("#", 1)[1]) - 1] for o, d in db.execute("select origin, document_id from document_origins")}
    rows = db.execute(
        "select j.id, j.score, j.reason, el.document_id, er.document_id, el.evidence_text, er.evidence_text"
        " from judgements j join events el on el.id = j.left_id join events er on er.id = j.right_id"
        " where j.kind = 'same_happening' and j.undone_at is null order by j.id"
    ).fetchall()
    outside = 0
    for jid, score, reason, dl, dr, tl, tr in rows:
        a, b = record.get(dl, dl), record.get(dr, dr)
        grouped = any({a, b} <= g for g in SAME_STORY)
        outside += not grouped
        print(f"{jid}\t{'same story' if grouped else 'not grouped'}\t{a}\t{b}\t{score:.2f}\t{reason}")
        print(f"\t{' '.join(tl.split())[:160]}\n\t{' '.join(tr.split())[:160]}")
    print(f"{len(rows)} links; {outside} between documents the README does not group as one story")


if __name__ == "__main__":
    main()
