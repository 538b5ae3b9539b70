"""What each widget shows and how it is rendered: context builders, structured data and
the Jinja environments for the templates in ``widgets/``.
"""
