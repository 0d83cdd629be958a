"""The SQL files, shipped as data of the installed package ``negotrack.sql``.

This file only makes the folder a package, so ``importlib.resources`` finds it both in a
checkout (``pip install -e .``) and in a plain install (``pip install .``); see
``negotrack.config.SQL_DIR``. No Python lives here.
"""
