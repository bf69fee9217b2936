#!/bin/sh
# manage.py on the server, as the lifeskills user with the production environment:
#   /srv/lifeskills/app/deploy/manage.sh migrate --noinput
set -eu
cd "$(dirname "$0")/.."
exec runuser -u lifeskills -- sh -c \
    'umask 0027; set -a; . /etc/lifeskills/lifeskills.env; set +a; exec .venv/bin/python manage.py "$@"' \
    manage.py "$@"
