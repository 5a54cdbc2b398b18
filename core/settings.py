"""All configuration in one place, read from the environment (prefix ``COLLAB_``).

A few well-known variables (``DATABASE_URL``, ``TEMPORAL_ADDRESS``, ``REDIS_URL``,
``STRIPE_SECRET_KEY``, ``STRIPE_WEBHOOK_SECRET``) are also read without the prefix, as hosting
platforms set them.
"""

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # noqa: S105 - refused outside development


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class EmailBackend(StrEnum):
    outbox = "outbox"
    smtp = "smtp"


class StorageBackend(StrEnum):
    local = "local"
    s3 = "s3"


def _alias(name: str) -> AliasChoices:
    return AliasChoices(f"COLLAB_{name}", name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COLLAB_", env_file=".env", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    environment: Environment = Environment.development
    data_dir: Path = Path(".data")
    public_url: str = "http://localhost:8000"
    """Where browsers reach the web app; links in emails point here."""
    cors_origins: list[str] = []
    max_body_bytes: int = 1_048_576
    access_log: bool = False
    """A line per request from uvicorn. Off by default: at a few hundred requests a second it
    takes ~12 % of an API process's throughput, and in production the reverse proxy logs requests."""

    # Database: empty means "start the embedded PostgreSQL under data_dir".
    database_url: str = Field("", validation_alias=_alias("DATABASE_URL"))
    database_pool_size: int = 10
    # Reads outside transactions (api/deps.py get_read_session) hold a connection for one statement.
    database_read_pool_size: int = 10

    # Temporal: empty means "start the Temporal dev server under data_dir" (dev command only).
    temporal_address: str = Field("", validation_alias=_alias("TEMPORAL_ADDRESS"))
    temporal_namespace: str = "default"
    temporal_task_queue: str = "collabmarket"
    temporal_ui_port: int = 8233
    workflow_update_timeout_seconds: float = 5.0
    """How long the API waits for a workflow to answer an Update before it answers 503."""
    temporal_port: int = 7233

    # Identity
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    access_token_minutes: int = 15
    # How long a process trusts an access token it has checked against its session (api/callers.py).
    auth_cache_seconds: float = Field(5.0, ge=0)
    # How long discovery keeps a full-text search's ranked matches (api/ranking.py).
    search_cache_seconds: float = Field(30.0, ge=0)
    refresh_token_days: int = 30
    email_token_hours_verify: int = 48
    email_token_minutes_reset: int = 60
    refresh_reuse_grace_seconds: int = 10
    """A rotated refresh token presented again this soon is a race between tabs, not theft."""
    refresh_cookie_secure: bool = False

    # Rate limits, in the notation of the `limits` library ("10/minute").
    rate_limit_enabled: bool = True
    redis_url: str = Field("", validation_alias=_alias("REDIS_URL"))
    """Shared state for several API processes (rate limits, real-time fan-out); empty keeps rate limits in
    memory and fans out through PostgreSQL."""
    login_limit_per_ip: str = "30/minute"
    login_limit_per_account: str = "5/minute"
    register_limit_per_ip: str = "10/hour"
    register_limit_per_account: str = "5/hour"
    reset_limit_per_ip: str = "10/hour"
    reset_limit_per_account: str = "3/hour"
    resend_limit_per_account: str = "3/hour"
    message_send_limit_per_user: str = "30/minute"
    """Messages one user may send (over HTTP and the WebSocket together)."""
    typing_limit_per_user: str = "60/minute"
    """Typing indicators one user may send."""

    # Real time: every API process listens on this channel (PostgreSQL NOTIFY, or Redis pub/sub when
    # REDIS_URL names a Redis server) and pushes what it hears to the WebSockets it holds.
    events_channel: str = Field("collabmarket_events", pattern=r"^[a-z_][a-z0-9_]{0,62}$")

    # Google sign-in (OpenID Connect); disabled while the client id is empty.
    google_client_id: str = ""
    google_client_secret: SecretStr = SecretStr("")
    google_metadata_url: str = "https://accounts.google.com/.well-known/openid-configuration"

    # Money: fees in basis points of the agreed price.
    platform_fee_bps: int = Field(1000, ge=0, le=10_000)
    """Taken from what the creator is paid (10%)."""
    brand_fee_bps: int = Field(0, ge=0, le=10_000)
    """Added to what the brand pays."""

    # Stripe: the sandbox gateway (no keys) while the secret key is empty.
    stripe_secret_key: SecretStr = Field(SecretStr(""), validation_alias=_alias("STRIPE_SECRET_KEY"))
    stripe_webhook_secret: SecretStr = Field(SecretStr(""), validation_alias=_alias("STRIPE_WEBHOOK_SECRET"))
    """The ``whsec_…`` secret that signs the webhook endpoint's events."""
    stripe_api_base: str = ""
    """Where the Stripe API is; empty: Stripe itself (tests point it at a Stripe-compatible server)."""
    sandbox_funding_lifetime_hours: float = Field(24, gt=0)
    """How long the sandbox's payment page can be paid, as Stripe Checkout's 24 h at the most; the brand
    then asks for a new one while the 72 h funding window lasts."""

    # Email
    email_backend: EmailBackend = EmailBackend.outbox
    email_from: str = "CollabMarket <no-reply@collabmarket.local>"
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False

    # Notifications: unread messages are emailed by two Temporal Schedules (temporal/schedules.py).
    message_email_delay_minutes: int = Field(5, ge=1, le=24 * 60)
    """A message still unread this long after it arrived is emailed (to users who want messages at once);
    the schedule that does it runs as often."""
    message_digest_hour: int = Field(8, ge=0, le=23)
    """The hour (UTC) of the daily digest of unread messages (for users who want one)."""

    # Files creators deliver: a folder under data_dir, or an S3 bucket (AWS, MinIO, any S3 API).
    storage_backend: StorageBackend = StorageBackend.local
    storage_url_minutes: int = Field(15, ge=1, le=7 * 24 * 60)
    """How long an upload or download URL handed to a browser stays valid."""
    upload_max_video_bytes: int = Field(2 * 1024**3, gt=0)
    upload_max_image_bytes: int = Field(50 * 1024**2, gt=0)
    preview_timeout_seconds: float = Field(600, gt=0)
    """The longest one video preview may take to render before it is given up."""
    s3_bucket: str = "collabmarket"
    s3_prefix: str = ""
    """Every key goes under this prefix, so environments can share a bucket; empty: the environment's name."""
    s3_region: str = "us-east-1"
    s3_endpoint_url: str = ""
    """An S3-compatible server (MinIO); empty: AWS."""
    s3_public_endpoint_url: str = ""
    """Where browsers reach that server, when not at ``s3_endpoint_url`` (MinIO inside docker compose)."""

    def app_url(self, path: str) -> str:
        """The absolute URL of a path of the web app or the API (for emails)."""
        return f"{self.public_url.rstrip('/')}{path}"

    @property
    def google_enabled(self) -> bool:
        return bool(self.google_client_id)

    @property
    def stripe_enabled(self) -> bool:
        return bool(self.stripe_secret_key.get_secret_value())

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def storage_dir(self) -> Path:
        return self.data_dir / "storage"

    @property
    def frontend_dist(self) -> Path:
        return Path(__file__).resolve().parent.parent / "frontend" / "dist"

    @model_validator(mode="after")
    def _refuse_dev_secrets(self) -> "Settings":
        if self.environment is Environment.production:
            if self.secret_key.get_secret_value() == DEV_SECRET:
                raise ValueError("COLLAB_SECRET_KEY must be set outside development")
            if len(self.secret_key.get_secret_value()) < 32:
                raise ValueError("COLLAB_SECRET_KEY must be at least 32 characters")
            if not self.database_url:
                raise ValueError("DATABASE_URL must be set outside development")
            if not self.temporal_address:
                raise ValueError("TEMPORAL_ADDRESS must be set outside development")
            if self.email_backend is EmailBackend.outbox:
                raise ValueError("COLLAB_EMAIL_BACKEND=smtp is required outside development")
            if self.stripe_enabled and not self.stripe_webhook_secret.get_secret_value():
                raise ValueError("STRIPE_WEBHOOK_SECRET must be set when STRIPE_SECRET_KEY is")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
