"""The demo: a seeded shop with reviews, photos and a moderator, for ``socialproof demo``."""
