"""Voxloop's pure machine-learning library: texts in, arrays and dataclasses out.

No Flask, no database, no global configuration. Modules follow scikit-learn conventions
(``__init__`` stores parameters, ``fit`` returns ``self``, fitted attributes end in ``_``).
"""
