"""`icraft lint`'s text output quotes each place once: spans whose context windows overlap
or touch ("Um, so basically, um," at the start of an answer) are one quote with every span
marked, not the same words three times with a shifted window. The JSON keeps every span."""

from __future__ import annotations

import json

ANSWER = ("Q: Tell me about a stressful launch.\n"
          "A: Um, so basically, um, we had a stressful launch and I, like, worked late and, you know, we "
          "shipped it on time and the team was happy with the outcome overall I guess. Later on we wrote a "
          "long post-mortem about the release process, the on-call rotation and the monitoring gaps, and "
          "um, we fixed them over the next quarter.\n")


def _quotes(out: str, rule: str) -> list[str]:
    block = out.split(f" {rule} ")[1].split("fix:")[0]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("“")]


def test_filler_evidence_quotes_each_place_once(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ANSWER)
    r = cli("lint", str(path), "--no-save", env={"NO_COLOR": "1", "COLUMNS": "400"})
    assert r.returncode == 0, r.stderr
    quotes = _quotes(r.stdout, "filler_spike")
    spans = [f for a in json.loads(cli("lint", str(path), "--no-save", "--json").stdout)["reports"][0]["answers"]
             for f in a["findings"] if f["rule_id"] == "filler_spike"][0]["spans"]
    assert len(spans) >= 6  # every filler is still its own span in the JSON
    # Two places: the fillers of the first sentence, and the lone "um," far after them.
    assert len(quotes) == 2, quotes
    assert quotes[0].startswith("“Um, so basically, um, we had") and "you know," in quotes[0]
    assert "um, we fixed them" in quotes[1]
    for a, b in zip(quotes, quotes[1:]):  # no words quoted twice
        assert a.rstrip("”…")[-20:] not in b
