"""LLM adapters. Each module imports its vendor SDK inside methods only."""
