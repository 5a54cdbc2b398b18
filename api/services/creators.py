"""The creator directory brands browse, and public creator profiles."""

from pydantic import TypeAdapter, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from api.errors import NotFound
from api.pagination import InvalidCursor, decode_cursor, encode_cursor
from api.schemas.creators import CreatorPage, CreatorPublic, CreatorSearch
from models.creators import CreatorDirectory, CreatorFilters

_HANDLE = TypeAdapter(str)


class CreatorService:
    def __init__(self, session: AsyncSession) -> None:
        self.directory = CreatorDirectory(session)

    async def search(self, query: CreatorSearch) -> CreatorPage:
        filters = CreatorFilters(**query.model_dump(exclude={"cursor", "limit"}))
        rows = await self.directory.search(filters, after=_after(query.cursor), limit=query.limit + 1)
        items = rows[: query.limit]
        return CreatorPage.model_validate(
            {
                "items": [CreatorPublic.fields_of(row._asdict()) for row in items],
                "next_cursor": encode_cursor(items[-1].handle) if len(rows) > query.limit else None,
            }
        )

    async def profile(self, handle: str) -> CreatorPublic:
        profile = await self.directory.by_handle(handle)
        if profile is None:
            raise NotFound("No creator has this handle.", code="creator_not_found")
        return CreatorPublic.model_validate(CreatorPublic.fields_of(profile._asdict()))


def _after(cursor: str | None) -> str | None:
    """The last handle the previous page showed."""
    if cursor is None:
        return None
    try:
        return _HANDLE.validate_python(decode_cursor(cursor, 1)[0], strict=True)
    except ValidationError as exc:
        raise InvalidCursor() from exc
