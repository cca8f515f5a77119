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


def markdown(res: dict[str, Any]) -> str:
    """The debrief as Markdown (the full screen's report, `sessions export --format md`)."""
    out = [f"# Negotiation debrief: {res['scenario']}", "",
           f"Seed {res['seed']}: {ENDINGS_SAID.get(res['status'], res['status'])}.", "", "## Offer ledger", "",
           "| turn | who | move | " + " | ".join(ISSUE_NAMES[i] for i in ISSUES) + " | note |",
           "|---:|---|---|" + "---:|" * len(ISSUES) + "---|"]
    for r in ledger_rows(res):
        cells = [r["turn"], r["who"], r["move"], *(r[i] for i in ISSUES), r["note"]]
        out.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    lim, fin = res["hidden_limits"], res["final"]
    out += ["", "## The recruiter's limits, revealed", "", "| issue | opening | final | hidden limit |",
            "|---|---:|---:|---:|"]
    for i in ISSUES:
        out.append(f"| {ISSUE_NAMES[i]} | {fmt(i, res['opening'][i])} | {fmt(i, fin[i])} | {fmt(i, lim[i])} |")
    out += ["", f"First-year value: final {money(fin['value'])}" + ("" if fin["deal"] else " (no deal)")
            + f", limits {money(lim['value'])}, opening {money(res['opening']['value'])}.", "",
            f"**Money left on the table: {money(res['money_left'])} a year.**", "", "## Scores", ""]
    out += [f"- {k.replace('_', ' ')}: {v if v is not None else 'not judged'}" for k, v in res["scores"].items()]
    if res["moments"]:
        out += ["", "## Where points were won and lost", ""]
        for m in res["moments"]:
            out.append(f"- {'+' if m['won'] else '-'} turn {m['turn']}: \"{m['quote']}\": {m['effect']}")
            if m["instead"]:
                out.append(f"  - instead: {m['instead']}")
    return "\n".join(out) + "\n"


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
