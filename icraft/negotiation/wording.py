"""What the recruiter says: offline wording from the move and the numbers on the table.

The wording functions never see the hidden limits: they get the offer on the table
and nothing else, so an offline line cannot state a limit that is not on the table.
:func:`numbers_in` and :func:`leaks` check any line (a model's included) against the
numbers the recruiter may say; :func:`checked` keeps a model's line only when every
number in it is allowed, else the offline line is used.
"""

from __future__ import annotations

import random
import re

from icraft.negotiation.scenario import ISSUES, Scenario

_NUMBER = re.compile(r"\$?\d[\d,]*(?:\.\d+)?\s?(?:k\b)?")


def money(v: int) -> str:
    return f"${v:,}"


def describe(issue: str, v: int, scn: Scenario) -> str:
    if issue == "base":
        return f"a base salary of {money(v)}"
    if issue == "bonus_pct":
        return f"a {v}% target bonus" if v else "no target bonus"
    if issue == "equity":
        return f"{money(v)} in equity vesting over {scn.vesting_years} years" if v else "no equity"
    if issue == "sign_on":
        return f"a {money(v)} sign-on bonus" if v else "no sign-on bonus"
    return f"{v} days of PTO"


def package(offer: dict[str, int], scn: Scenario, issues: tuple[str, ...] = ISSUES) -> str:
    parts = [describe(i, offer[i], scn) for i in issues]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def sentences(*parts: str) -> str:
    """Join sentences, each starting with a capital letter."""
    return " ".join(p[:1].upper() + p[1:] for p in parts if p)


def numbers_in(text: str) -> set[int]:
    """Every number a line states, as an integer ($185k -> 185000, 185,000 -> 185000)."""
    out: set[int] = set()
    for m in _NUMBER.finditer(text):
        raw = m.group(0).replace("$", "").replace(",", "").strip()
        thousand = raw.endswith("k")
        raw = raw.rstrip("k").strip()
        try:
            v = float(raw)
        except ValueError:
            continue
        out.add(int(v * 1000) if thousand else int(v))
    return out


def leaks(text: str, allowed: set[int]) -> set[int]:
    """The numbers in ``text`` that are not allowed (not on the table, not the candidate's)."""
    return numbers_in(text) - allowed


