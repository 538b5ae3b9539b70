"""What a shop's stored events say about it, for its moderators: the Insights pages of the workspace."""
