"""The candidate's words -> a move with amounts.

``parse(text, offer)`` reads one candidate turn and returns a :class:`Parsed`: the
intent (propose, accept, reject, ask, justify, disclose, walk, stall, silence) and the
amounts it names, per issue (``base``, ``bonus_pct``, ``equity``, ``sign_on``,
``pto_days``) plus ``current_base`` (a disclosed current salary),
``competing_base`` (a competing offer's base) and ``competing_equity``, ``competing_sign_on``,
``competing_pto_days`` (its other terms, said with it: "190 base with a 20k sign-on"). Amounts are read in every shape a
person says them: ``$185k``, ``185,000``, ``185K``, ``one eighty-five``, ``one hundred
eighty-five thousand``, ``20 percent more`` and ``10k more`` (relative to the offer on
the table), ``a 10k sign-on``, ``an extra week of PTO``, ``between 180 and 190`` (the
low end: that is what a range anchors). Numbers that are not amounts (years of
experience, team sizes, a 401k, days in the office) are left out.

Pure and deterministic; measured by ``benchmarks/bench_negotiation_parser.py`` on the
labelled set in ``tests/data/negotiation_utterances.jsonl``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from icraft.negotiation.scenario import ISSUES
from icraft.nlp.numbers import TENS, UNITS, words_value

INTENTS = ("propose", "accept", "reject", "ask", "justify", "disclose", "walk", "stall", "silence", "unclear")

# --- number words -> digits --------------------------------------------------------------------

_SCALES = {"hundred": 100, "thousand": 1000, "grand": 1000, "million": 1_000_000}
_NUM_WORDS = set(UNITS) | set(TENS) | set(_SCALES)
_WORD_RUN = re.compile(
    r"\b(?:(?:a|an)\s+(?=(?:hundred|thousand|million)\b))?"
    r"(?:" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r")"
    r"(?:(?:\s+and\s+|[\s-]+)(?:" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r"))*\b"
)


def _words_value(run: str) -> int | None:
    words = [w for w in re.split(r"[\s-]+", run) if w and w not in ("and",)]
    if words and words[0] in ("a", "an"):
        words[0] = "one"
    if not words:
        return None
    # Colloquial hundreds: "one eighty-five" = 185, "two ten" = 210, "one fifteen" = 115.
    if (
        len(words) in (2, 3)
        and words[0] in UNITS
        and 1 <= UNITS[words[0]] <= 9
        and (words[1] in TENS or (words[1] in UNITS and UNITS[words[1]] >= 10))
        and (len(words) == 2 or (words[1] in TENS and words[2] in UNITS and 1 <= UNITS[words[2]] <= 9))
    ):
        rest = TENS.get(words[1], UNITS.get(words[1], 0)) + (UNITS[words[2]] if len(words) == 3 else 0)
        return UNITS[words[0]] * 100 + rest
    return words_value(words, _SCALES)


def normalize(text: str) -> str:
    """Lower case, plain apostrophes, digits for number words, no thousands commas."""
    t = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", " - ")
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)

    def repl(m: re.Match[str]) -> str:
        v = _words_value(m.group(0))
        return m.group(0) if v is None else str(v)

    t = re.sub(r"\bhalf\s+a\s+million\b", "500000", t)
    t = re.sub(r"\b(\d+(?:\.\d+)?)\s*(?:million|mil)\b", lambda m: str(int(float(m.group(1)) * 1_000_000)), t)
    t = _WORD_RUN.sub(repl, t)
    t = re.sub(r"\b(\d+)\s+thousand\b", lambda m: str(int(m.group(1)) * 1000), t)
    return t


# --- amounts -------------------------------------------------------------------------------------

_AMOUNT = re.compile(
    r"(?P<dollar>\$\s?)?(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>k\b|grand\b|%|percent\b|per\s?cent\b|(?:(?:extra|more|additional)\s+)?(?:days?|weeks?)\b)?"
)
_RANGE = re.compile(
    r"\b(?:between\s+)?\$?(?P<lo>\d+(?:\.\d+)?)\s?(?P<lounit>k)?\s*(?:-|to|and)\s*\$?(?P<hi>\d+(?:\.\d+)?)\s?(?P<hiunit>k)?\b"
)
_A_WEEK = re.compile(r"\b(?:an?\s+(?:extra|additional)\s+week|another\s+week|one\s+more\s+week|a\s+week\s+(?=of\b|more\b))\b")
_NOT_AMOUNT_AFTER = re.compile(
    r"\s*(?:[-+]\s*)?(?:years?|yrs?|months?|people|engineers|reports|direct|person|teams?|services|x\b|times|"
    r"hours?|minutes?|users|customers|million\s+users|percent\s+of\s+(?:the|our|my)|st\b|nd\b|rd\b|th\b|"
    r"days?\s+(?:a|per)\s+week|days?\s+(?:in|at)\s+(?:the\s+)?office|days?\s+(?:on-?site|in\s+person)|"
    r"weeks?\s+(?:notice|to\s+(?:start|decide|think))|days?\s+to\s+(?:decide|think|start))"
)
ISSUE_CUES: dict[str, re.Pattern[str]] = {
    "sign_on": re.compile(r"sign[-\s]?on|signing|joining\s+bonus|relocation|relo\b"),
    "equity": re.compile(r"equity|rsus?\b|stock|shares|options|grant|\bvest"),
    "pto_days": re.compile(r"\bpto\b|vacation|days?\s+off|time\s+off|holidays?|leave\b"),
    "bonus_pct": re.compile(r"bonus"),
    "base": re.compile(r"\bbase\b|salary|\bcash\b|\bpay\b|annual"),
}
COMPETING_TERMS = ("equity", "sign_on", "pto_days")  # a competing offer's terms besides its base (competing_<issue>)
_RELATIVE = re.compile(
    r"\b(?:more|extra|additional|another|higher|increase|bump|raise|add|on\s+top|above|up\s+by|over\s+(?:the|your)|plus)\b"
)
_CURRENT = re.compile(
    r"\b(?:i\s+(?:currently\s+)?(?:make|earn|get\s+paid|take\s+home)|i'm\s+(?:currently\s+)?(?:making|earning|on|at)\b|"
    r"my\s+current\s+(?:salary|comp\w*|base|package|pay|employer|job|role)|right\s+now\s+i|currently\s+(?:at|on|making|earning)|"
    r"at\s+my\s+current|i'm\s+paid|i\s+am\s+(?:making|earning|paid)|i\s+make)"
)
_COMPETING = re.compile(
    r"\b(?:offer\s+from|another\s+offer|other\s+offers?|competing\s+offer|an\s+offer\s+(?:at|for|of|with)|"
    r"they(?:'re|\s+are)?\s+(?:offering|offered)|\b(?!you\b)[a-z]+\s+offered\b|(?:is|are)\s+offering|offered\s+me|have\s+an\s+offer|got\s+an\s+offer|"
    r"counter-?offer\s+from|my\s+(?:current\s+)?(?:employer|company|manager)\s+(?:countered|matched|offered))"
)
_MARKET = re.compile(
    r"\b(?:market|levels(?:\.fyi)?|median|average|p50|p75|percentile|data\s+shows|glassdoor|blind|peers|"
    r"people\s+at\s+this\s+level|comparable)\b"
)
_NOT_DAYS_BEFORE = re.compile(r"\b(?:start\w*|join\w*|notice|in|within|after|for\s+the\s+first)\s+$")
_NOT_MONEY_BEFORE = re.compile(r"\b(?:team|group|org|organization|staff|headcount)\s+of\s+$|\b(?:top|first|last)\s+$")
_NOT_ASK_CLAUSE = re.compile(
    r"\b(?:leaving|unvested|forfeit\w*|give\s+up|walking\s+away\s+from|saved|generated|grew|revenue|users|customers)\b"
)
_MAX_MONEY = 5_000_000
# A minus sign or word right before a number: "-50k", "minus 20k". No amount in a
# negotiation is negative, so the turn is asked back, never acted on.
_NEGATIVE_BEFORE = re.compile(r"(?:^|[^\w$.])(?:-|\u2212|minus\s+|negative\s+)\$?\s?$")
# An ask bound to the number that follows it ("can you do 195 given my other offer?"): the
# number is the ask even when the clause also mentions a competing offer or current pay.
_ASK_BEFORE = re.compile(
    r"\b(?:(?:can|could)\s+(?:you|we)\s+(?:do|go\s+to|get\s+to|match)|looking\s+for|asking\s+for|hoping\s+for|"
    r"targeting|i'd\s+(?:like|need|want|take)|i\s+(?:want|need)|my\s+(?:number|ask|target)\s+is|how\s+about|what\s+about"
    r")\s+(?:\w+\s+){0,2}\$?$"
)
# "add a 20k sign-on", "plus a 25k signing bonus": an article before the amount makes it the
# issue's whole value, not an increase ("add 10k to the equity", "another 5k").
_ARTICLE_AMOUNT = re.compile(r"\b(?:add|plus)\s+(?:a|an)\s+\$?\d")


@dataclass(frozen=True, slots=True)
class Amount:
    issue: str  # an issue, "current_base" or "competing_base"
    value: int
    start: int  # character offsets in the normalized text
    end: int
    relative: bool = False


def _clauses(t: str) -> list[tuple[int, int]]:
    """Character ranges of clauses: split at sentence ends, semicolons, 'and'/'but'/'plus'
    and commas, so a keyword binds to the number next to it."""
    cuts = [0]
    for m in re.finditer(r"[.!?;]+(?:\s|$)|,\s+(?:(?:and|but|plus|also)\s)?|\s(?:and|but|plus|also|though|while|whereas|if|so|otherwise)\s", t):
        cuts.append(m.start())
        cuts.append(m.end())
    cuts.append(len(t))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]


def _nearest_issue(t: str, start: int, end: int, lo: int, hi: int, unit: str | None) -> str | None:
    if unit in ("day", "days", "week", "weeks"):
        return "pto_days"
    best: tuple[int, str] | None = None
    for issue, cue in ISSUE_CUES.items():
        for m in cue.finditer(t, lo, hi):
            if issue == "bonus_pct" and ISSUE_CUES["sign_on"].search(t, max(lo, m.start() - 12), m.end()):
                continue  # "signing bonus" is the sign-on
            dist = m.start() - end if m.start() >= end else start - m.end()
            if best is None or dist < best[0]:
                best = (dist, issue)
    return best[1] if best else None


def _scale(issue: str, value: float, unit: str | None, dollar: bool) -> int | None:
    if issue in ("pto_days",):
        days = value * 5 if unit in ("week", "weeks") else value
        return int(days) if 0 < days <= 60 else None
    if issue == "bonus_pct":
        return int(value) if 0 < value <= 100 else None
    # money
    if unit in ("k", "grand"):
        value *= 1000
    elif value < 1000 and not dollar:
        value *= 1000  # "one eighty-five", "185": thousands when it is an amount of money
    elif value < 1000 and dollar and issue in ("base", "current_base", "competing_base"):
        value *= 1000  # "$185" for a salary is 185k
    v = int(round(value))
    return v if 1000 <= v <= _MAX_MONEY else None


def find_amounts(text: str, offer: dict[str, int] | None = None) -> tuple[list[Amount], str]:
    """Every amount in the candidate's words, with the issue it is about; the normalized text."""
    t = normalize(text)
    # A range anchors at its low end: keep the low number (with the high one's unit).
    ranges: list[tuple[int, int]] = []

    def range_repl(m: re.Match[str]) -> str:
        if not _valid_range(m):
            return m.group(0)
        unit = m.group("lounit") or m.group("hiunit") or ""
        keep = f"{m.group('lo')}{unit}"
        ranges.append((m.start(), m.start() + len(keep)))
        return keep + " " * (len(m.group(0)) - len(keep))

    t = _RANGE.sub(range_repl, t)
    t = _A_WEEK.sub(lambda m: _week(m.group(0)), t)
    out: list[Amount] = []
    unclear: list[Amount] = []
    clauses = _clauses(t)
    for m in _AMOUNT.finditer(t):
        num, dollar = m.group("num"), bool(m.group("dollar"))
        unit_said = m.group("unit") or ""
        unit = re.sub(r"^(?:extra|more|additional)\s+|\s", "", unit_said) or None
        if t[m.start() - 1 : m.start()].isalnum() or (num == "401" and unit == "k"):
            continue  # part of a word, or a 401k
        after = t[m.end() :]
        if unit is None and _NOT_AMOUNT_AFTER.match(after):
            continue
        if unit in ("day", "days", "week", "weeks") and (
            _NOT_AMOUNT_AFTER.match(t[m.end("num") :]) or _NOT_DAYS_BEFORE.search(t, 0, m.start())
        ):
            continue  # "3 days a week in the office", "start in 2 weeks"
        if _NOT_MONEY_BEFORE.search(t, 0, m.start()):
            continue  # "a team of 40"
        at = next((i for i, (a, b) in enumerate(clauses) if a <= m.start() < b), None)
        lo, hi = clauses[at] if at is not None else (0, len(t))
        clause = t[lo:hi]
        # "they offered 190 base, and a 20k sign-on": a clause that goes on with the one before
        # (no sentence end between, no ask of its own) is about the same competing offer
        goes_on = (at is not None and at > 0 and not re.search(r"[.!?;]", t[clauses[at - 1][1] : lo])
                   and not _ASKING.search(clause))
        competing = bool(_COMPETING.search(t[clauses[at - 1][0] : hi] if goes_on else clause))
        value = float(num)
        if _NEGATIVE_BEFORE.search(t, 0, m.start()):
            unclear.append(Amount("unclear", int(value), m.start(), m.end()))
            continue  # "-50k": no amount here is negative, so it is asked back
        percent = unit in ("%", "percent")
        if percent:
            unit = "%"
        issue = _nearest_issue(t, m.start(), m.end(), lo, hi, unit)
        if _NOT_ASK_CLAUSE.search(clause):
            continue  # "leaving 30k of unvested stock": a reason, not an ask
        # "(add 10k to the equity and) 5k to the sign-on": an amount added to an issue
        to_the = bool(re.match(r"\s+to\s+(?:the|my)\s", after))
        relative = (
            (bool(_RELATIVE.search(_ARTICLE_AMOUNT.sub(" ", clause)))
             or bool(re.search(r"more|extra|additional", unit_said))
             or to_the)
            and not _CURRENT.search(clause)
            and not re.search(r"\bto\s+\$?$", t[max(lo, m.start() - 6) : m.start()])  # "bump it to 150"
        )
        if _MARKET.search(clause) and not re.search(r"\b(?:i'm|i\s+am|i'd|i\s+would|asking|looking\s+for|want|need)\b", clause):
            continue  # "the market median is 200k": a justification, not an ask
        asked = bool(_ASK_BEFORE.search(t, lo, m.start()))
        if competing and issue in COMPETING_TERMS and not asked and not percent:
            # "an offer at 190 base with a 20k sign-on": the other offer's sign-on, not an ask
            # (nor "20k more" for "another company"); "match on the sign-on" asks for it later
            scaled = _scale(issue, value, unit, dollar)
            if scaled is not None:
                out.append(Amount("competing_" + issue, scaled, m.start(), m.end()))
            continue
        if _COMPETING.search(clause) and issue in (None, "base") and not asked:
            kind = "competing_base"
        elif _CURRENT.search(clause) and issue in (None, "base") and not asked:
            kind = "current_base"
        else:
            kind = issue or "base"
        if percent:
            if kind == "bonus_pct" and not relative:
                out.append(Amount("bonus_pct", int(value), m.start(), m.end()))
                continue
            if not relative or not offer or kind not in offer:
                continue  # "grew revenue 30%": not an ask
            base_v = offer[kind]
            out.append(Amount(kind, int(round(base_v * (1 + value / 100))), m.start(), m.end(), True))
            continue
        if unit is None and not dollar and value < 10 and kind != "pto_days":
            continue  # "2 kids", "3 rounds": too small to be an amount of money
        scaled = _scale(kind, value, unit, dollar)
        if scaled is None:
            if dollar or unit or issue is not None:  # "$0 base", "190000000 base": no sensible amount
                unclear.append(Amount("unclear", int(value), m.start(), m.end()))
            continue
        if (
            not relative and offer and offer.get(kind) == scaled
            and re.search(r"step\s+down|pay\s+cut|less\s+than|lower\s+than|below|a\s+cut", clause)
        ):
            continue  # "170 would be a step down": the offer's own number, as a reference
        if relative and to_the and offer and offer.get(kind, 0) <= scaled and not _RELATIVE.search(clause):
            relative = False  # "190k to the base": a target, not an increment
        if relative and offer and kind in offer and kind in ISSUES:
            scaled = offer[kind] + scaled
            out.append(Amount(kind, scaled, m.start(), m.end(), True))
        else:
            out.append(Amount(kind, scaled, m.start(), m.end(), False))
    return out + unclear, t


