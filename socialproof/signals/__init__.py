"""Signals from shoppers: recommendations, helpful votes and who is looking right now,
each counted once per shopper (marks) from stored events.
"""
