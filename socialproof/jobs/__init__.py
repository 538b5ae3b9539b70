"""Work that runs on a schedule, beside the requests: mail, webhook deliveries, housekeeping.

``serve`` runs each job in its own loop (``background``); the CLI runs one pass of
the same job from cron (``socialproof mail send-due``, ``socialproof webhooks send-due``)
when a server's own sender is off.
"""
