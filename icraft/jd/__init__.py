"""The job-description analyzer: a posting's text -> requirements with their spans, the
microskills they ask for, focus skills, session type and level (an Analyzer in the
practice-modes vocabulary: document -> typed result + skill evidence).

Pure and usable as a library: ``from icraft.jd.analyze import analyze``. Reading files is
:mod:`icraft.jd.document`; storing is :mod:`icraft.store.jd`; the command is ``icraft jd``.
See docs/JD.md for what was tuned on what and the benchmark figures.
"""

# Stored with each analysis: a posting analysed by an older version is re-analysed when saved again.
ANALYZER_VERSION = "jd-1"
