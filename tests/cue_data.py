"""The cue labelled set (tests/data/cue) and a 1,000-entry prepared file, for the cue tests
and benchmarks/bench_cue.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "cue"
FILES = ("behavioral", "system_design", "coding_role")


@dataclass(frozen=True)
class Labelled:
    file: str
    line: int
    text: str
    labels: frozenset[int]  # empty: no prepared answer
    small_talk: bool = False

    @property
    def answerable(self) -> bool:
        return bool(self.labels)


def prepared_path(name: str) -> Path:
    return DATA / f"{name}.md"


def labelled(name: str) -> list[Labelled]:
    out = []
    path = DATA / f"{name}.questions.tsv"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        if label == "~":
            out.append(Labelled(name, n, text, frozenset(), small_talk=True))
        elif label == "-":
            out.append(Labelled(name, n, text, frozenset()))
        else:
            out.append(Labelled(name, n, text, frozenset(int(x) for x in label.split("+"))))
    return out


_SYSTEMS = """inventory tracker, parking garage, hotel reservations, food delivery, ticket booking, library catalogue,
photo sharing, email service, calendar, document editor, online judge, ad server, ab testing platform, feature flag
service, password manager, analytics dashboard, expense tracker, survey tool, booking engine, recipe site, music
streaming, podcast host, fitness tracker, weather service, flight search, price comparison, coupon system, loyalty
program, auction site, bank ledger, invoice generator, payroll system, tax calculator, crypto wallet, stock ticker,
news aggregator, forum, wiki, question answer site, code hosting, package registry, build farm, log search,
tracing backend, secrets vault, identity provider, single sign on, permissions service, audit log, data lake, etl
pipeline, feature store, model registry, recommendation widget, translation service, image resizer, thumbnail
generator, virus scanner, spam filter, url preview, geofencing, fleet tracker, smart home hub, iot telemetry,
elevator controller, vending machine, traffic light controller, online classroom, quiz app, dating app, job board,
real estate listings, car rental, bike sharing, event ticketing, restaurant reservations, grocery delivery,
pharmacy refills, telemedicine, hospital scheduling, clinical trials tracker, donation platform, crowdfunding,
voting system, census collector, shipping tracker, warehouse robots, print queue, mail merge, chat bot, voice
assistant, meeting scheduler, video conferencing, screen sharing, whiteboard app, note taking, to do list,
habit tracker, budgeting app, split bill app, gift registry, wedding planner, travel itinerary, visa checker,
currency converter, language tutor, flash cards""".replace("\n", " ").split(", ")
_FRAMES = (
    ("How would you design a {x}?", "Start with the {x}'s core entities and its read and write paths; {a}."),
    ("What would you monitor in a {x}?", "Error rate and latency of the {x}'s main requests; {a}."),
    ("How would you scale a {x} to ten times its users?", "Find the {x}'s bottleneck first; {a}."),
    ("What data model would you use for a {x}?", "Tables for the {x}'s entities with clear ownership; {a}."),
    ("How would you test a {x}?", "Contract tests around the {x}'s interfaces; {a}."),
    ("What are the failure modes of a {x}?", "Lost writes and stale reads in the {x}; {a}."),
    ("How would you secure a {x}?", "Least privilege for the {x}'s services; {a}."),
    ("How would you migrate a {x} to a new database?", "Dual writes, then backfill, then switch the {x}'s reads; {a}."),
    ("What would you build first in a {x}?", "The smallest path a user of the {x} pays for; {a}."),
    ("How would you cut the cost of running a {x}?", "Measure the {x}'s spend per request; {a}."),
)
_DETAILS = ("cache what is read often", "queue what can wait", "shard by customer", "keep an audit trail",
            "add idempotency keys", "measure before tuning", "keep the schema versioned", "alert on user symptoms")


def thousand_entries(base: list[str] | None = None, total: int = 1000) -> str:
    """A prepared-answers file of ``total`` entries: the three labelled files first (so their
    numbers hold), then generated system questions (eight frames x the systems above)."""
    parts = [prepared_path(n).read_text(encoding="utf-8") for n in (base if base is not None else FILES)]
    count = sum(p.count("\n## ") + p.startswith("## ") for p in parts)
    generated: list[str] = []
    i = 0
    while count + len(generated) < total:
        x = _SYSTEMS[i % len(_SYSTEMS)]
        q, a = _FRAMES[(i // len(_SYSTEMS)) % len(_FRAMES)]
        q = q.replace("a {x}", ("an {x}" if x[0] in "aeiou" else "a {x}"))
        generated.append(f"## {q.format(x=x)}\n- {a.format(x=x, a=_DETAILS[i % len(_DETAILS)])}\n")
        i += 1
    return "\n".join(parts) + "\n" + "\n".join(generated)


@dataclass(frozen=True)
class RecallAnswer:
    """An answer to a prepared question, labelled with the key points it covers (1-based)."""

    file: str
    entry: int
    covered: frozenset[int]
    text: str
    line: int


def recall_answers() -> list[RecallAnswer]:
    """tests/data/cue/recall.tsv: spoken-style answers, paraphrased, covering or missing points."""
    out = []
    for n, line in enumerate((DATA / "recall.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        file, entry, covered, text = line.split("\t")
        points = frozenset() if covered == "-" else frozenset(int(x) for x in covered.split(","))
        out.append(RecallAnswer(file, int(entry), points, text, n))
    return out
