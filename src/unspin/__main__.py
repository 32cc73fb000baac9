"""``python -m unspin`` runs the command."""

import sys

from unspin.cli import main

sys.exit(main())
