"""``python -m bench``: every phase of ``make bench`` (see ``bench.run``)."""

import sys

from bench.run import main

sys.exit(main())
