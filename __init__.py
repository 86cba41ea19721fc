"""Not the package: the clone's own folder, for one case.

A clone of this repository is often a folder named ``classify``. Python
started in that folder's parent puts the parent first on ``sys.path``, so
``import classify`` finds the clone (this file) before the installed
package, and would otherwise get an empty namespace with no ``load_model``.
This file hands the import over to the real package in ``./classify/``, so
the same code runs either way. It is not installed (``pyproject.toml``
packages only ``classify*`` below this folder).
"""

import os as _os

__path__ = [_os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "classify")]
__file__ = _os.path.join(__path__[0], "__init__.py")
with open(__file__, encoding="utf-8") as _source:
    exec(compile(_source.read(), __file__, "exec"))
