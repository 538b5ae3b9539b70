"""Reviews: products, what a shopper may submit, storing it, ratings, pages of reviews,
review links (invitations) and the shop's public replies.
"""
