"""The job-description analyzer (icraft/jd/): technologies and their aliases, the everyday
words that are not technologies, requirement strength, years, level and session type,
long postings, PDF and HTML input, bad files, and the `icraft jd` command with storage."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from icraft.jd import conll, document
from icraft.jd.analyze import analyze, content_hash
from icraft.jd.technologies import gazetteer

DATA = Path(__file__).parent / "data" / "jd"
POSTING = DATA / "backend_senior.md"


def techs(text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.tech.id) for m in gazetteer().find(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Strong C++ and C# skills.", [("C++", "cpp"), ("C#", "csharp")]),
    ("We build on .NET and Node.js.", [(".NET", "dotnet"), ("Node.js", "nodejs")]),
    ("You ran k8s clusters and Postgres in production.", [("k8s", "kubernetes"), ("Postgres", "postgresql")]),
    ("C/C++ firmware", [("C/C++", "cpp"), ("firmware", "embedded")]),
    ("Java, not JavaScript.", [("Java", "java"), ("JavaScript", "javascript")]),
    ("Experience with amazon-web-services", [("amazon-web-services", "aws")]),
    ("We use Python, Go and Rust.", [("Python", "python"), ("Go", "go"), ("Rust", "rust")]),
    ("Go is our backend language.", [("Go", "go")]),
    ("Data pipelines on Apache Spark.", [("Data pipelines", "data-engineering"), ("Apache Spark", "spark")]),
    ("Advanced MS Excel skills", [("MS Excel", "excel")]),
    ("R and Python for statistics", [("R", "r"), ("Python", "python"), ("statistics", "statistics")]),
    ("We write Swift and Kotlin for our apps.", [("Swift", "swift"), ("Kotlin", "kotlin")]),
])
def test_technologies_and_their_aliases(text: str, expected: list[tuple[str, str]]) -> None:
    assert techs(text) == expected


@pytest.mark.parametrize("text", [
    "You will go to market with the sales team and go the extra mile.",
    "You excel at communication and Excel in ambiguous situations.",
    "We want to spark curiosity. Spark joy in your team.",
    "A swift response to incidents; Swift decisions.",
    "Our R&D department in the Rust belt.",
    "Let's go! We go beyond the brief.",
    "rust on old cars, a spark plug, excel spreadsheets for the go-kart club",
])
def test_everyday_words_are_not_technologies(text: str) -> None:
    assert techs(text) == []


def test_every_quote_is_cut_from_the_posting_and_strength_follows_sections_and_wording() -> None:
    text = POSTING.read_text(encoding="utf-8")
    a = analyze(text)
    assert a.requirements
    for r in a.requirements:
        assert text[r.char_start:r.char_end] == r.text
        assert r.strength in ("required", "preferred", "nice-to-have")
    by_name = {(r.canonical or r.text): r.strength for r in a.requirements if r.kind == "knowledge"}
    assert by_name["PostgreSQL"] == "required" and by_name["Kubernetes"] == "required"
    assert by_name["Terraform"] == "nice-to-have" and by_name["C++"] == "nice-to-have"
    assert by_name["Rust"] == "nice-to-have"
    # the title line and the company's introduction are no requirements
    assert all(r.char_start > text.index("## What you'll do") for r in a.requirements)
    duties = [r.text for r in a.requirements if r.kind == "responsibility"]
    assert "Own the on-call rotation for the ledger service and lead incident reviews." in duties
    on_call = next(r for r in a.requirements if r.text.startswith("Own the on-call"))
    assert {"failure_modes", "ownership_signal"} <= set(on_call.skill_ids)
    assert a.years == (5, None) and a.level == "senior" and a.role == "backend"
    assert [f.text for f in a.company["size"]] == ["120 employees", "3 offices"]
    assert a.company["stage"][0].text == "Series B"
    assert a.focus_skills and a.session_type in ("system-design", "mixed")


@pytest.mark.parametrize(("sentence", "strength"), [
    ("Experience with Kafka is a plus.", "nice-to-have"),
    ("Kafka would be a bonus.", "nice-to-have"),
    ("Ideally you know Kafka.", "preferred"),
    ("Kafka experience preferred.", "preferred"),
    ("You must know Kafka.", "required"),
    ("3+ years with Kafka.", "required"),
])
def test_strength_from_the_wording(sentence: str, strength: str) -> None:
    a = analyze("Engineer\n\n" + sentence + "\n")
    kafka = [r for r in a.requirements if r.canonical == "Kafka"]
    assert kafka and {r.strength for r in kafka} == {strength}


def test_a_requirement_bullet_the_tagger_finds_nothing_in_is_kept_whole() -> None:
    """A new-user trial: "You have mentored junior engineers" was neither mapped nor listed
    unmapped; it vanished. A bullet with no span is the requirement, whole."""
    text = "Requirements\n- 5+ years of Python\n- You have mentored junior engineers\n- You are curious\n"
    a = analyze(text)
    by_text = {r.text: r for r in a.requirements}
    assert by_text["You have mentored junior engineers"].skill_ids == ("mentoring_signal",)
    assert by_text["You have mentored junior engineers"].kind == "skill"
    curious = [i for i, r in enumerate(a.requirements) if "curious" in r.text]
    assert curious and set(curious) <= set(a.unmapped)  # shown as unmapped, not dropped
    for r in a.requirements:
        assert text[r.char_start:r.char_end] == r.text


def test_preferred_section_heading() -> None:
    text = "Engineer\n\nRequirements:\n- Python\n\nPreferred qualifications:\n- Terraform\n"
    strengths = {r.canonical: r.strength for r in analyze(text).requirements if r.kind == "knowledge"}
    assert strengths["Python"] == "required" and strengths["Terraform"] == "preferred"


def test_a_20_page_posting_is_analysed_whole() -> None:
    body = POSTING.read_text(encoding="utf-8")
    # 20 pages of about 3,000 characters, and one requirement at the very end
    text = "\n".join([body] * 40) + "\n## Requirements\n- Deep knowledge of Elixir.\n"
    assert len(text) > 55_000
    a = analyze(text)
    elixir = [r for r in a.requirements if r.canonical == "Elixir"]
    assert elixir and text[elixir[0].char_start:elixir[0].char_end] == "Elixir"
    assert elixir[0].char_start > 40_000  # found past any 6,000-character cut


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), written by hand."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
    ops.append("ET")
    stream = zlib.compress("\n".join(ops).encode("latin-1"))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_a_pdf_posting(tmp_path: Path) -> None:
    path = tmp_path / "posting.pdf"
    path.write_bytes(_pdf(["Senior Site Reliability Engineer", "", "Requirements:",
                           "- 6+ years of experience running Kubernetes in production.",
                           "- Strong Terraform and Prometheus skills.", "", "Nice to have:", "- Go is a plus."]))
    text, label = document.read(path)
    assert "Kubernetes" in text and label == str(path)
    a = analyze(text)
    names = {r.canonical: r.strength for r in a.requirements if r.kind == "knowledge"}
    assert names["Kubernetes"] == "required" and names["Terraform"] == "required"
    assert names.get("Go") == "nice-to-have"
    assert a.years == (6, None) and a.level == "senior" and a.role == "sre"


def test_an_html_page_saved_from_a_browser() -> None:
    text, _ = document.read(DATA / "data_platform.html")
    assert "dataLayer" not in text and "font-family" not in text and "Privacy" in text
    a = analyze(text)
    names = {r.canonical: r.strength for r in a.requirements if r.kind == "knowledge"}
    assert names["Apache Spark"] == "required" and names["Airflow"] == "required"
    assert names["Scala"] == "nice-to-have" and names["Terraform"] == "preferred"
    assert a.level == "staff" and a.role == "data" and a.years == (8, None)
    assert "C" not in names  # the footer's "©" is no C language
    assert any(f.text == "400 people" for f in a.company["size"])


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"  \n\n\t ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "looks binary, not a job posting"),
    (b"<html><body><script>x()</script></body></html>", "has no visible text"),
])
def test_empty_or_binary_files_are_one_clear_line(cli, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "posting.bin"
    path.write_bytes(content)
    r = cli("jd", str(path))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"icraft: error: {path}: {message}") and r.stderr.count("\n") == 1, r.stderr


def test_a_missing_file(cli, tmp_path: Path) -> None:
    r = cli("jd", str(tmp_path / "nope.txt"))
    assert r.returncode == 2 and r.stderr == f"icraft: error: {tmp_path / 'nope.txt'}: no such file\n"


def test_jd_json_then_list_show_delete_and_the_same_posting_once(cli, tmp_path: Path) -> None:
    r = cli("jd", str(POSTING), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"id", "requirements", "focus_skills", "session_type", "level", "company"} <= set(data)
    req = data["requirements"][0]
    assert {"text", "char_start", "char_end", "kind", "strength", "canonical", "skill_ids"} <= set(req)
    assert all(r["kind"] in ("knowledge", "skill", "responsibility", "experience") for r in data["requirements"])
    # the same posting again, with other line breaks and spaces: stored once
    moved = tmp_path / "again.txt"
    moved.write_text("  " + POSTING.read_text(encoding="utf-8").replace("\n", " \n"), encoding="utf-8")
    again = cli("jd", str(moved))
    assert again.returncode == 0 and f"id {data['id']}, already stored" in again.stdout
    listed = json.loads(cli("jd", "list", "--json").stdout)
    assert [p["id"] for p in listed] == [data["id"]]
    shown = json.loads(cli("jd", "show", data["id"][:5], "--json").stdout)
    assert shown["requirements"] == data["requirements"]
    human = cli("jd", "show", data["id"])
    assert "Nice-to-have" in human.stdout and "Terraform" in human.stdout
    assert cli("jd", "delete", data["id"]).returncode == 0
    assert json.loads(cli("jd", "list", "--json").stdout) == []
    gone = cli("jd", "show", data["id"])
    assert gone.returncode == 2 and "no job posting" in gone.stderr


def test_stdin_and_no_save(cli) -> None:
    r = cli("jd", "-", "--no-save", "--json", input="Backend engineer\n\nYou know PostgreSQL and Redis.\n")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["id"] is None and {"PostgreSQL", "Redis"} <= {x["canonical"] for x in data["requirements"]}
    assert json.loads(cli("jd", "list", "--json").stdout) == []


def test_content_hash_ignores_whitespace_only() -> None:
    assert content_hash("a  b\nc") == content_hash(" a b c ")
    assert content_hash("a b c") != content_hash("a b d")


def test_span_f1_strict_and_loose() -> None:
    gold = [[(0, 2), (5, 6)]]
    pred = [[(0, 2), (4, 6), (8, 9)]]
    strict = conll.span_f1(gold, pred)
    loose = conll.span_f1(gold, pred, loose=True)
    assert (strict.precision, strict.recall) == (1 / 3, 1 / 2)
    assert (loose.precision, loose.recall) == (2 / 3, 1.0)
    assert conll.bio_spans(["B-K", "I-K", "O", "I-K", "B-K", "B-K"]) == [(0, 2), (3, 4), (4, 5), (5, 6)]


def test_the_analyzer_is_a_practice_mode_analyzer() -> None:
    from icraft.jd.analyze import Analysis, JobPostingAnalyzer

    analyzer = JobPostingAnalyzer()
    assert analyzer.kind == "jd"
    result = analyzer.analyze(POSTING.read_text(encoding="utf-8"))
    assert isinstance(result, Analysis) and result.focus_skills


def test_a_lone_everyday_word_the_tagger_marks_is_not_a_technology() -> None:
    a = analyze("Engineer\n\nRequirements:\n- Privacy (C) 2026 Northwind.\n- You go to market with us.\n")
    assert not any(r.canonical in ("C", "Go") for r in a.requirements)


def test_a_tagged_list_of_technologies_gives_each_its_canonical_name() -> None:
    from icraft.jd.analyze import _only_technologies

    text = "Airflow and dbt, Snowflake"
    techs = {(0, 7): None, (12, 15): None, (17, 26): None}
    assert _only_technologies(text, 0, len(text), techs)
    assert not _only_technologies("Airflow pipelines", 0, 17, {(0, 7): None})
    a = analyze("Data Engineer\n\nRequirements:\n- Hands-on experience with Airflow and dbt in production.\n")
    names = {r.canonical for r in a.requirements if r.kind == "knowledge"}
    assert {"Airflow", "dbt"} <= names


def test_a_damaged_pdf_is_one_line_on_stderr(process, tmp_path: Path) -> None:
    """pypdf's own warning ("EOF marker not found") was printed before icraft's error."""
    path = tmp_path / "trunc.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n")
    r = process("jd", str(path))
    assert r.returncode == 2
    assert r.stderr.splitlines() == [r.stderr.strip()] and "not a readable PDF" in r.stderr, r.stderr
