"""tiegraph test suite."""
