"""Offline language measures shared by the engine's newer checks (relevance, story
matching, cue retrieval). Adapters only: imports ``core`` and third-party packages."""
