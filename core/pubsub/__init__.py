"""Messages between the processes of the API: one interface (``interface.PubSub``), over PostgreSQL
LISTEN/NOTIFY or Redis pub/sub."""
