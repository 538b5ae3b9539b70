"""Reviews of the shop itself: delivery, service, packaging.

Moderated, replied to and counted like product reviews, in their own table and numbers; shown
in the trust widget, never as the shop's own structured data (self-serving reviews are not
eligible, RULES.md). Knows nothing of HTTP.
"""
