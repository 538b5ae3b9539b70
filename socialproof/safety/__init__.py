"""Keeping shoppers anonymous and the service usable: hashed shopper identity, rate limits,
the form guard against bots, and erasing a person's data on request.
"""
