"""HTTP routes, one module per audience: widgets, public API, moderation API, assets."""