def model_leaks(text: str, allowed: set[int]) -> set[int]:
    """The numbers a model's line states that are not allowed, read strictly: number
    words become digits first ("one ninety-one five", "a hundred and ninety thousand"),
    and a bare number is allowed only as an allowed value or its thousands ("172")."""
    from icraft.negotiation.parse import normalize

    ok = allowed | {v // 1000 for v in allowed if v >= 1000 and v % 1000 == 0}
    return numbers_in(normalize(text)) - ok


def checked(model_text: str | None, offline: str, allowed: set[int]) -> tuple[str, bool]:
    """A model's wording if it states only allowed numbers (:func:`model_leaks`), else the
    offline wording. Returns (text, whether the model's wording was used)."""
    if model_text and model_text.strip() and len(model_text) <= 600 and not model_leaks(model_text, allowed):
        return model_text.strip(), True
    return offline, False


# --- offline lines, by persona ---------------------------------------------------------------------

_OPEN = {
    "warm": [
        "Hi, it's {who} from {company}! The team loved you and we'd like to make you an offer for the {title} role. "
        "Before I put the numbers together: what are you looking for?",
        "Great news from {company}: we want you on the team as {title}. To shape the offer, what compensation are "
        "you hoping for?",
    ],
    "neutral": [
        "Hello, this is {who} at {company}. We'd like to extend an offer for the {title} role. What are your "
        "salary expectations?",
        "Hi, {who} from {company}. We're ready to move forward on {title}. What number do you have in mind?",
    ],
    "hard-nosed": [
        "{who}, {company}. We're prepared to make an offer for {title}. What are you expecting?",
        "This is {who} at {company}. Let's talk numbers for {title}. What's your expectation?",
    ],
}
_OFFER = {
    "warm": ["Here's what we've put together: {package}. We think it's a strong package!"],
    "neutral": ["Our offer is {package}."],
    "hard-nosed": ["Our offer is {package}. It's in line with our bands."],
}
_COUNTER = {
    "warm": ["I went back to the team and we can do {moved}.", "Good news: I got approval for {moved}."],
    "neutral": ["We can move to {moved}.", "I can offer {moved}."],
    "hard-nosed": ["I can go to {moved}.", "We'll move to {moved}."],
}
_NOW = {
    "warm": ["The full package is now {package}."],
    "neutral": ["The package is now {package}."],
    "hard-nosed": ["That's {package}."],
}
_TRADE = {
    "warm": ["I can't get all the way there on {short}, but to close the gap I can offer {traded}."],
    "neutral": ["{short} is tight, so I've added {traded} instead."],
    "hard-nosed": ["That's as far as {short} goes. I can do {traded}."],
}
_HOLD = {
    "warm": ["I hear you. I'm not able to move on {issues} right now; the offer stands at {package}."],
    "neutral": ["I can't move on {issues} at this point. The offer is {package}."],
    "hard-nosed": ["No movement on {issues}. The offer is {package}."],
}
_UNMOVED = {
    "warm": ["I couldn't get movement on {issues} this time."],
    "neutral": ["No movement on {issues} at this point."],
    "hard-nosed": ["No change on {issues}."],
}
_COVERED_PART = {
    "warm": ["What you asked for on {issues} is already in the offer."],
    "neutral": ["The offer already covers what you asked on {issues}."],
    "hard-nosed": ["The offer already covers {issues}."],
}
_COVERED = {
    "warm": ["That's no more than what's already on the table: {package}. Would you like to accept it, or is there "
             "something you'd like me to look at?"],
    "neutral": ["That's at or below the current offer: {package}. Do you accept it, or is there something else?"],
    "hard-nosed": ["That's already covered: {package}. Do you accept?"],
}
_UNCLEAR = {
    "warm": ["Sorry, I didn't follow that number. What are you asking for, and on which part of the offer?"],
    "neutral": ["I'm not sure I understood the amount. What exactly are you asking for?"],
    "hard-nosed": ["That number doesn't make sense to me. What are you asking for?"],
}
_ABSURD = {
    "warm": ["That's well outside what we can do for this level, and I want to be honest with you about that. "
             "The offer stands at {package}."],
    "neutral": ["That number is far outside our range for this level. The offer is {package}."],
    "hard-nosed": ["That's not a realistic number for this level. The offer is {package}."],
}
_ACCEPT = {  # the recruiter agrees to the candidate's ask; the deal waits for the candidate's yes
    "warm": ["We can do that! So that's {package}. Shall I send the offer letter?"],
    "neutral": ["We can do that: {package}. Do we have a deal?"],
    "hard-nosed": ["Fine: {package}. Do we have a deal?"],
}
_DEAL = {
    "warm": ["Wonderful, welcome to the team! I'll send the offer letter for {package}."],
    "neutral": ["Great, we have a deal: {package}. The paperwork follows today."],
    "hard-nosed": ["Deal: {package}. Paperwork follows."],
}
_FINAL = {
    "warm": ["I need to wrap this up with the team: our final offer is {package}. Can you accept it?"],
    "neutral": ["This is our final offer: {package}. I need your answer now."],
    "hard-nosed": ["Final offer: {package}. Yes or no?"],
}
_EXPIRED = {
    "warm": ["I'm sorry we couldn't get there; the offer has expired. I wish you the very best."],
    "neutral": ["Without an acceptance the offer expires today. Thanks for your time."],
    "hard-nosed": ["The offer has expired."],
}
_THEY_WALK = {
    "warm": ["I don't think we can bridge this gap, and I'd rather be straight with you. Let's part as friends."],
    "neutral": ["We're too far apart, so we'll close the process here."],
    "hard-nosed": ["We're done here; we'll move on to other candidates."],
}
_YOU_WALK = {
    "warm": ["I understand, and I'm sorry to hear it. The door stays open."],
    "neutral": ["Understood. Thanks for considering us."],
    "hard-nosed": ["Understood."],
}
_STALL = {
    "warm": ["Of course, take a moment. Where do you land on the offer?"],
    "neutral": ["Sure. What are your thoughts on the offer?"],
    "hard-nosed": ["We need to keep this moving. Where are you on the offer?"],
}
_NEED_OFFER = {
    "warm": ["Happy to share first."],
    "neutral": ["Let me share the offer."],
    "hard-nosed": ["Here are the numbers."],
}
_DISCLOSED = {
    "warm": ["Thanks, that helps me calibrate."],
    "neutral": ["Thanks, noted."],
    "hard-nosed": ["Noted."],
}
_COMPETING = {
    "warm": ["Thanks for telling me about the other offer; I'll take it to the team."],
    "neutral": ["Good to know about the other offer."],
    "hard-nosed": ["Other offers are your call; we pay to our bands."],
}
_INFO = {
    "equity": "The equity vests over {vesting} years with a one-year cliff.",
    "bonus_pct": "The bonus is a target, paid yearly on company and individual performance.",
    "start_date": "The start date is {start_date}, and we have some flexibility there.",
    "remote": "The role is {remote}.",
    "title": "The title is {title_detail}.",
    "pto_days": "PTO accrues from your first day.",
    "other": "Good question; it's all in the offer letter, and I'm happy to go through it.",
}
EVENTS = {
    "current_pay": "By the way, what are you making in your current role?",
    "competing_check": "Are you talking to other companies, or do you have other offers?",
    "best_offer": "To be clear, this is the best we can do.",
    "exploding": "I'll need your decision by the end of the day tomorrow.",
}


def line(table: dict[str, list[str]], persona: str, rng: random.Random, **kw: str) -> str:
    variants = table[persona]
    return variants[rng.randrange(len(variants))].format(**kw)


def opening(scn: Scenario, rng: random.Random) -> str:
    return line(_OPEN, scn.persona, rng, who=scn.recruiter, company=scn.company,
                title=scn.details.get("title", scn.title))


def info(scn: Scenario, topic: str) -> str:
    return _INFO.get(topic, _INFO["other"]).format(
        vesting=scn.vesting_years, start_date=scn.details.get("start_date", "flexible"),
        remote=scn.details.get("remote", "as discussed"), title_detail=scn.details.get("title", scn.title),
    )


TABLES = {
    "offer": _OFFER, "counter": _COUNTER, "now": _NOW, "trade": _TRADE, "hold": _HOLD, "absurd": _ABSURD, "accept": _ACCEPT,
    "deal": _DEAL, "final": _FINAL, "expired": _EXPIRED, "they_walk": _THEY_WALK, "you_walk": _YOU_WALK,
    "stall": _STALL, "need_offer": _NEED_OFFER, "disclosed": _DISCLOSED, "competing": _COMPETING,
    "unmoved": _UNMOVED, "covered_part": _COVERED_PART, "covered": _COVERED, "unclear": _UNCLEAR,
}
