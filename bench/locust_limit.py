"""Full speed at one address (LIFESKILLS_BENCH_PATH), no pauses: how many requests
per second the server gives it. Run by bench/run.py for a static file and for a
lesson page of the same size."""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["LIFESKILLS_BENCH_PATH"]


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self):
        self.client.get(PATH, name=PATH)
