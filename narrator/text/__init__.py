"""Text stages: parse a source into an Article, then make it speakable as a Script.

Nothing here knows about audio, engines or files beyond reading the article.
"""
