"""The story bank: the candidate's STAR stories, recognised when retold (see core.py)."""
