"""Negotiation scenarios as data: ``drills/negotiation/*.toml`` (or a user's own file).

A scenario is a company's offer, the market band for the role, the recruiter's
persona and deadline, the events the recruiter will spring, and the recruiter's
**hidden** limits per issue (the most they may offer), with what is cheap and dear
to the company. The hidden limits are read here and handed only to the strategy
(:mod:`icraft.negotiation.strategy`), which never offers past them; the wording
(:mod:`icraft.negotiation.wording`) never sees them.

Validation is strict and names the file and the key: a typo in a user's scenario
fails at load with "did you mean", never mid-negotiation. Standard library only.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from icraft.core.errors import InputError, NotFoundError
from icraft.resources import drills_dir

# The negotiable issues, all integers: dollars a year, percent of base, dollars over
# the vesting period, dollars once, days a year.
ISSUES: tuple[str, ...] = ("base", "bonus_pct", "equity", "sign_on", "pto_days")
ISSUE_NAMES: dict[str, str] = {
    "base": "base salary",
    "bonus_pct": "target bonus",
    "equity": "equity",
    "sign_on": "sign-on bonus",
    "pto_days": "PTO",
}
MONEY_ISSUES: frozenset[str] = frozenset({"base", "equity", "sign_on"})
PERSONAS: tuple[str, ...] = ("warm", "neutral", "hard-nosed")
EVENT_KINDS: tuple[str, ...] = ("current_pay", "competing_check", "best_offer", "exploding")
LEVELS: tuple[str, ...] = ("junior", "mid", "senior", "staff")
MIN_ROUNDS = 3
WORK_DAYS = 260  # a year's working days: PTO days are valued at p50 / WORK_DAYS each

_TOP_KEYS = {
    "id", "title", "company", "role", "level", "location", "persona", "recruiter", "deadline",
    "market", "offer", "limits", "priorities", "events",
}
_OFFER_TEXT = ("start_date", "remote", "title")
_OFFER_KEYS = set(ISSUES) | {"vesting_years"} | set(_OFFER_TEXT)


@dataclass(frozen=True, slots=True)
class Event:
    """Something the recruiter springs in their ``at``-th reply (1 = the first reply)."""

    at: int
    kind: str


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    company: str
    role: str
    level: str
    location: str
    persona: str
    recruiter: str
    deadline: int  # candidate turns before the recruiter's final offer
    market: dict[str, int]  # base salary band: p25, p50, p75
    offer: dict[str, int]  # the opening offer, one value per issue
    vesting_years: int
    details: dict[str, str]  # start_date, remote, title: shown, not negotiated
    limits: dict[str, int] = field(repr=False)  # HIDDEN: the most the recruiter may offer per issue
    cheap: tuple[str, ...] = ()
    dear: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    source: str = ""

    def public(self) -> dict[str, Any]:
        """What the candidate may see before the end: everything but the limits."""
        return {
            "id": self.id,
            "title": self.title,
            "company": self.company,
            "role": self.role,
            "level": self.level,
            "location": self.location,
            "persona": self.persona,
            "recruiter": self.recruiter,
            "deadline": self.deadline,
            "market": dict(self.market),
            "offer": dict(self.offer),
            "vesting_years": self.vesting_years,
            "details": dict(self.details),
        }

    def data(self) -> dict[str, Any]:
        """The scenario in its file's shape: ``parse_scenario(scn.data())`` gives it back
        (a stored session keeps its scenario whatever happens to the file)."""
        return {
            "id": self.id, "title": self.title, "company": self.company, "role": self.role, "level": self.level,
            "location": self.location, "persona": self.persona, "recruiter": self.recruiter,
            "deadline": self.deadline, "market": dict(self.market),
            "offer": {**self.offer, "vesting_years": self.vesting_years, **self.details},
            "limits": dict(self.limits), "priorities": {"cheap": list(self.cheap), "dear": list(self.dear)},
            "events": [{"at": e.at, "kind": e.kind} for e in self.events],
        }

    def to_dict(self) -> dict[str, Any]:
        """The whole scenario, hidden parts included (snapshots and the debrief)."""
        d = self.public()
        d["limits"] = dict(self.limits)
        d["priorities"] = {"cheap": list(self.cheap), "dear": list(self.dear)}
        d["events"] = [{"at": e.at, "kind": e.kind} for e in self.events]
        return d


def package_value(scn: Scenario, values: dict[str, int]) -> int:
    """A package's first-year value in dollars: base, the target bonus on it, one year
    of the equity's vesting, the sign-on, and PTO days at the market median's daily
    rate. Monotone in every issue, so a package within every limit is worth at most
    the limits' package."""
    base = values["base"]
    return (
        base
        + base * values["bonus_pct"] // 100
        + values["equity"] // scn.vesting_years
        + values["sign_on"]
        + values["pto_days"] * scn.market["p50"] // WORK_DAYS
    )