def _valid_range(m: re.Match[str]) -> bool:
    """"180 to 190" is a range; "200 and 4000" (a transcription slip) or "3 to 5" years are not."""
    lo, hi = float(m.group("lo")), float(m.group("hi"))
    return 0 < lo < hi <= lo * 2


def _week(phrase: str) -> str:
    return "5 days" + (" more" if re.search(r"extra|additional|more|another", phrase) else "")


# --- intent --------------------------------------------------------------------------------------

_WALK = re.compile(
    r"\b(?:walk(?:ing)?\s+away|i'll\s+pass|i'm\s+going\s+to\s+pass|i\s+(?:will|have\s+to|must|need\s+to|'ll\s+have\s+to)\s+"
    r"(?:decline|pass|turn\s+(?:it|this)\s+down)|(?:going|have)\s+to\s+decline|decline\s+the\s+offer|withdraw|"
    r"i'm\s+out\b|not\s+going\s+to\s+work\s+out|(?:don't|do\s+not)\s+think\s+(?:this|it)(?:'s|\s+is)\s+going\s+to\s+work|let's\s+(?:end|stop)\s+(?:here|there)|no\s+deal|"
    r"i'm\s+going\s+to\s+(?:go|stay)\s+with|accept(?:ing)?\s+(?:the\s+)?(?:other|their)\s+offer)"
)
_ACCEPT = re.compile(
    r"\b(?:i\s+(?:accept|agree)|i\s+(?:can|will|'ll)\s+(?:accept|take\s+it|sign)|i'll\s+(?:accept|take\s+it|sign)|"
    r"(?:accept|take)\s+(?:the|your|this)\s+offer|we\s+have\s+a\s+deal|it's\s+a\s+deal|deal\b|sounds\s+(?:good|great|fair|fine)|"
    r"that\s+works|works\s+for\s+me|let's\s+do\s+it|i'm\s+in\b|happy\s+to\s+(?:accept|sign|move\s+forward)|"
    r"send\s+(?:me\s+)?(?:over\s+)?the\s+(?:paperwork|contract|offer\s+letter)|yes\b|i'm\s+(?:happy|fine|ok|okay)\s+with|"
    r"that's\s+(?:fine|fair|acceptable|great)|i'll\s+sign|where\s+do\s+i\s+sign|perfect|agreed|"
    r"i'm\s+(?:flexible|open\s+to\s+(?:whatever|anything))|whatever\s+you\s+(?:think|can|offer))"
)
_NOT_ACCEPT = re.compile(r"\b(?:but|however|if|only\s+if|unless|though|as\s+long\s+as|provided)\b")
_NEGATED_ACCEPT = re.compile(
    r"\b(?:not|n't|never|cannot|can't)\s+(?:\w+\s+){0,2}(?:accept|take|work|sign|agree|fine|fair|good|great)"
)
_REJECT = re.compile(
    r"\b(?:too\s+low|low\s+for|not\s+enough|doesn't\s+work|does\s+not\s+work|won't\s+work|can't\s+(?:accept|do|take)|"
    r"cannot\s+(?:accept|do|take)|disappoint\w*|below\s+(?:what|market|my)|lower\s+than|expected\s+more|"
    r"expecting\s+more|hoping\s+for\s+more|no\b|not\s+(?:quite\s+)?there|short\s+of|under\s+market|"
    r"not\s+competitive|isn't\s+competitive|see\s+more|\blight\b|lowball|underwhelm\w*|"
    r"not\s+going\s+to\s+work(?!\s+out)|not\s+where\s+i\s+need|a\s+long\s+way\s+from|far\s+from|need\s+more|isn't\s+enough|"
    r"is\s+not\s+enough|that's\s+(?:a\s+)?(?:bit\s+)?(?:low|light))"
)
_ASK = re.compile(
    r"\?|\b(?:is\s+there\s+(?:any\s+)?(?:flexibility|room|wiggle)|can\s+you|could\s+you|would\s+you|what\s+about|"
    r"how\s+about|what's|what\s+is|what\s+are|tell\s+me\s+more|walk\s+me\s+through|any\s+(?:flexibility|room)|"
    r"do\s+better|improve|share\s+(?:the|your)\s+(?:range|number|offer|budget)|hear\s+(?:your|the)\s+(?:offer|number|range))"
)
_STALL = re.compile(
    r"\b(?:let\s+me\s+think|need\s+(?:some\s+)?time|think\s+(?:it|this)\s+over|sleep\s+on\s+it|get\s+back\s+to\s+you|"
    r"talk\s+(?:it\s+over\s+)?with\s+my\s+(?:partner|wife|husband|family)|not\s+sure\s+yet|give\s+me\s+(?:a|some)\s+(?:day|days|time))"
)
_JUSTIFY = re.compile(
    r"\b(?:i\s+bring|my\s+experience|experience\s+(?:with|in|leading)|i've\s+(?:led|shipped|built|scaled|grown|managed|delivered)|"
    r"i\s+(?:led|shipped|built|scaled|grew|managed|delivered|cut|saved|reduced)|track\s+record|impact|scope|"
    r"market|levels(?:\.fyi)?|data\s+(?:shows|for)|based\s+on|research|value|for\s+this\s+level|comparable|"
    r"benchmark|responsibilit|ownership|years\s+of|expertise|skills?\s+in|offer\s+from|competing|other\s+offer)"
)


