"""The shop's platform telling us about orders: Shopify's and WooCommerce's webhooks, and our own order API."""
