"""Development tooling: ``make bench`` (``python -m bench``) and its phases.

Run from the repository root. Nothing here is installed or imported by the
runtime (``docpipe``, ``services``); import-linter checks that. A new phase is
a new module here, called from ``bench.run``.
"""
