"""Eight programs writing one fresh database at once never lose an acknowledged write.

Each worker process opens the database through the workspace (as the CLI does) and makes 200 mixed writes
— add a claim, a support, an attack, evidence; edit a claim; delete one of its own claims — recording each
write only once its transaction has committed. The workers never retry: a busy database is argmap's to
wait for (``storage.WRITE_ATTEMPTS``), and any write that fails fails the test. Afterwards every
acknowledged claim is there with its last acknowledged text, every deleted one is gone, and
``PRAGMA integrity_check`` says ok.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from torture_conftest import budget

WORKER = r'''
import json, random, sys
from argmap import ops
from argmap.errors import DatabaseError
from argmap.workspace import Workspace

path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(who)
ws = Workspace.open(path)
alive, texts, deleted = [], {}, []
for i in range(n):
    op = rng.choice(["claim"] * 3 + ["support", "attack", "evidence", "edit", "delete"])
    if op != "claim" and len(alive) < 2:
        op = "claim"
    try:
        if op == "claim":
            text = f"{who} claim {i}"
            cid = ws.change("", lambda s: ops.add_claim(session=s, map_ref="m", text=text).id)
            alive.append(cid); texts[cid] = text
        elif op == "support":
            a, b = rng.sample(alive, 2)
            ws.change("", lambda s: ops.add_support(session=s, premises=[a], conclusion=b))
        elif op == "attack":
            a, b = rng.sample(alive, 2)
            ws.change("", lambda s: ops.add_attack(session=s, attackers=[a], target_claim=b))
        elif op == "evidence":
            c = rng.choice(alive)
            ws.change("", lambda s: ops.add_evidence(session=s, claim_ids=[c], quote=f"{who} quote {i}"))
        elif op == "edit":
            c = rng.choice(alive)
            text = f"{who} edited {i}"
            ws.change("", lambda s: ops.edit_claim(session=s, claim_id=c, text=text))
            texts[c] = text
        else:
            c = alive.pop(rng.randrange(len(alive)))
            ws.change("", lambda s: ops.delete_claim(session=s, claim_id=c, force=True))
            deleted.append(c); del texts[c]
    except DatabaseError as err:
        raise SystemExit(f"{who}: {op} {i} failed: {err}")
ws.close()
print(json.dumps({"texts": texts, "deleted": deleted}))
'''


def test_eight_processes_times_200_mixed_writes_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    subprocess.run([sys.executable, "-c", "from argmap.workspace import Workspace\nfrom argmap import ops\n"
                    f"ws = Workspace.open({str(db)!r})\nws.change('', lambda s: ops.create_map(session=s, slug='m'))"],
                   check=True, timeout=60)
    n = budget(200)
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(db), f"w{k}", str(n)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for k in range(8)]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [err[-2000:] for _, err in outputs]
    results = [json.loads(out) for out, _ in outputs]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = dict(conn.execute("SELECT id, text FROM claim").fetchall())
    finally:
        conn.close()
    acknowledged = {int(k): v for r in results for k, v in r["texts"].items()}
    deleted = {c for r in results for c in r["deleted"]}
    for cid, text in acknowledged.items():
        assert stored.get(cid) == text, f"claim #{cid}: acknowledged {text!r}, stored {stored.get(cid)!r}"
    assert set(stored) == set(acknowledged), "a deleted claim is back, or a claim nobody acknowledged is there"
    assert deleted.isdisjoint(stored)