@dataclass(frozen=True, slots=True)
class Parsed:
    """One candidate turn, read: the intent, the amounts per issue, and what else it shows."""

    intent: str
    amounts: dict[str, int] = field(default_factory=dict)
    justified: bool = False  # ties the ask to value, market data or a competing offer
    ranged: bool = False  # named a range (whose low end anchors)
    relative: bool = False  # an amount was said relative to the offer ("10k more")

    def asks(self) -> dict[str, int]:
        """The issues the candidate asks for (not a disclosed salary nor a competing offer)."""
        return {k: v for k, v in self.amounts.items() if k in ISSUES}

    def to_dict(self) -> dict[str, object]:
        return {"intent": self.intent, "amounts": dict(self.amounts), "justified": self.justified,
                "ranged": self.ranged, "relative": self.relative}


_ASKING = re.compile(r"\b(?:i'd|i\s+would|i'm\s+(?:looking|hoping|asking|targeting)|i\s+(?:want|need|expect)|"
                     r"my\s+(?:target|ask|expectation)|looking\s+for|hoping\s+for|asking|expect|can\s+you|could\s+you)\b")


_BARE_WORDS = re.compile(
    r"(?:about|around|roughly|approximately|approx|like|just|over|under|a\s+bit|a\s+little|um+|uh+|well|so|ok|okay|"
    r"it's|it\s+is|that's|i'd\s+say|base|salary|total|comp|a\s+year|per\s+year|annually|yearly|now|today|"
    r"right\s+now|currently|k|\$)"
)


