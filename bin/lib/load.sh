# shellcheck shell=bash
# Loads every library of bin/foobar, in order; each script that needs them sources this one file.
LIB="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=common.sh
source "$LIB/common.sh"
# shellcheck source=install.sh
source "$LIB/install.sh"
# shellcheck source=pki.sh
source "$LIB/pki.sh"
# shellcheck source=acme.sh
source "$LIB/acme.sh"
# shellcheck source=mariadb.sh
source "$LIB/mariadb.sh"
# shellcheck source=db-roles.sh
source "$LIB/db-roles.sh"
# shellcheck source=backup.sh
source "$LIB/backup.sh"
# shellcheck source=stack-config.sh
source "$LIB/stack-config.sh"
# shellcheck source=stack.sh
source "$LIB/stack.sh"
# shellcheck source=compose-init.sh
source "$LIB/compose-init.sh"
# shellcheck source=bench.sh
source "$LIB/bench.sh"
# shellcheck source=seed.sh
source "$LIB/seed.sh"
# shellcheck source=docker.sh
source "$LIB/docker.sh"
# shellcheck source=k8s.sh
source "$LIB/k8s.sh"
