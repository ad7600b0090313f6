# shellcheck shell=bash
# Debian packages the stack and its tests need. Installs only what is missing, so a second run is instant.

# shellcheck disable=SC2034 # both lists are used by bin/foobar and run-tests.sh
STACK_PACKAGES=(mariadb-server mariadb-client mariadb-backup openssl gettext-base curl nginx supervisor prometheus
  prometheus-alertmanager prometheus-node-exporter prometheus-nginx-exporter prometheus-mysqld-exporter
  prometheus-blackbox-exporter rsyslog rsyslog-gnutls)
# shellcheck disable=SC2034
TEST_PACKAGES=(shellcheck jq chromium chromium-driver libnss3-tools testssl.sh)

ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages: ${missing[*]}"
  # Package scripts must not start system-wide daemons: bin/foobar runs its own instances.
  [[ -e /usr/sbin/policy-rc.d ]] || as_root sh -c 'printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The build needs a JDK 25: Temurin's where the machine has it, else Debian's OpenJDK 25 where the release has one.
ensure_jdk() {
  [[ -x $JAVA_HOME/bin/java ]] && return 0
  if apt-cache show openjdk-25-jdk-headless >/dev/null 2>&1; then
    ensure_packages openjdk-25-jdk-headless
    JAVA_HOME=/usr/lib/jvm/java-25-openjdk-amd64
  fi
  [[ -x $JAVA_HOME/bin/java ]] || die "no JDK 25 found at $JAVA_HOME: set FOOBAR_JAVA_HOME to one"
}

# Debian has no Grafana package: install it from Grafana's own APT repository where that is configured or reachable
# (apt.grafana.com, its key pinned to that repository only). Unreachable: nothing changes and `up` says so.
ensure_grafana() {
  local key
  command -v grafana-server >/dev/null && return 0
  if ! apt-cache policy grafana 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    key=$(curl -fsS --max-time 5 https://apt.grafana.com/gpg.key 2>/dev/null) || return 0
    [[ $key == "-----BEGIN PGP PUBLIC KEY BLOCK-----"* ]] || return 0
    log "adding Grafana's APT repository (https://apt.grafana.com)"
    as_root install -d -m 0755 /etc/apt/keyrings
    printf '%s\n' "$key" | as_root tee /etc/apt/keyrings/grafana.asc >/dev/null
    echo "deb [signed-by=/etc/apt/keyrings/grafana.asc] https://apt.grafana.com stable main" \
      | as_root tee /etc/apt/sources.list.d/grafana.list >/dev/null
    as_root apt-get update -qq
  fi
  ensure_packages grafana
}
