"""The test suite (its bytecode cache: tests/bytecode.py)."""
