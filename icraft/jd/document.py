"""A job posting's text from what the user has: a .txt/.md file, a PDF, an HTML page saved
from a browser, or stdin. The whole text, never cut (a 20-page posting is read whole).

:func:`to_text` is pure (bytes in, text out); :func:`read` reads a path or ``"-"``.
Errors are one line: a missing, empty, binary or unreadable file says so and what to pass.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from icraft.core.errors import InputError, NotFoundError

MAX_BYTES = 20_000_000  # a posting is a few kB; a 20-page PDF under 1 MB
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|h[1-6])\b", re.I | re.S)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")


def kind_of(raw: bytes, name: str = "") -> str:
    """"pdf", "html" or "text", from the content first and the file name second."""
    if raw.lstrip()[:5] == b"%PDF-":
        return "pdf"
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(raw[:2048]):
        return "html"
    return "text"


def to_text(raw: bytes, name: str = "<posting>") -> str:
    """The posting's text, or an :class:`InputError` for an empty, binary or unreadable input."""
    kind = kind_of(raw, name)
    if kind == "pdf":
        text = _pdf_text(raw, name)
    else:
        text = _decode(raw, name)
        if kind == "html":
            text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        what = {"pdf": "has no text layer (a scanned PDF?)", "html": "has no visible text"}.get(kind, "is empty")
        raise InputError(f"{name}: {what}", "pass the posting as text, Markdown, PDF or HTML")
    return text


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    sample = raw[:8192]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if b"\x00" in sample or (sample and controls / len(sample) > 0.05):
        raise InputError(f"{name}: looks binary, not a job posting",
                         "pass the posting as .txt, .md, .pdf, or .html saved from the browser")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # a posting saved by an old editor: keep going


def html_to_text(html: str) -> str:
    """Visible text of an HTML page as Markdown-like lines (headings, bullets), links,
    images and emphasis dropped, no line wrapping (html2text)."""
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0
    h.ignore_links = True
    h.ignore_images = True
    h.ignore_emphasis = True
    h.ignore_tables = False
    h.unicode_snob = True  # "©", not "(C)" (which reads as the C language)
    text = h.handle(html)
    return _MD_ESCAPE.sub(r"\1", text)


def _pdf_text(raw: bytes, name: str) -> str:
    import logging
    import warnings

    # pypdf reports a damaged file on its logger and as warnings ("EOF marker not found"),
    # which Python prints on stderr before icraft's own one-line error: silenced here only.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _pdf_pages(raw, name)
    finally:
        log.setLevel(level)


def _pdf_pages(raw: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for a locked file
                raise InputError(f"{name}: the PDF is password-protected", "save an unlocked copy") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as e:
        raise InputError(f"{name}: not a readable PDF ({e})", "save the posting again as PDF or text") from None
    return "\n\n".join(p.strip("\n") for p in pages)


def read(path: str | Path) -> tuple[str, str]:
    """(text, label) of a posting file or ``"-"`` (stdin)."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        label = "<stdin>"
    else:
        p = Path(path)
        label = str(path)
        if p.is_dir():
            raise InputError(f"{label}: is a directory, not a posting file")
        try:
            with p.open("rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise NotFoundError(f"{label}: no such file") from None
        except OSError as e:
            raise InputError(f"{label}: cannot read: {e.strerror or e}") from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"{label}: larger than {MAX_BYTES // 1_000_000} MB; a job posting is far smaller")
    return to_text(raw, label), label
