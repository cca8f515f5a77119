"""Textual user interfaces: the dashboard (``app.py``) and its screens and widgets.

This package is the only place icraft imports Textual, and the CLI imports it
inside the command that needs it, so ``icraft --help`` never pays for it.
"""
