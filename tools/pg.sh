#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers (PGHOST/PGPORT/PGUSER/PGPASSWORD are honoured) and that the
# current user may create databases; starts the local Debian cluster when none answers.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if ! pg_isready -q; then
    if [ -n "${PGHOST:-}" ] && [ "${PGHOST:0:1}" != "/" ] && [ "$PGHOST" != localhost ] && [ "$PGHOST" != 127.0.0.1 ]; then
        echo "PostgreSQL at PGHOST=$PGHOST does not answer." >&2
        exit 1
    fi
    cluster=$(pg_lsclusters --no-header 2>/dev/null | sort -k1,1V | tail -n 1 | awk '{print $1, $2}')
    if [ -z "$cluster" ]; then
        echo "No PostgreSQL answers and no Debian cluster exists: install postgresql (make sysdeps)." >&2
        exit 1
    fi
    log "Starting the PostgreSQL cluster $cluster"
    pg_ctlcluster $cluster start
    for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
fi

# A role for the current user, when we run on the local cluster as root or another Unix user.
role=${PGUSER:-$(id -un)}
if ! psql -d postgres -Atqc "select 1" >/dev/null 2>&1; then
    if [ -z "${PGHOST:-}" ] && id postgres >/dev/null 2>&1; then
        log "Creating the PostgreSQL role $role"
        su postgres -c "createuser -s '$role'"
    else
        echo "Cannot connect to PostgreSQL as $role; set PGUSER/PGPASSWORD." >&2
        exit 1
    fi
fi
