"""Running untrusted code: bubblewrap + rlimits as an unprivileged user, and the verdicts.

``runner.run_tests(code, call, tests)`` runs a candidate's Python against tests in one
sandbox run; ``runner.status()`` says whether the sandbox works here (``icraft doctor``).
"""
