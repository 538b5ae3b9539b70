"""Moderation: decisions with reasons, shoppers' reports, hints for moderators, the
queue the workspace shows, and moderator accounts.
"""
