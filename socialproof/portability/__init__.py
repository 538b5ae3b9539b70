"""Bringing reviews in from other services, taking them out again, and saying where each came from."""
