"""The product's promises as numbers: what is kept and for how long, what is shown, what is refused.

These are not settings: a merchant can't make the service keep an IP salt
longer or show a count of one buyer. The README's promises table cites
them; config.Settings holds the operational knobs.
"""

from __future__ import annotations

from datetime import timedelta

# -- Privacy: how long anything about a shopper is kept ---------------------------------------
IP_SALT_DAYS_KEPT = 2  # after this an IP hash can't be linked to an address by anyone, us included
DETAILS_KEPT = timedelta(days=30)  # who reported; an invitation's name and address, once done with
COUNTS_KEPT = timedelta(days=90)  # the daily counts of dropped bot posts
HEARTBEAT_KEPT = timedelta(minutes=10)  # a "looking now" heartbeat

# -- Honesty: what the presence widgets may say --------------------------------------------------
PURCHASE_WINDOW = timedelta(days=7)  # "N bought this week"
VIEWER_WINDOW = timedelta(seconds=60)  # "N looking now": a heartbeat within this
# embed.js beats this often (the activity widget tells it): one lost beat still keeps a shopper counted.
HEARTBEAT_SECONDS = int(VIEWER_WINDOW.total_seconds()) // 2 - 5
PURCHASE_THRESHOLD_DEFAULT, PURCHASE_THRESHOLD_MIN = 3, 2  # never a count that picks out one buyer
VIEWER_THRESHOLD_DEFAULT, VIEWER_THRESHOLD_MIN = 2, 1

# -- Abuse: what one shopper, shop or address may do ---------------------------------------------
SHOPPER_LIMITS = {  # action -> (writes, per seconds), per hashed shopper; ten times it per address
    "recommend": (20, 60),
    "helpful": (30, 60),
    "heartbeat": (20, 60),
    "report": (10, 600),
    "review": (5, 600),
    "question": (5, 600),
    "writer": (30, 600),  # looking at, correcting or withdrawing one's review through its link
}
# What one shop takes from everyone together in an hour: a flood against one
# shop stops there, and its shoppers' other shops are untouched. Heartbeats: one
# every ~25 s per open page, so 360,000 an hour is 2,500 people looking at once;
# they cost no write each (signals/beats.py), and a lower cap would make a busy
# shop's "N looking now" say fewer than are there.
SHOP_LIMITS = {"review": 300, "question": 300, "recommend": 3000, "helpful": 3000, "report": 300, "heartbeat": 360_000}
SHOP_WINDOW_SECONDS = 3600
# Failed sign-ins, each a bucket refilling over the window (then one try every 3 minutes):
# one account from one address; any accounts from one address; one account from anywhere. The
# last is far larger, so nobody can lock an owner out by failing from elsewhere on purpose.
LOGIN_FAILURES, LOGIN_WINDOW_SECONDS = 5, 15 * 60
LOGIN_FAILURES_PER_ADDRESS = 20
LOGIN_FAILURES_PER_ACCOUNT = 200
FORM_MIN_SECONDS = 3  # a review form sent sooner after it was shown is a bot's
FORM_MAX_AGE_SECONDS = 24 * 3600
PASSWORD_MIN = 10

# -- Accessibility -------------------------------------------------------------------------------
CONTRAST_AA = 4.5  # WCAG 2.1 AA for text; a shop's theme colours must reach it

# -- Mail: what socialproof sends a shopper, at most -----------------------------------------------
REQUEST_AFTER_DAYS_DEFAULT, REMINDER_AFTER_DAYS_DEFAULT = 14, 7
REQUEST_DAYS_MAX = 90  # a request later than this asks about a purchase the buyer has forgotten
REQUEST_PER_PRODUCT = timedelta(days=365)  # one request per product per address in this time
SOLICITED_CAP, SOLICITED_WINDOW_DAYS = 3, 30  # requests, reminders and answer requests per address per shop
BUYERS_ASKED_PER_QUESTION = 3  # the latest buyers of the product with a review link, asked to answer
CONFIRMATIONS_PER_ADDRESS = (3, 24 * 3600)  # review confirmations to one address, per day
CONFIRMATIONS_PER_SHOP = 300  # per hour (SHOP_WINDOW_SECONDS), from one shop
DIGEST_IMMEDIATE_GAP = timedelta(minutes=15)  # "immediately" digests come at most this often
DIGEST_DAILY_GAP = timedelta(hours=23)  # a daily digest, at the first run this long after the last

# -- Webhooks: what a shop's endpoints can count on ---------------------------------------------------
# After each failure in turn (an answer other than 2xx, or none within the timeout), the
# next attempt waits this long; after the last, the delivery is given up (it can be sent again).
WEBHOOK_RETRIES = tuple(timedelta(seconds=s) for s in (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600))
WEBHOOK_TIMEOUT_SECONDS = 10
WEBHOOK_PAUSE_AFTER = timedelta(days=3)  # failing this long with no success: paused, moderators told
WEBHOOKS_PER_SHOP = 10
# Imports: a file of at most IMPORT_MAX_ROWS reviews (more: import it in parts), stored IMPORT_BATCH
# at a time so the one writer is never held for long; a refused file's report names the first
# REPORT_LINES_MAX refused rows and counts the rest, so a million bad rows make a short answer.
IMPORT_MAX_ROWS = 100_000
IMPORT_BATCH = 500
REPORT_LINES_MAX = 100
