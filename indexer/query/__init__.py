"""From what the user typed to engine-neutral query trees, read once per request.

    syntax.py         "phrases"~N, NEAR/N, -exclusion, OR, speaker:/title:/province:: structure only, never fails
    analysed.py       AnalysedQuery: parsed and analysed once; everything below reads it
    ranking.py        the ranked query tree and the strong-match rule (Weights)
    tree.py           the engine-neutral nodes, and `simplify` (degenerate nodes, every engine)
    highlight.py      snippets marked with what ranking matched
    abbreviations.py  abbreviation groups expanded at query time
"""
