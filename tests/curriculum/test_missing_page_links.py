"""A page that is not found offers its other languages on this site, never elsewhere."""

import re
from urllib.parse import urlsplit

PATHS = [
    "/en/no-such-page/",
    "//evil.example/en/no-such-page/",
    "///evil.example/en/no-such-page/",
    "/en//evil.example/",
    "/en/%2F%2Fevil.example/",
    "/en/\\evil.example/",
]


def language_links(response):
    return re.findall(r'<a href="([^"]*)" lang="[^"]*" hreflang=', response.content.decode())


def test_language_links_on_a_missing_page_stay_on_this_site(client, site):
    for host in ("testserver", "evil.example"):
        for path in PATHS:
            # As the server receives it: a path may begin with several slashes.
            response = client.get("/", PATH_INFO=path, HTTP_HOST=host)
            assert response.status_code == 404, (host, path)
            links = language_links(response)
            assert len(links) == 2, (host, path)  # the other shipped languages
            for link in links:
                # A path on this site: one slash, no scheme, no other host.
                assert link.startswith("/") and not link.startswith("//"), (host, path, link)
                assert "\\" not in link and urlsplit(link).netloc == "", (host, path, link)
