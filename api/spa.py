"""Serving the built Vue app: static assets, and index.html for every client-side route."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from api.errors import error_body

_API_PREFIXES = ("api/", "docs", "redoc", "static-offline-docs", "openapi.json", "health", "ready")


def mount_spa(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False, response_model=None)
    def spa(path: str) -> FileResponse | JSONResponse:
        if path.startswith(_API_PREFIXES):
            return JSONResponse(error_body("not_found", "Not found."), status_code=404)
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate)
        if not index.is_file():
            message = "The web app is not built. Run `make dev` (or `npm run build` in frontend/)."
            return JSONResponse(error_body("frontend_not_built", message), status_code=404)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
