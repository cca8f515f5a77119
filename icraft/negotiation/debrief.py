"""The debrief as plain lines: the ledger, the limits revealed, the money left on the
table, the scores, and the moments each point was won or lost with what to say instead.

Pure text from a result dict (:func:`icraft.negotiation.scoring.result`), used by the
plain front end and the stored report; the CLI renders the ledger with its table helper.
"""

from __future__ import annotations

from typing import Any

from icraft.negotiation.scenario import ISSUE_NAMES, ISSUES
from icraft.negotiation.wording import money

ENDINGS_SAID = {
    "deal": "a deal",
    "walkaway": "you walked away",
    "recruiter_walked": "the recruiter ended it",
    "deadline": "the deadline passed without a deal",
}


def fmt(issue: str, v: int) -> str:
    if issue == "bonus_pct":
        return f"{v}%"
    if issue == "pto_days":
        return f"{v} d"
    return money(v)


def ledger_rows(res: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for e in res["ledger"]:
        if not e["values"] and e["move"] not in ("accept", "walk", "stall", "justify", "ask", "reject"):
            continue
        row = {"turn": str(e["turn"]), "who": e["who"], "move": e["move"]}
        for i in ISSUES:
            row[i] = fmt(i, e["values"][i]) if i in e["values"] else ""
        row["note"] = e["note"]
        rows.append(row)
    return rows


def lines(res: dict[str, Any]) -> list[str]:
    out = [f"Debrief: {res['scenario']} (seed {res['seed']}): {ENDINGS_SAID.get(res['status'], res['status'])}."]
    out.append("")
    out.append("Offer ledger:")
    for r in ledger_rows(res):
        vals = ", ".join(f"{ISSUE_NAMES[i]} {r[i]}" for i in ISSUES if r[i])
        out.append(f"  {r['turn']:>2} {r['who']:<9} {r['move']:<8} {vals}" + (f"  [{r['note']}]" if r["note"] else ""))
    out.append("")
    lim = res["hidden_limits"]
    fin = res["final"]
    out.append("The recruiter's hidden limits: " + ", ".join(f"{ISSUE_NAMES[i]} {fmt(i, lim[i])}" for i in ISSUES))
    out.append("Final package:                 " + ", ".join(f"{ISSUE_NAMES[i]} {fmt(i, fin[i])}" for i in ISSUES)
               + ("" if fin["deal"] else " (no deal)"))
    out.append(f"First-year value: final {money(fin['value'])}, limits {money(lim['value'])}, "
               f"opening {money(res['opening']['value'])}.")
    out.append(f"Money left on the table: {money(res['money_left'])} a year.")
    out.append("")
    s = res["scores"]
    out.append("Scores: " + ", ".join(
        f"{k.replace('_', ' ')} {v if v is not None else 'not judged'}" for k, v in s.items()))
    if res["moments"]:
        out.append("")
        out.append("Where points were won and lost:")
        for m in res["moments"]:
            sign = "+" if m["won"] else "-"
            out.append(f"  {sign} turn {m['turn']}: \"{m['quote']}\": {m['effect']}")
            if m["instead"]:
                out.append(f"      instead: {m['instead']}")
    return out
