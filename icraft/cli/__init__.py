"""The command line: Typer app assembled in main.py, one module per command."""
