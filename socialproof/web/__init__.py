"""The HTTP edge: routes, the workspace's pages, middleware, request parsing, caching,
error handlers and the OpenAPI description. Only this package (and app.py) knows Starlette.
"""

# ``{name:id}`` in a path is a row id: digits SQLite's 64-bit integers can hold. A larger
# number is no id of ours, so it answers 404 rather than reaching the database.
from starlette.convertors import Convertor, register_url_convertor


class RowId(Convertor[int]):
    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", RowId())
