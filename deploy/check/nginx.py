"""deploy/nginx/lifeskills.conf rendered for loopback, and an nginx to run it.

The site file is used as written; only what names a real server changes: its
host name, the app servers' ports, the static and media folders, and TLS (the
HTTPS server listens on a plain loopback port). Each value must be found as the
site file spells it, so a change there that this rendering would miss stops the
check instead of testing something else.
"""

import os
import re
from pathlib import Path

SITE = Path(__file__).resolve().parents[1] / "nginx" / "lifeskills.conf"


def _replace(text, old, new, count):
    found = text.count(old)
    if found != count:
        raise SystemExit(f"{SITE}: expected {count} x {old!r}, found {found}: update {__file__}")
    return text.replace(old, new)


def render_site(port, redirect_port, app_ports, static_root, media_root, acme_root):
    text = SITE.read_text()
    text = _replace(text, "server 127.0.0.1:8001 ", f"server 127.0.0.1:{app_ports[0]} ", 1)
    text = _replace(text, "server 127.0.0.1:8002 ", f"server 127.0.0.1:{app_ports[1]} ", 1)
    text = _replace(text, "listen 80;", f"listen 127.0.0.1:{redirect_port};", 1)
    text = _replace(text, "listen [::]:80;\n", "", 1)
    text = _replace(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{port};", 1)
    text = _replace(text, "listen [::]:443 ssl http2;\n", "", 1)
    text = _replace(text, "server_name lifeskills.example.org;", "server_name 127.0.0.1;", 2)
    text = _replace(text, "alias /srv/lifeskills/app/staticfiles/;", f"alias {static_root}/;", 1)
    text = _replace(text, "alias /srv/lifeskills/media/;", f"alias {media_root}/;", 1)
    text = _replace(text, "root /var/www/html;", f"root {acme_root};", 1)
    # No certificate on loopback: the TLS lines go, the rest of the server stays.
    text, dropped = re.subn(r"^\s*ssl_[a-z_]+ .*;\n", "", text, flags=re.M)
    if dropped < 2:
        raise SystemExit(f"{SITE}: no ssl_certificate lines found: update {__file__}")
    return text


def main_config(directory, site_path):
    """What Debian's /etc/nginx/nginx.conf gives a site, with everything kept in ``directory``."""
    temp = {name: directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    # Started as root, nginx would hand requests to "nobody", who may not read
    # the checkout; on a server www-data reads what the lifeskills group may.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    # Debian's nginx.conf turns gzip on for every site; the site must cope.
    gzip on;
    # Which app servers each request went to: more than one for a POST would
    # mean nginx sent it again (deploy/check/run.py reads this).
    log_format check '$request_method $uri $status "$upstream_addr"';
    access_log {directory}/access.log check;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {site_path};
}}
"""
