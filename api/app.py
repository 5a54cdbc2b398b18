"""The ASGI application uvicorn serves in production: ``uvicorn api.app:app``."""

from api.main import create_app

app = create_app()
