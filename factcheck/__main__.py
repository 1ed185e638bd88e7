"""Entry point for ``python -m factcheck``."""

import sys

from factcheck.cli import main

sys.exit(main())
