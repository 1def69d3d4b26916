"""Plain, testable building blocks of the handbook site.

Nothing here imports MkDocs: the hooks in ``hooks/`` and the macros in
``macros/`` call into these modules, and the tests call them directly.
"""
