"""Practice modes: each a pure :class:`~icraft.modes.base.Dialogue` (interview,
negotiation, coding, cue) or :class:`~icraft.modes.base.Analyzer` (a job posting),
registered by kind in :mod:`icraft.modes.registry`, run by one
:class:`~icraft.modes.runner.SessionRunner` and one conversation loop
(:mod:`icraft.modes.driver`). See docs/ARCHITECTURE.md, "Practice modes"."""
