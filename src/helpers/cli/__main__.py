"""``python -m helpers.cli``: the same as the ``framing`` command."""

import sys

from .main import main

sys.exit(main())
