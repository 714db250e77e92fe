"""Charset detection for the decode layer, one concern per module.

``labels`` (what the caller and the document declare), ``sniff`` (what the bytes say before any
statistics: BOM, binary, UTF-8, NUL pattern), ``score`` (which Chinese codec reads the bytes
most plausibly), ``mixed`` (documents that change codec from line to line).
"""
