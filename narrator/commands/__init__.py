"""CLI commands that live in modules of their own; narrator/cli.py registers each with one line."""
