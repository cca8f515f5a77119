"""The debrief: the ledger, the limits revealed, the money left on the table, the scores,
and the moments each point was won or lost with what to say instead.

Pure text from a result dict (:func:`icraft.negotiation.scoring.result`), in two forms with
the same sections, each under its own heading with a blank line around it: :func:`markdown`
for the full screen's report pane (Textual Markdown), :func:`lines`
for plain terminals and pipes. Both stay readable at 80 columns: the ledger shows amounts in
thousands ("$152.5k", exact for every step the recruiter uses), a recruiter row shows only
what changed on the table, and the notes, the longest part, go under the table (Markdown)
or under their row (plain).
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
SHORT = {"base": "base", "bonus_pct": "bonus", "equity": "equity", "sign_on": "sign-on", "pto_days": "PTO"}
WHO = {"candidate": "you", "recruiter": "them"}
# Recruiter moves that restate the table without changing it: their row shows no amounts.
_RESTATES = ("event", "info", "ack", "hold", "clarify", "final", "expired", "walk")


def fmt(issue: str, v: int) -> str:
    if issue == "bonus_pct":
        return f"{v}%"
    if issue == "pto_days":
        return f"{v} d"
    return money(v)


def compact(issue: str, v: int) -> str:
    """An amount for the ledger table: money in thousands ($152.5k), exact to $100."""
    if issue in ("bonus_pct", "pto_days"):
        return fmt(issue, v)
    if v == 0 or v % 100:
        return money(v)
    k = v / 1000
    return f"${k:,.0f}k" if v % 1000 == 0 else f"${k:,.1f}k"


def ledger_rows(res: dict[str, Any]) -> list[dict[str, str]]:
    """The ledger, one row per move: the candidate's asks; for the recruiter, what changed on
    the table (the whole table at the first offer)."""
    rows = []
    table: dict[str, int] = {}
    for e in res["ledger"]:
        values = e["values"]
        if e["who"] == "recruiter":
            shown = {i: v for i, v in values.items() if table.get(i) != v}
            if e["move"] in _RESTATES and table:
                shown = {}
            table = dict(values) or table
        else:
            shown = dict(values)
        row = {"turn": str(e["turn"]), "who": WHO.get(e["who"], e["who"]), "move": e["move"]}
        for i in ISSUES:
            row[i] = compact(i, shown[i]) if i in shown else ""
        row["note"] = e["note"]  # a disclosed pay or a competing offer is named here, with its amount
        rows.append(row)
    return rows


def _limits_rows(res: dict[str, Any]) -> list[list[str]]:
    lim, fin = res["hidden_limits"], res["final"]
    return [[ISSUE_NAMES[i], fmt(i, res["opening"][i]), fmt(i, fin[i]), fmt(i, lim[i])] for i in ISSUES]


def _value_line(res: dict[str, Any]) -> str:
    lim, fin = res["hidden_limits"], res["final"]
    return (f"First-year value: final {money(fin['value'])}" + ("" if fin["deal"] else " (no deal)")
            + f", hidden limits {money(lim['value'])}, opening {money(res['opening']['value'])}.")


def _score_items(res: dict[str, Any]) -> list[tuple[str, str]]:
    return [(k.replace("_", " "), str(v) if v is not None else "not judged") for k, v in res["scores"].items()]


def markdown(res: dict[str, Any]) -> str:
    """The debrief as Markdown (the full screen's report pane)."""
    cell = lambda c: c.replace("|", "/")  # noqa: E731
    out = [f"# Negotiation debrief: {res['scenario']}", "",
           f"Seed {res['seed']}: **{ENDINGS_SAID.get(res['status'], res['status'])}**.", "",
           "## Offer ledger", "",
           "| turn | who | move | " + " | ".join(SHORT[i] for i in ISSUES) + " |",
           "|---:|---|---|" + "---:|" * len(ISSUES)]
    rows = ledger_rows(res)
    for r in rows:
        cells = [r["turn"], r["who"], r["move"], *(r[i] for i in ISSUES)]
        out.append("| " + " | ".join(cell(c) for c in cells) + " |")
    # The notes under the table, not in it: a long column squeezes every amount at 80 columns.
    noted = [r for r in rows if r["note"]]
    if noted:
        out += ["", "### What each move did", ""]
        out += [f"- Turn {r['turn']}, {r['who']} ({r['move']}): {r['note']}" for r in noted]
    out += ["", "## The recruiter's limits, revealed", "", "| issue | opening | final | hidden limit |",
            "|---|---:|---:|---:|"]
    out += ["| " + " | ".join(row) + " |" for row in _limits_rows(res)]
    out += ["", _value_line(res), "", f"**Money left on the table: {money(res['money_left'])} a year.**", "",
            "## Scores", "", "| score | points |", "|---|---:|"]
    out += [f"| {name} | {v} |" for name, v in _score_items(res)]
    if res["moments"]:
        out += ["", "## Where points were won and lost", ""]
        for m in res["moments"]:
            # "won"/"lost" in words: a leading +/- would start a nested Markdown list
            out.append(f"- **{'Won' if m['won'] else 'Lost'}**, turn {m['turn']}: \"{m['quote']}\": {m['effect']}")
            if m["instead"]:
                out += ["", f"  *Say instead:* {m['instead']}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return ("  " + "  ".join(parts)).rstrip()

    return [line(header), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def lines(res: dict[str, Any]) -> list[str]:
    """The debrief for a plain terminal: the same sections as :func:`markdown`, each under a
    heading, with aligned columns."""
    out = [f"Debrief: {res['scenario']} (seed {res['seed']}): {ENDINGS_SAID.get(res['status'], res['status'])}.",
           "", "Offer ledger"]
    rows = ledger_rows(res)
    header = ["turn", "who", "move", *(SHORT[i] for i in ISSUES)]
    body = [[r["turn"], r["who"], r["move"], *(r[i] for i in ISSUES)] for r in rows]
    table = _table(header, body, right={0, *range(3, 3 + len(ISSUES))})
    out += table[:2]
    for text, r in zip(table[2:], rows):
        out.append(text)
        if r["note"]:
            out.append(f"{'':8}({r['note']})")
    out += ["", "The recruiter's limits, revealed"]
    out += _table(["issue", "opening", "final", "hidden limit"], _limits_rows(res), right={1, 2, 3})
    out += ["", "  " + _value_line(res), f"  Money left on the table: {money(res['money_left'])} a year.",
            "", "Scores"]
    items = _score_items(res)
    width = max(len(name) for name, _ in items)
    out += [f"  {name:<{width}}  {v:>10}" for name, v in items]
    if res["moments"]:
        out += ["", "Where points were won and lost"]
        for m in res["moments"]:
            out.append(f"  {'+' if m['won'] else '-'} turn {m['turn']}: \"{m['quote']}\": {m['effect']}")
            if m["instead"]:
                out.append(f"      instead: {m['instead']}")
    return out
