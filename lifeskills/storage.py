"""Storage: static files hashed and compressed, media on the disk or in an S3-compatible bucket."""

import logging
from contextlib import contextmanager

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import filepath_to_uri
from storages.backends import s3
from whitenoise import storage

logger = logging.getLogger(__name__)


class CompressedManifestStaticFilesStorage(storage.CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage of the same name, also rewriting imports between JavaScript modules.

    A page asks for ``offline.<hash>.js``, which imports ``./i18n.js``. Without
    the rewrite that import would load a file without the long cache headers,
    and one the service worker does not keep (it keeps the hashed names), so the
    page's scripts would fail offline. Django's switch is off by default, as new
    in Django 4.2: imports are found by pattern, so the site's modules write each
    one as ``import { x } from "./x.js";``, with the semicolon.
    """

    support_js_module_import_aggregation = True


class MediaUnavailable(OSError):
    """The object store could not be reached, or refused: nothing was read or written.

    An ``OSError``, as a full disk or an unreadable file would be with local
    media, so the code that already survives those (Wagtail shows a missing
    picture rather than failing the page) survives an object store that is
    down. ``MediaUnavailableMiddleware`` answers what still fails with a page
    that says so.
    """


@contextmanager
def _store_errors():
    try:
        yield
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status == 404:
            raise FileNotFoundError(str(error)) from error
        raise MediaUnavailable(f"The media store refused: {error}") from error
    except BotoCoreError as error:
        raise MediaUnavailable(f"The media store cannot be reached: {error}") from error


class _MediaFile(s3.S3File):
    # A read fetches the object at first use, not at opening: that fetch fails the same way.
    def _get_file(self):
        with _store_errors():
            return super()._get_file()

    file = property(_get_file, s3.S3File._set_file)


class MediaStorage(s3.S3Storage):
    """Uploads (images, their renditions, documents, audio) in an S3-compatible bucket.

    Addresses stay the site's own: ``MEDIA_URL`` followed by the object's name,
    which the web server in front proxies to the bucket (deploy/S3.md). A page
    therefore asks the store nothing to write a picture's address; the pages
    kept for visitors, children's kept pages and a device's downloaded modules
    hold addresses that do not expire; and the Content-Security-Policy stays
    ``'self'``. Documents are not public in the bucket: Wagtail serves them
    through the site (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), after its
    privacy checks.

    Every failure of the store is a ``MediaUnavailable`` (missing files stay
    ``FileNotFoundError``), never a botocore exception that nothing expects.
    """

    def __init__(self, *, timeout=5.0, **options):
        # Options stay plain values: Wagtail deletes files in a task that rebuilds
        # the storage from them (storage.deconstruct()), so no Config object and
        # no keys, which boto3 reads from the environment.
        super().__init__(**options)
        self.client_config = self.client_config.merge(
            Config(
                # A store that hangs costs an upload or a first rendition seconds, not a worker.
                connect_timeout=timeout,
                read_timeout=timeout * 4,
                retries={"mode": "standard", "max_attempts": 2},
            )
        )

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(s3.clean_name(name)).lstrip("/")

    def _open(self, name, mode="rb"):
        with _store_errors():
            return _MediaFile(self._normalize_name(s3.clean_name(name)), mode, self)

    def _save(self, name, content):
        with _store_errors():
            return super()._save(name, content)

    def delete(self, name):
        # Wagtail deletes an image's files after its row is gone: a store that is
        # down then leaves an object no row points to, which is only space, and
        # the deletion the editor asked for stands.
        try:
            with _store_errors():
                return super().delete(name)
        except MediaUnavailable as error:
            logger.warning("Media file %s left in the store, which failed: %s", name, error)
            return None

    def exists(self, name):
        with _store_errors():
            return super().exists(name)

    def size(self, name):
        with _store_errors():
            return super().size(name)

    def listdir(self, name):
        with _store_errors():
            return super().listdir(name)

    def get_modified_time(self, name):
        with _store_errors():
            return super().get_modified_time(name)


def _true(value):
    return value.strip().lower() in ("1", "true", "yes", "on")


def media_storage_from_environment(environ):
    """The ``STORAGES["default"]`` entry for media, from environment variables (deploy/S3.md).

    The local filesystem (``MEDIA_ROOT``) unless ``AWS_STORAGE_BUCKET_NAME`` is set.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if _true(environ.get("AWS_QUERYSTRING_AUTH", "false")):
        # Signed addresses expire, while pages kept for visitors, children's kept
        # pages and downloaded modules keep them for hours or weeks.
        raise ImproperlyConfigured(
            "AWS_QUERYSTRING_AUTH=true is not supported: pictures are served under MEDIA_URL "
            "through the site's web server, and documents through the site. See deploy/S3.md."
        )
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": environ.get("AWS_S3_REGION_NAME", "").strip() or None,
        "location": environ.get("AWS_LOCATION", "").strip().strip("/"),
        # Path style for MinIO, Garage and the like behind a single host name.
        "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE")
        or ("path" if endpoint else None),
        "signature_version": "s3v4",
        "timeout": float(environ.get("AWS_S3_TIMEOUT", "5")),
        # Two uploads called photo.jpg must not overwrite each other, nor two images' renditions.
        "file_overwrite": False,
        "querystring_auth": False,
        # A document served through the site is fetched whole first: past 2 MB
        # into a temporary file, not a worker's memory (a video may be 100 MB).
        "max_memory_size": 2 * 1024 * 1024,
        # A rendition's name changes with its original and its size: a week in caches is safe.
        "object_parameters": {"CacheControl": "public, max-age=604800"},
    }
    return {"BACKEND": "lifeskills.storage.MediaStorage", "OPTIONS": options}
