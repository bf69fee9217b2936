"""What a lesson's first load costs on the wire: every request, and its bytes.

    .venv/bin/python bench/first_load.py http://127.0.0.1:8000/en/modules/safe-migration/a-job-offer/

Opens the page in a fresh Chromium profile (nothing cached, no service
worker), as a visitor, and waits until the network is quiet, the service
worker included. Every request the page causes is listed: the page, its
styles and scripts, the icon, the manifest, the service worker and whatever
the service worker fetches. Bytes are those sent for each answer: headers plus
the body as sent (compressed when it was). Then the same page is opened again
in the same profile, to show what a second visit still asks the network for.
Prints JSON.
"""

import argparse
import json
import os
import sys
import time

# Playwright reports a service worker's own requests only with this set when it starts.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

CHROMIUM = "/usr/bin/chromium"
# Chromium asks for the tab's icon a while after the page has loaded, later still on a busy machine.
QUIET_SECONDS = 3.0


def _is_image(request, headers):
    return request.resource_type == "image" or headers.get("content-type", "").startswith("image/")


class Recorder:
    """Every request of one browser context, with its bytes once it has finished."""

    def __init__(self, context):
        self.rows = []
        self.pending = set()
        self.last_activity = time.monotonic()
        context.on("request", self._started)
        context.on("requestfinished", self._finished)
        context.on("requestfailed", self._failed)

    def _started(self, request):
        self.pending.add(request)
        self.last_activity = time.monotonic()

    def _failed(self, request):
        self.pending.discard(request)
        self.last_activity = time.monotonic()
        self.rows.append({"url": request.url, "type": request.resource_type, "failed": True})

    def _finished(self, request):
        self.pending.discard(request)
        self.last_activity = time.monotonic()
        response = request.response()
        headers = response.all_headers() if response else {}
        sizes = request.sizes()
        from_worker = bool(response and response.from_service_worker)
        # An answer from the service worker's cache or the browser's own cache
        # costs nothing on the wire.
        on_wire = 0 if from_worker else sizes["responseBodySize"] + sizes["responseHeadersSize"]
        estimated = False
        if not on_wire and request.service_worker and response and response.status == 200:
            # Chromium reports no sizes for a worker's importScripts(): estimated
            # from the answer's headers (a copy from the browser's cache counts too).
            on_wire = int(headers.get("content-length", 0)) + sum(
                len(name) + len(value) + 4 for name, value in headers.items()
            )
            estimated = True
        self.rows.append(
            {
                "url": request.url,
                "type": request.resource_type,
                "by": "service worker" if request.service_worker else "page",
                "status": response.status if response else None,
                "encoding": headers.get("content-encoding", ""),
                "image": _is_image(request, headers),
                "from_service_worker": from_worker,
                "bytes": on_wire,
                "estimated": estimated,
            }
        )

    def settle(self, page, timeout=30):
        """Wait until nothing has been asked or answered for QUIET_SECONDS."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page.wait_for_timeout(200)
            if not self.pending and time.monotonic() - self.last_activity > QUIET_SECONDS:
                return
        raise TimeoutError(f"still loading after {timeout} s: {[r.url for r in self.pending]}")

    def take(self):
        rows, self.rows = self.rows, []
        return rows


def summary(rows):
    on_wire = [row for row in rows if row.get("bytes") and not row.get("failed")]
    return {
        "requests": rows,
        "count": len(rows),
        "network_requests": len([r for r in rows if not r.get("from_service_worker")]),
        "total_bytes": sum(r["bytes"] for r in on_wire),
        "non_image_bytes": sum(r["bytes"] for r in on_wire if not r["image"]),
    }


def measure(url, *, executable_path=CHROMIUM, browser=None):
    """The first and second load of ``url`` in a fresh browser profile, as plain data."""
    from playwright.sync_api import sync_playwright

    def run(browser):
        context = browser.new_context(service_workers="allow")
        try:
            recorder = Recorder(context)
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            recorder.settle(page)
            first = summary(recorder.take())
            second_page = context.new_page()
            second_page.goto(url, wait_until="networkidle")
            recorder.settle(second_page)
            second = summary(recorder.take())
        finally:
            context.close()
        return {"url": url, "first": first, "second": second}

    if browser is not None:
        return run(browser)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable_path if os.path.exists(executable_path) else None,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            return run(browser)
        finally:
            browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="+", help="full address of a page (a lesson)")
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args(argv)
    results = [measure(url, executable_path=args.chromium) for url in args.url]
    json.dump(results if len(results) > 1 else results[0], sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
