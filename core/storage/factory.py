"""Which storage this process uses: chosen once, from the settings."""

from datetime import timedelta

from core.settings import Settings, StorageBackend
from core.storage.interface import Storage
from core.storage.local import LocalStorage
from core.storage.s3 import S3Storage, s3_client


def build_storage(settings: Settings) -> Storage:
    """The folder under the data dir (the embedded default), or the S3 bucket."""
    url_lifetime = timedelta(minutes=settings.storage_url_minutes)
    if settings.storage_backend is StorageBackend.s3:
        client = s3_client(region=settings.s3_region, endpoint_url=settings.s3_endpoint_url)
        presigner = None
        if settings.s3_public_endpoint_url:
            presigner = s3_client(region=settings.s3_region, endpoint_url=settings.s3_public_endpoint_url)
        return S3Storage(
            client,
            settings.s3_bucket,
            prefix=settings.s3_prefix or settings.environment.value,
            url_lifetime=url_lifetime,
            presigner=presigner,
        )
    return LocalStorage(
        settings.storage_dir,
        secret=settings.secret_key.get_secret_value(),
        public_url=settings.public_url,
        url_lifetime=url_lifetime,
    )
