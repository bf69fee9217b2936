"""Full speed at one address (LIFESKILLS_BENCH_PATH), no pauses: how many requests
per second the server gives it. Run by bench/run.py for a static file, for a
lesson page of the same size as a visitor reads it, and for the same lesson as a
signed-in child reads it (LIFESKILLS_BENCH_COOKIE carries the child's session)."""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["LIFESKILLS_BENCH_PATH"]
HEADERS = (
    {"Cookie": os.environ["LIFESKILLS_BENCH_COOKIE"]}
    if "LIFESKILLS_BENCH_COOKIE" in os.environ
    else {}
)


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self):
        self.client.get(PATH, name=PATH, headers=HEADERS)
