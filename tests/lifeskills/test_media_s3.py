"""Media in an S3-compatible bucket: uploads, renditions, documents, the web server in
front, and a store that stops.

The store is moto's S3 server, run as a real HTTP process; nginx runs in front
of it with deploy/nginx/media-s3.conf, as in production. The storage is chosen
by the same function production settings call, from environment variables.
What the store is asked is counted from its own request log.
"""

import io
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from accounts.factories import UserFactory
from lifeskills.storage import MediaStorage, media_storage_from_environment
from tests.lifeskills.test_settings import PRODUCTION, run_manage

pytestmark = pytest.mark.media_store

S3_PORT = 18411
NGINX_PORT = 18412
S3_DOWN_PORT = 18413
BUCKET = "lifeskills-media"
SNIPPET = Path(settings.BASE_DIR) / "deploy" / "nginx" / "media-s3.conf"
# A request line of moto's log; those answered with an error come coloured.
REQUEST_LINE = re.compile(r'"(?:\x1b\[[0-9;]*m)*(GET|PUT|HEAD|POST|DELETE) /')


def documented_bucket_policy():
    doc = (Path(settings.BASE_DIR) / "deploy" / "S3.md").read_text()
    policy = re.search(r"```json\n(.*?)```", doc, re.DOTALL).group(1)
    assert f"arn:aws:s3:::{BUCKET}/images/*" in policy
    return json.dumps(json.loads(policy))


