"""The command line: click only, one module per command group; every command calls one library function."""
