"""The database: connections, the one writer and the readers, migrations, backups, server keys.

Everything else receives a ``Database`` and runs its own SQL on the tables it owns.
"""
