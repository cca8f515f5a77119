"""Fake vendor servers for tests: real HTTP on 127.0.0.1, real wire formats."""
