"""`python -m bench.faults`: see bench/faults/__init__.py."""

import sys

from .runner import main

sys.exit(main())
