"""Where delivered files live: one interface (``interface.Storage``), a local folder and S3."""
