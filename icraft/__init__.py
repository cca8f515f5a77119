"""icraft: a terminal-first deliberate-practice trainer for tech interviews."""

__version__ = "0.1.0"
