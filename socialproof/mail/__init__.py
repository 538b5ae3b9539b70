"""Mail the shop sends through its own SMTP server: the outbox, the transport, the messages.

What is queued is the kind of message and what it refers to, never a rendered
body: a message is composed when it is sent, in the recipient's language,
from what the database holds then. Each domain that sends mail composes its
own kind (``compose.Composer``); the app hands the sender all of them.
"""
