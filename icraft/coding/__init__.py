"""Live coding practice: the problem bank (``bank``), judging in the sandbox (``judge``),
code-quality checks (``quality``) and the scores (``scoring``)."""
