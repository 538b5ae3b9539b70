"""HTTP routes, one module per audience: widgets, shoppers' actions, the public API,
signals, the merchant and moderation APIs, photos, assets and the demo page."""
