"""Shoppers' questions about a product and the answers to them.

A question is moderated as a review is (the shop's mode, the policy's reasons, the
audit log); the shop answers publicly, and buyers of the product may answer too.
Knows nothing of HTTP: the web layer reads requests and calls in here.
"""
