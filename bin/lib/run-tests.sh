#!/usr/bin/env bash
# Every test: installs what is missing, checks every config, brings the whole stack up, runs Maven's unit, slice,
# database and stack tests against it, and stops what it started whatever happens. Called by `bin/foobar test`
# with the test state directory and ports set.
set -Eeuo pipefail
# shellcheck source=load.sh
source "$(dirname "${BASH_SOURCE[0]}")/load.sh"

ensure_packages "${STACK_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_jdk
ensure_kubectl # K8sTests renders k8s/ with kubectl's kustomize
cd "$ROOT"

# A full run writes about 9 GB (both databases with the seeded posts' binlogs, their backups, the Docker engine's
# images, target/); a disk that fills half-way fails later tests with confusing errors, or hangs them.
free_gb=$(($(df --output=avail -k "$ROOT" | tail -1) / 1024 / 1024))
((free_gb >= 12)) || die "the tests need 12 GB free beside $ROOT; the disk has $free_gb GB"

log "shellcheck"
shellcheck bin/foobar bin/lib/*.sh .ci/run test/compose/standins/*/*.sh mysql/mysql84/*.sh mysql/mysql84/initdb/*.sh
log "config checkers"
bin/lib/check-configs.sh
log "firewall rulesets in network namespaces"
as_root bin/lib/firewall-test.sh

# The tests' own writers publish hundreds of posts a minute from one account (sqlmap's new-post, the failover
# tests' SiteTraffic); the limit per account is shown by PublishingIT and PostControllerTests.
export FOOBAR_POSTS_PER_AUTHOR=1000000
trap stack_down EXIT
stack_up
log "no database password in a binlog; the exporter cannot read binlogs"
db_binlogs_hold_no_secret
while IFS= read -r line; do export "${line?}"; done < <(db_env_lines; stack_env | tr -d '"')

log "unit, slice, database and stack tests (Maven)"
./mvnw -B -ntp -Pit verify "$@"

"$LIB/cert-drill.sh"

log "an outside attacker: sqlmap against every form and parameter"
"$LIB/attack-test.sh"

# Not a measurement (seconds, not minutes, on JVMs the tests warmed): proves the benchmark still runs every page
# and fails on a failed request.
log "benchmark, briefly"
bin/foobar bench --smoke
bin/foobar status >/dev/null || die "the stack is not healthy after the benchmark"
stack_down
trap - EXIT

log "docker compose on a Docker engine of the test's own (stand-ins for the official images)"
bin/lib/compose-test.sh
