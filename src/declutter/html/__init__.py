"""HTML mode: DOM rules before extraction, trafilatura for the article, text rules after.

The pipeline is `declutter.html.pipeline`, read top to bottom; the other modules are its steps.
"""
