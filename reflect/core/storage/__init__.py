"""The encrypted database: connection, schema and migrations, and the item repository."""
