"""``textfix serve``: a local web page that repairs pasted or dropped text and shows each change.

The page and its JSON API come with the ``web`` extra (Starlette under uvicorn). ``marks`` and
``service`` need nothing but textfix; ``app`` and ``command`` import the extra only when run.
"""
