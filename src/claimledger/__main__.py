"""``python -m claimledger`` is the same as the ``claimledger`` command."""

from claimledger.cli.main import main

main()