_BARE_YES = re.compile(
    r"\s*(?:ok(?:ay)?|sure|fine|alright|all\s+right|yeah|yep|ya|k|cool|great)(?:\s+(?:then|by\s+me|with\s+me))?"
    r"\s*[.!]*\s*"
)


def _bare(t: str, amounts: list[Amount]) -> bool:
    """Whether the turn is only amounts, with at most qualifiers ("about 150k a year")."""
    if not amounts:
        return False
    rest = t
    for a in sorted(amounts, key=lambda a: a.start, reverse=True):
        rest = rest[: a.start] + " " + rest[a.end :]
    return not _BARE_WORDS.sub(" ", rest).strip(" \t.,!?;:-")


def parse(text: str, offer: dict[str, int] | None = None, awaiting: str | None = None) -> Parsed:
    """Read one candidate turn against the offer on the table (for "10k more"). ``awaiting``
    is the question the recruiter just asked: after "what are you making now?" a bare
    number is a disclosure, after "do you have other offers?" a bare "yes" is leverage,
    after a yes-or-no question ("yes_no": the final offer) a bare "ok" is a yes."""
    if not text or not text.strip():
        return Parsed("silence")
    amounts_list, t = find_amounts(text, offer)
    if any(a.issue == "unclear" for a in amounts_list):
        return Parsed("unclear")  # "-50k", "$0": asked back, never acted on
    if awaiting == "yes_no" and _BARE_YES.fullmatch(t):
        return Parsed("accept")  # "ok" to "Final offer: ... Yes or no?"
    if awaiting == "current_pay" and _bare(t, amounts_list):
        # "150k", "about 150": the answer to "what are you making now?" (and below, to "do
        # you have other offers?"). Words that state current pay ("I make 150") or an offer
        # ("Acme offered 200") are read as such by find_amounts; anything else with a number
        # ("I'm looking for 190", "for this role 190 makes sense") is an ask.
        amounts_list = [Amount("current_base", a.value, a.start, a.end) if a.issue == "base" and not a.relative else a
                        for a in amounts_list]
    if awaiting == "competing_check" and _bare(t, amounts_list):
        amounts_list = [Amount("competing_base", a.value, a.start, a.end) if a.issue == "base" and not a.relative else a
                        for a in amounts_list]
    if awaiting == "competing_check" and not amounts_list and re.match(
        r"\s*(?:yes|yeah|yep|i\s+do|i\s+am|i\s+have|a\s+few|one|two|several)\b", t
    ):
        return Parsed("justify", {}, True)
    amounts: dict[str, int] = {}
    for a in amounts_list:
        amounts.setdefault(a.issue, a.value)  # the first mention of an issue is the ask
    justified = bool(_JUSTIFY.search(t)) or any(k.startswith("competing_") for k in amounts)
    ranged = any(_valid_range(m) for m in _RANGE.finditer(normalize(text)))
    relative = any(a.relative for a in amounts_list)
    asks = {k: v for k, v in amounts.items() if k in ISSUES}

    def out(intent: str) -> Parsed:
        return Parsed(intent, amounts, justified, ranged, relative)

    accepting = bool(_ACCEPT.search(t)) and not _NEGATED_ACCEPT.search(t)
    conditional = bool(_NOT_ACCEPT.search(t))
    if _WALK.search(t) and not asks:
        return out("walk")
    if asks:
        if offer and accepting and all(offer.get(k) == v for k, v in asks.items()):
            return out("accept")  # "yes, 185 base works": the offer's own number
        return out("propose")
    if "current_base" in amounts:
        return out("disclose")
    if "competing_base" in amounts:
        return out("justify")
    if _COMPETING.search(t) or re.search(
        r"\bother\s+(?:offers?|companies)\b|\binterviewing\s+(?:elsewhere|with)\b|\bfinal\s+rounds?\b", t
    ):
        return out("justify")  # "I do have other offers": leverage, no number
    if accepting and not conditional and not _ASK.search(t):
        return out("accept")
    if _STALL.search(t):
        return out("stall")
    if "?" in t and re.match(r"\s*(?:why|how|what|when|where|who|is|are|can|could|would|will|do|does)\b", t):
        return out("ask")
    if _REJECT.search(t) and not (accepting and not conditional):
        return out("reject")
    if _ASK.search(t):
        return out("ask")
    if _JUSTIFY.search(t):
        return out("justify")
    if accepting:
        return out("accept")
    return out("stall")
