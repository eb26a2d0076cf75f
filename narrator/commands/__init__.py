"""Click commands that live in modules of their own; cli.py registers each with one line."""
