"""Publishing stages: tags, sidecars and their atomic appearance. Never re-runs synthesis."""
