"""What icraft asks and of whom: the question bank (``bank.py``, ``drills/questions/*.toml``)
and the lists every layer checks names against (roles, levels, question and interview
types). Data and its loader only: it imports nothing of icraft above ``core`` and
``resources``, so settings, skills, the interview and drills can all read it."""
