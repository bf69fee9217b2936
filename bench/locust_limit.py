"""Full speed at one address (LIFESKILLS_BENCH_PATH), no pauses: how many requests
per second the server gives it. Run by bench/run.py for each page measured (a
visitor's lesson; a signed-in child's lesson, My modules and quiz page, with
LIFESKILLS_BENCH_COOKIE carrying the child's session) and for a static copy of
that same page's HTML, served by whitenoise with its .gz beside it.

Every request accepts gzip, as every phone's browser does. What crossed the wire
(the body as sent, compressed or not, and how it was encoded) is tallied and
written to LIFESKILLS_BENCH_WIRE when the run stops.
"""

import json
import os

from locust import FastHttpUser, constant, events, task

PATH = os.environ["LIFESKILLS_BENCH_PATH"]
HEADERS = {"Accept-Encoding": "gzip"}
if os.environ.get("LIFESKILLS_BENCH_COOKIE"):
    HEADERS["Cookie"] = os.environ["LIFESKILLS_BENCH_COOKIE"]
WIRE = {"responses": 0, "bytes": 0, "encodings": {}, "statuses": {}}


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self):
        with self.client.get(PATH, name=PATH, headers=HEADERS, catch_response=True) as response:
            encoding = response.headers.get("Content-Encoding", "identity")
            length = response.headers.get("Content-Length")
            WIRE["responses"] += 1
            # Content-Length is what was sent; a chunked answer has none, and
            # then the body is counted after decoding (an upper bound).
            WIRE["bytes"] += int(length) if length else len(response.content or b"")
            WIRE["encodings"][encoding] = WIRE["encodings"].get(encoding, 0) + 1
            status = str(response.status_code)
            WIRE["statuses"][status] = WIRE["statuses"].get(status, 0) + 1
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


@events.test_stop.add_listener
def _write_wire(**_kwargs):
    path = os.environ.get("LIFESKILLS_BENCH_WIRE")
    if path and WIRE["responses"]:
        with open(path, "w") as handle:
            json.dump(WIRE, handle)
