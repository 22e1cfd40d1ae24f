"""Evaluation of matching: real project titles, needs written by a unit leader, graded answers.

``corpus.tsv`` holds the titles of the Research Council of Norway's open data (EU grants with
Norwegian participants, ``bevilgningereu``, and a sample of applications, ``soknader2``; NLOD
2.0). ``needs.py`` holds the needs and their graded relevant projects. ``runner.py`` computes
recall@10 and nDCG@10 for each method; ``python -m kunnskapsbro.search.eval.runner``.
"""
