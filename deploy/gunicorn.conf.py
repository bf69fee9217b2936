"""gunicorn's settings for Lifeskills (``gunicorn -c deploy/gunicorn.conf.py``).

Workers: as many as the cores keep busy (2 x cores + 1: a worker waits on
PostgreSQL or Redis about half the time), but never more than the memory holds.
Set LIFESKILLS_WORKERS to choose the number yourself, LIFESKILLS_BIND to listen
elsewhere (the systemd units set it, and LIFESKILLS_INSTANCES when two app
servers share the machine).
"""

import os

# A worker's resident memory, measured: 149 MB after serving children's
# sign-in, lessons, quiz pages and submissions (make deploy-check, Debian 12,
# Python 3.11, Wagtail 8 / Django 5.2, PostgreSQL and Redis; the S3 client,
# error reports and spreadsheet export loaded); BENCHMARKS.md saw peaks of 130
# to 164 MB under a school period's load. With headroom for the admin's image
# renditions:
PER_WORKER_MB = 200
# Left to PostgreSQL, Redis, nginx and the system on a machine that runs them all.
RESERVED_MB = 1024


def _total_memory_mb():
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def default_workers(cores=None, memory_mb=None, instances=None):
    """min(2 x cores + 1, what memory holds), shared by the app servers on this machine."""
    cores = cores or len(os.sched_getaffinity(0))
    memory_mb = memory_mb if memory_mb is not None else _total_memory_mb()
    # lifeskills@8001 and lifeskills@8002 share the machine (LIFESKILLS_INSTANCES=2).
    instances = instances or max(1, int(os.environ.get("LIFESKILLS_INSTANCES") or 1))
    by_cores = (2 * cores + 1) // instances
    if memory_mb is None:
        return max(1, by_cores)
    by_memory = (memory_mb - RESERVED_MB) // instances // PER_WORKER_MB
    return max(1, min(by_cores, by_memory))


workers = int(os.environ.get("LIFESKILLS_WORKERS") or default_workers())
bind = os.environ.get("LIFESKILLS_BIND", "127.0.0.1:8001")
wsgi_app = "lifeskills.wsgi:application"

# nginx waits 60 s (proxy_read_timeout): a worker stuck longer is restarted
# before nginx gives up on it. No request of the site takes near this.
timeout = 55
graceful_timeout = 30
# nginx keeps connections to the app open (upstream keepalive).
keepalive = 75
# A worker is replaced after this many requests, at a different moment for
# each, so that slow growth of memory never adds up and never all at once.
max_requests = 2000
max_requests_jitter = 200
# Not preloaded: each worker loads the app itself, so `systemctl reload`
# (HUP) starts workers on the new code after an upgrade.

# nginx logs every request; gunicorn's errors go to stderr, i.e. journald.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm"
proc_name = "lifeskills"
# gunicorn's control socket would sit in the user's home, shared by both app
# servers and not writable under the unit's ProtectSystem=strict: nothing here
# uses it.
control_socket_disable = True
