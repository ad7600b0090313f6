#!/usr/bin/env bash
# Every test: installs what is missing, starts a MariaDB pair for the integration tests, runs Maven,
# and stops what it started whatever happens. Called by `bin/foobar test` with the test ports set.
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$ROOT/bin/lib/install.sh"
source "$ROOT/bin/lib/pki.sh"
source "$ROOT/bin/lib/mariadb.sh"

ensure_packages "${STACK_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_jdk
ensure_pki
trap db_down EXIT
db_up
while IFS= read -r line; do export "${line?}"; done < <(db_env_lines)

cd "$ROOT"
log "shellcheck"
shellcheck bin/foobar bin/lib/*.sh .ci/run
log "unit, slice and integration tests (Maven)"
./mvnw -B -ntp -Pit verify "$@"
