"""``python -m claimledger`` is the same as the ``claimledger`` command."""

from claimledger.cli import main

main()
