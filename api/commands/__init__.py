"""Subcommands of `tiegraph` that live in modules of their own, plus what they share."""
