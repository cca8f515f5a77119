"""Practice: rewind, drills, deltas, and the question bank they draw from."""
