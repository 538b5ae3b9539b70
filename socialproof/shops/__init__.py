"""Shops: who a merchant is to socialproof, their API keys, trust profile and widget theme."""