def _wait_for_port(port, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited ({process.returncode})")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class S3Server:
    """moto's S3 server in its own process, with a bucket, and its request log."""

    def __init__(self, port, directory):
        self.port = port
        self.endpoint = f"http://127.0.0.1:{port}"
        self.log = Path(directory) / f"s3-{port}.log"
        self.process = None

    def start(self):
        moto = Path(sys.executable).with_name("moto_server")
        self.process = subprocess.Popen(
            [str(moto), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"),
        )
        _wait_for_port(self.port, self.process)
        self.client().create_bucket(Bucket=BUCKET)
        # The policy deploy/S3.md gives operators; moto enforces it for anonymous reads.
        self.client().put_bucket_policy(Bucket=BUCKET, Policy=documented_bucket_policy())

    def stop(self):
        self.process.terminate()
        self.process.wait(10)

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - the test server's
            config=Config(s3={"addressing_style": "path"}),
        )

    def requests(self):
        """Every request the server has answered so far, as its log lines."""
        return [line for line in self.log.read_text().splitlines() if REQUEST_LINE.search(line)]

    def keys(self, prefix=""):
        listing = self.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return [item["Key"] for item in listing.get("Contents", [])]

    def environ(self):
        """The variables an operator sets for this store (deploy/S3.md)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            # A refused connection is known at once; keep a hung one short too.
            "AWS_S3_TIMEOUT": "1",
        }


@pytest.fixture(scope="module")
def workdir():
    directory = tempfile.mkdtemp(prefix="lifeskills-s3-")
    yield Path(directory)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def s3(workdir):
    server = S3Server(S3_PORT, workdir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def nginx(s3, workdir):
    """nginx in the foreground, the site's media location from deploy/ in front of the store."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is needed for the media tests: apt-get install nginx")
    snippet = (
        SNIPPET.read_text()
        .replace("http://127.0.0.1:9000/lifeskills-media/", f"{s3.endpoint}/{BUCKET}/")
        .replace("Host 127.0.0.1:9000", f"Host 127.0.0.1:{s3.port}")
    )
    assert f"{s3.endpoint}/{BUCKET}/images/" in snippet
    (workdir / "media-s3.conf").write_text(snippet)
    for name in ("cache", "temp", "logs"):
        (workdir / name).mkdir(exist_ok=True)
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""
        master_process off;
        pid {workdir}/nginx.pid;
        error_log {workdir}/logs/error.log;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            access_log {workdir}/logs/access.log;
            client_body_temp_path {workdir}/temp/body;
            proxy_temp_path {workdir}/temp/proxy;
            fastcgi_temp_path {workdir}/temp/fastcgi;
            uwsgi_temp_path {workdir}/temp/uwsgi;
            scgi_temp_path {workdir}/temp/scgi;
            proxy_cache_path {workdir}/cache levels=1:2 keys_zone=lifeskills_media:1m
                max_size=50m inactive=7d use_temp_path=off;
            server {{
                listen 127.0.0.1:{NGINX_PORT};
                include {workdir}/media-s3.conf;
            }}
        }}
        """
    )
    process = subprocess.Popen(
        [binary, "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "logs" / "stderr.log").open("w"),
    )
    _wait_for_port(NGINX_PORT, process)
    yield f"http://127.0.0.1:{NGINX_PORT}"
    process.terminate()
    process.wait(10)


def _media_settings(server):
    # Keys as an operator gives them: read by the storage, never among its options.
    return override_settings(
        STORAGES={**settings.STORAGES, "default": media_storage_from_environment(server.environ())},
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106 - the test server's
    )


@pytest.fixture
def media_in_bucket(s3):
    with _media_settings(s3):
        assert isinstance(storages["default"], MediaStorage)
        yield s3


@pytest.fixture
def admin_client(db):
    # Its own client: the ``client`` of a test stays a visitor.
    admin = Client()
    admin.force_login(UserFactory(username="media-admin", is_superuser=True, is_staff=True))
    return admin


def _png(colour="teal", size=(1200, 800)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def _upload_image(client, title, colour="teal"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(f"{title}.png", _png(colour), content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def _show_in_lesson(lesson, image):
    raw = list(lesson.body.raw_data)
    value = {"image": image.pk, "alt": "A girl waits at a bus stop.", "caption": ""}
    lesson.body = [*raw, {"type": "image", "value": value}]
    lesson.save_revision().publish()
    lesson.refresh_from_db()


def _picture_urls(html):
    return sorted(set(re.findall(r"/media/images/[^\s\"',]+", html)))


def _fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_disk_stays_the_default_and_signed_addresses_are_refused():
    assert media_storage_from_environment({})["BACKEND"].endswith("FileSystemStorage")
    with pytest.raises(ImproperlyConfigured, match="AWS_QUERYSTRING_AUTH"):
        media_storage_from_environment(
            {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_QUERYSTRING_AUTH": "true"}
        )
    options = media_storage_from_environment({"AWS_STORAGE_BUCKET_NAME": BUCKET})["OPTIONS"]
    # Wagtail deletes files in a task that rebuilds the storage from these: plain values only.
    json.dumps(MediaStorage(**options).deconstruct())
    # Two uploads called photo.png must never replace each other in the bucket.
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is False


def test_an_uploaded_picture_is_in_the_bucket_and_its_lesson_shows_it_through_nginx(
    media_in_bucket, nginx, admin_client, client, english_lesson
):
    s3 = media_in_bucket
    response = _upload_image(admin_client, "bus-stop")
    assert response.status_code == 302, response.content[:500]
    image = Image.objects.get(title="bus-stop")
    assert image.file.name in s3.keys("original_images/")
    _show_in_lesson(english_lesson, image)

    html = client.get(english_lesson.url).content.decode()
    urls = _picture_urls(html)
    assert len(urls) == 3, urls  # the srcset's three widths, under the site's /media/
    renditions = s3.keys("images/")
    for url in urls:
        key = url.removeprefix(settings.MEDIA_URL)
        assert key in renditions
        status, headers, body = _fetch(nginx + url)
        assert status == 200
        assert headers["Content-Type"] == "image/webp"
        assert body == s3.client().get_object(Bucket=BUCKET, Key=key)["Body"].read()
        with PILImage.open(io.BytesIO(body)) as picture:
            assert picture.format == "WEBP"
    # A second fetch comes from nginx's cache.
    assert _fetch(nginx + urls[0])[1]["X-Cache-Status"] == "HIT"
    # The original is not public, only its renditions are.
    assert _fetch(nginx + settings.MEDIA_URL + image.file.name)[0] == 404


def test_a_lesson_whose_renditions_exist_asks_the_store_nothing(
    media_in_bucket, admin_client, client, english_lesson, django_assert_max_num_queries
):
    s3 = media_in_bucket
    assert _upload_image(admin_client, "market", "orange").status_code == 302
    image = Image.objects.get(title="market")
    _show_in_lesson(english_lesson, image)
    start = len(s3.requests())
    first = client.get(english_lesson.url).content.decode()
    assert len(_picture_urls(first)) == 3
    # The first view makes the three sizes from one download of the original.
    made = s3.requests()[start:]
    assert len([r for r in made if f"GET /{BUCKET}/{image.file.name} " in r]) == 1, made
    assert len([r for r in made if f"PUT /{BUCKET}/images/" in r]) == 3, made

    before = len(s3.requests())
    for _ in range(3):
        cache.clear()  # no page kept for visitors, no rendition kept in the cache
        again = client.get(english_lesson.url)
        assert again.status_code == 200
        assert _picture_urls(again.content.decode()) == _picture_urls(first)
    assert s3.requests()[before:] == []


def test_a_document_is_in_the_bucket_and_a_private_one_stays_private(
    media_in_bucket, nginx, admin_client, client, db
):
    s3 = media_in_bucket
    root = Collection.get_first_root_node()
    private = root.add_child(name="Teachers only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    for title, collection in (("song", root), ("answers", private)):
        response = admin_client.post(
            reverse("wagtaildocs:add"),
            {
                "title": title,
                "file": SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4 " + title.encode() * 50),
                "collection": collection.pk,
            },
        )
        assert response.status_code == 302, response.content[:500]
    song, answers = Document.objects.get(title="song"), Document.objects.get(title="answers")
    assert {song.file.name, answers.file.name} <= set(s3.keys("documents/"))

    # Served by the site (WAGTAILDOCS_SERVE_METHOD = "serve_view"), read from the bucket.
    served = client.get(song.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.4 " + b"song" * 50
    # A visitor is sent to sign in for the private one, and gets none of it.
    refused = client.get(answers.url)
    assert refused.status_code == 302 and b"answers" not in refused.content
    assert b"".join(admin_client.get(answers.url).streaming_content).endswith(b"answers")
    # Neither is public, through the web server or from the store itself.
    for document in (song, answers):
        status, _headers, body = _fetch(nginx + settings.MEDIA_URL + document.file.name)
        assert status == 404 and b"answers" not in body
        assert _fetch(f"{s3.endpoint}/{BUCKET}/{document.file.name}")[0] == 403


def test_deleting_a_picture_deletes_its_file_and_renditions_from_the_bucket(
    media_in_bucket, admin_client, django_capture_on_commit_callbacks
):
    s3 = media_in_bucket
    assert _upload_image(admin_client, "to-delete", "purple").status_code == 302
    image = Image.objects.get(title="to-delete")
    rendition = image.get_rendition("width-360|format-webp")
    names = [image.file.name, rendition.file.name]
    assert set(names) <= set(s3.keys())

    # Wagtail deletes the files once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailimages:delete", args=[image.pk]))
    assert response.status_code == 302
    assert not set(names) & set(s3.keys())


def test_with_the_store_down_lessons_still_open_and_an_upload_is_refused_plainly(
    workdir,
    admin_client,
    client,
    english_lesson,
    english_module,
    django_capture_on_commit_callbacks,
):
    server = S3Server(S3_DOWN_PORT, workdir)
    server.start()
    try:
        with _media_settings(server):
            assert _upload_image(admin_client, "before", "green").status_code == 302
            _show_in_lesson(english_lesson, Image.objects.get(title="before"))
            urls = _picture_urls(client.get(english_lesson.url).content.decode())
            assert len(urls) == 3
            server.stop()
            cache.clear()

            started = time.monotonic()
            lesson = client.get(english_lesson.url)
            assert lesson.status_code == 200
            assert _picture_urls(lesson.content.decode()) == urls
            # The module page offers no download while its files cannot be sized,
            # and keeps no plan without them.
            module = client.get(english_module.url)
            assert module.status_code == 200
            assert b"data-download=" not in module.content
            assert not [key for key in cache._cache if "offline-plan:" in key]

            images = Image.objects.count()
            refused = _upload_image(admin_client, "during", "red")
            assert refused.status_code == 503
            assert "Files cannot be stored right now" in refused.content.decode()
            assert "Nothing was saved" in refused.content.decode()
            assert Image.objects.count() == images

            # Deleting a picture stands; its files are left in the store (and logged).
            before = Image.objects.get(title="before")
            english_lesson.body = [b for b in english_lesson.body.raw_data if b["type"] != "image"]
            english_lesson.save_revision().publish()
            with django_capture_on_commit_callbacks(execute=True):
                deleted = admin_client.post(reverse("wagtailimages:delete", args=[before.pk]))
            assert deleted.status_code == 302
            assert not Image.objects.filter(pk=before.pk).exists()
            assert time.monotonic() - started < 20
    finally:
        if server.process.poll() is None:
            server.stop()


def test_media_on_the_disk_are_copied_into_the_bucket_once(media_in_bucket, workdir):
    s3 = media_in_bucket
    source = workdir / "old-media"
    (source / "original_images").mkdir(parents=True)
    (source / "documents").mkdir()
    (source / "original_images" / "river.png").write_bytes(_png("blue", (40, 30)))
    (source / "documents" / "story.mp3").write_bytes(b"ID3" + bytes(500))

    out = io.StringIO()
    call_command("copy_media_to_storage", source=str(source), stdout=out)
    assert "Copied 2 files, 0 were already there." in out.getvalue()
    assert {"original_images/river.png", "documents/story.mp3"} <= set(s3.keys())
    stored = s3.client().get_object(Bucket=BUCKET, Key="documents/story.mp3")["Body"].read()
    assert stored == b"ID3" + bytes(500)

    again = io.StringIO()
    call_command("copy_media_to_storage", source=str(source), stdout=again)
    assert "Copied 0 files, 2 were already there." in again.getvalue()


def test_copying_media_needs_a_bucket(tmp_path):
    with pytest.raises(CommandError, match="AWS_STORAGE_BUCKET_NAME"):
        call_command("copy_media_to_storage", source=str(tmp_path))


def test_production_settings_choose_the_bucket_from_the_environment():
    show = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    on_disk = run_manage("shell", "-c", show, **PRODUCTION)
    assert (
        on_disk.stdout.strip().splitlines()[-1] == "django.core.files.storage.FileSystemStorage"
    ), on_disk.stderr
    in_bucket = run_manage("shell", "-c", show, AWS_STORAGE_BUCKET_NAME=BUCKET, **PRODUCTION)
    assert in_bucket.stdout.strip().splitlines()[-1] == "lifeskills.storage.MediaStorage", (
        in_bucket.stderr
    )