def _did_you_mean(key: str, known: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"


def _int(where: str, key: str, value: Any, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{where}: '{key}' must be a whole number, not {value!r}", "write it without quotes, e.g. 185000")
    if value < minimum:
        raise InputError(f"{where}: '{key}' must be at least {minimum}, not {value}")
    return value


def _str(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _table(where: str, data: dict[str, Any], key: str, known: set[str]) -> dict[str, Any]:
    t = data.get(key)
    if not isinstance(t, dict):
        raise InputError(f"{where}: missing the [{key}] table", "see drills/negotiation/README.md for the schema")
    for k in t:
        if k not in known:
            raise InputError(f"{where}: unknown key '{k}' in [{key}]", _did_you_mean(k, known))
    return t


def parse_scenario(data: dict[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate one scenario's TOML data; every problem is an InputError naming ``source``."""
    for k in data:
        if k not in _TOP_KEYS:
            raise InputError(f"{source}: unknown key '{k}'", _did_you_mean(k, _TOP_KEYS))
    missing = [k for k in ("id", "company", "role", "level", "persona", "deadline") if k not in data]
    if missing:
        raise InputError(f"{source}: missing {', '.join(repr(m) for m in missing)}", "see drills/negotiation/README.md")
    sid = _str(source, "id", data["id"])
    where = f"{source} ({sid})"
    level = _str(where, "level", data["level"])
    if level not in LEVELS:
        raise InputError(f"{where}: level '{level}' is not one of {', '.join(LEVELS)}")
    persona = _str(where, "persona", data["persona"])
    if persona not in PERSONAS:
        raise InputError(f"{where}: persona '{persona}' is not one of {', '.join(PERSONAS)}")
    deadline = _int(where, "deadline", data["deadline"], minimum=MIN_ROUNDS)

    market_t = _table(where, data, "market", {"p25", "p50", "p75"})
    market = {k: _int(where, f"market.{k}", market_t.get(k), minimum=1) for k in ("p25", "p50", "p75")}
    if not market["p25"] < market["p50"] < market["p75"]:
        raise InputError(f"{where}: the market band must rise: p25 < p50 < p75 (got {market})")

    offer_t = _table(where, data, "offer", _OFFER_KEYS)
    offer = {k: _int(where, f"offer.{k}", offer_t.get(k)) for k in ISSUES}
    if offer["base"] < 1000:
        raise InputError(f"{where}: offer.base is dollars a year ({offer['base']} is too small)")
    vesting = _int(where, "offer.vesting_years", offer_t.get("vesting_years", 4), minimum=1)
    details = {k: _str(where, f"offer.{k}", offer_t[k]) for k in _OFFER_TEXT if k in offer_t}

    limits_t = _table(where, data, "limits", set(ISSUES))
    limits: dict[str, int] = {}
    for k in ISSUES:
        v = _int(where, f"limits.{k}", limits_t.get(k, offer[k]))
        if v < offer[k]:
            raise InputError(
                f"{where}: limits.{k} ({v}) is below the opening offer ({offer[k]})",
                "a limit is the most the recruiter may offer, at least the opening offer",
            )
        limits[k] = v

    prio = data.get("priorities", {})
    if not isinstance(prio, dict):
        raise InputError(f"{where}: [priorities] must be a table with cheap = [...] and dear = [...]")
    for k in prio:
        if k not in ("cheap", "dear"):
            raise InputError(f"{where}: unknown key '{k}' in [priorities]", _did_you_mean(k, {"cheap", "dear"}))
    cheap_dear: dict[str, tuple[str, ...]] = {}
    for k in ("cheap", "dear"):
        items = prio.get(k, [])
        if not isinstance(items, list) or any(i not in ISSUES for i in items):
            raise InputError(f"{where}: priorities.{k} must list issues from {', '.join(ISSUES)} (got {items!r})")
        cheap_dear[k] = tuple(items)
    if set(cheap_dear["cheap"]) & set(cheap_dear["dear"]):
        raise InputError(f"{where}: an issue cannot be both cheap and dear")

    events: list[Event] = []
    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        raise InputError(f"{where}: events must be an array of tables ([[events]])")
    for i, ev in enumerate(raw_events):
        if not isinstance(ev, dict) or set(ev) - {"at", "kind"}:
            raise InputError(f"{where}: events #{i + 1} takes only 'at' and 'kind'")
        kind = _str(where, f"events #{i + 1}.kind", ev.get("kind"))
        if kind not in EVENT_KINDS:
            raise InputError(f"{where}: events #{i + 1}: unknown kind '{kind}'", f"use one of {', '.join(EVENT_KINDS)}")
        at = _int(where, f"events #{i + 1}.at", ev.get("at"), minimum=1)
        if at > deadline:
            raise InputError(f"{where}: events #{i + 1} is at reply {at}, after the deadline ({deadline})")
        events.append(Event(at, kind))
    return Scenario(
        id=sid,
        title=_str(where, "title", data.get("title", f"{level} {data['role']} at {data['company']}")),
        company=_str(where, "company", data["company"]),
        role=_str(where, "role", data["role"]),
        level=level,
        location=_str(where, "location", data.get("location", "remote")),
        persona=persona,
        recruiter=_str(where, "recruiter", data.get("recruiter", "the recruiter")),
        deadline=deadline,
        market=market,
        offer=offer,
        vesting_years=vesting,
        details=details,
        limits=limits,
        cheap=cheap_dear["cheap"],
        dear=cheap_dear["dear"],
        events=tuple(sorted(events, key=lambda e: e.at)),
        source=source,
    )


def load_file(path: Path) -> Scenario:
    """A scenario from a TOML file (the bundled ones or a user's own)."""
    from icraft.formats import decode

    try:
        # a recording, an archive, a PDF: one line that says so (the codec's words say nothing to a user)
        data = tomllib.loads(decode(path.read_bytes(), str(path), binary_hint=(
            "a scenario is a UTF-8 TOML file like the bundled ones: `icraft negotiate --list`; "
            "the format is in drills/negotiation/README.md")))
    except FileNotFoundError:
        raise NotFoundError(f"no scenario file {path}", "run `icraft negotiate --list` for the bundled ones") from None
    except OSError as e:
        raise InputError(f"cannot read the scenario file {path}: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: not valid TOML: {e}") from None
    return parse_scenario(data, str(path))


def scenarios_dir() -> Path:
    return drills_dir() / "negotiation"


@lru_cache(maxsize=4)
def load_all(folder: Path | None = None) -> tuple[Scenario, ...]:
    """Every bundled scenario, sorted by id; ids are unique."""
    folder = folder or scenarios_dir()
    out: dict[str, Scenario] = {}
    for path in sorted(folder.glob("*.toml")):
        scn = load_file(path)
        if scn.id in out:
            raise InputError(f"{path}: scenario id '{scn.id}' is also used by {out[scn.id].source}")
        out[scn.id] = scn
    return tuple(out[k] for k in sorted(out))


def get(scenario_id: str) -> Scenario:
    """A bundled scenario by id, or a path to a user's scenario file."""
    if scenario_id.endswith(".toml") or "/" in scenario_id:
        return load_file(Path(scenario_id).expanduser())
    for s in load_all():
        if s.id == scenario_id:
            return s
    ids = [s.id for s in load_all()]
    close = difflib.get_close_matches(scenario_id, ids, n=2, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}?" if close else "run `icraft negotiate --list` to see them"
    raise NotFoundError(f"no negotiation scenario '{scenario_id}'", hint)


def choose(*, role: str | None = None, level: str | None = None, seed: int = 0) -> Scenario:
    """A bundled scenario for this role and level, picked by the seed among those that fit."""
    fits = [s for s in load_all() if (role is None or s.role == role) and (level is None or s.level == level)]
    if not fits:
        have = sorted({f"{s.role}/{s.level}" for s in load_all()})
        raise NotFoundError(
            f"no negotiation scenario for {role or 'any role'} at {level or 'any level'}",
            f"scenarios exist for {', '.join(have)}; or write your own and pass --scenario FILE.toml",
        )
    return fits[seed % len(fits)]
