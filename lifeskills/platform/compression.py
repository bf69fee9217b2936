"""Answers compressed with gzip for a browser that accepts it, and BREACH kept in mind.

Django's ``GZipMiddleware`` does the work. Compressing a page that carries a
secret (a CSRF token) beside text an attacker can choose is what the BREACH
attack measures, so it matters that Django defends against it twice:

* since Django 4.2 the middleware puts up to ``max_random_bytes`` (100) random
  bytes into the gzip header (a file name of random length), so the length of
  the same page differs from answer to answer ("Heal The Breach": Django 4.2
  release notes, and ``django.utils.text.compress_string``);
* the CSRF token written into a form is masked afresh for every response
  (Django's CSRF documentation, "How it works": the secret is XOR-ed with a
  random mask), so no two pages carry the same token bytes to be guessed at.

Only text is compressed. Pictures, sound, video, PDFs and spreadsheets are
compressed already, and a partial answer (``206``, the range a browser asks
for to play narration from the middle) must keep the byte offsets it names.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/manifest+json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)


def compressible(response):
    content_type = response.get("Content-Type", "").lower()
    return (
        response.status_code != 206
        and not response.has_header("Content-Range")
        and content_type.startswith(COMPRESSIBLE)
    )


class TextGZipMiddleware(GZipMiddleware):
    """Django's gzip middleware, for text only (see the module's docstring).

    It sits just after whitenoise, which answers static files itself with the
    copies compressed when they were collected, and before the visitor page
    cache, so a page taken from the cache is compressed on its way out while
    the copy kept is the plain page: one copy serves a browser that accepts
    gzip and one that does not, and its random padding is new every time.
    """

    def process_response(self, request, response):
        if not compressible(response):
            return response
        return super().process_response(request, response)
