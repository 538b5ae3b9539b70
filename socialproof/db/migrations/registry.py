"""The one list of migrations every module of this package adds to, in the order they are imported."""

from sqlite_utils import Migrations

migrations = Migrations("socialproof")
