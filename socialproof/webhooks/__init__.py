"""Events out: a shop's endpoints hear of its reviews, signed per Standard Webhooks, in order, retried.

events.py reads what happened (written by triggers, migration 0018);
endpoints.py keeps where it goes; deliveries.py queues, orders and retries;
payloads.py and chat.py say it; sending.py posts it; notices.py tells the
moderators when an endpoint has been failing long enough to be paused.
"""
