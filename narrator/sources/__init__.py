"""Articles from the web: fetching (fetch.py), sources (feeds.py), the sync's state (state.py) and
loop (sync.py), and the render jobs that workers run (jobs.py, runners.py).  Sources know nothing
of audio; the renderer knows nothing of HTTP."""
