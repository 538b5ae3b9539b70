"""Every kind of mail with the domain that composes it, handed to the sender by `serve` and the CLI."""

from __future__ import annotations

from collections.abc import Mapping

from socialproof.mail import compose
from socialproof.mail.compose import Composer
from socialproof.mail.outbox import Kind
from socialproof.moderation import statements
from socialproof.reviews import requests

COMPOSERS: Mapping[Kind, Composer] = {**compose.COMPOSERS, **statements.COMPOSERS, **requests.COMPOSERS}
