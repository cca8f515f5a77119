"""The interview: its Dialogue (``engine.Engine``), follow-ups, question selection and
pacing, per-question scores, the report and the cross-session memory."""
