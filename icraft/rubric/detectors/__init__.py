"""Detectors, one per rule, grouped by rubric category. Importing this package
registers every detector in :data:`icraft.rubric.registry.DETECTORS`."""

from icraft.rubric.detectors import communication, depth, general, seniority, specific, structure, topic  # noqa: F401
