"""The Great Expectations suites, shipped as data of the installed package
``negotrack.expectations``.

This file only makes the folder a package, so ``importlib.resources`` finds it both in a
checkout (``pip install -e .``) and in a plain install (``pip install .``); see
``negotrack.config.EXPECTATIONS_DIR``. No Python lives here.
"""
