"""Shoppers' photos: checked and re-encoded (process), kept (storage), tracked and moderated (records)."""
