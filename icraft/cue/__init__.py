"""`icraft cue`: rehearsal cards from the candidate's own prepared answers.

A rehearsal aid, not a live prompter: it shows the candidate's own words, and the card
fades (full answer -> key words -> first words -> nothing) as spaced repetition says the
answer is learned.

- :mod:`prepared` reads the prepared-answers Markdown (``## question``, ``aka:`` lines, answer).
- :mod:`detect` decides when a stream of words is a question (``?`` or end of turn), and
  ignores small talk and backchannels.
- :mod:`retrieve` matches a question to an entry offline (BM25 + static embeddings +
  fuzzy, fused by rank) and abstains when no entry is clearly ahead.
- :mod:`fade` turns a card's learning level into what is shown, and rates a spoken or
  typed answer against the prepared one (key points covered, lint findings).
- :mod:`dialogue` is the pure drill (ask in fsrs order, rate, fade) and the listener.

Standard library at import; numpy, rapidfuzz and the embeddings load on first match.
"""
