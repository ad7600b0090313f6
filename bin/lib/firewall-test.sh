#!/usr/bin/env bash
# The firewall/ rulesets, applied for real: one network namespace per role on a private bridge (10.99.0.0/24,
# nothing outside the namespaces is touched), each role's listeners started, then every path that must be open is
# open and every path that must be closed is dropped. Called by the test command; needs root.
set -Eeuo pipefail
# shellcheck source=load.sh
source "$(dirname "${BASH_SOURCE[0]}")/load.sh"

ensure_packages nftables iproute2 socat netcat-openbsd
NS=foobar-fw
ROLES=(edge app db monitoring world admin)
declare -A ADDR=([edge]=10.99.0.1 [app]=10.99.0.2 [db]=10.99.0.3 [monitoring]=10.99.0.4 [world]=10.99.0.8 [admin]=10.99.0.9)
# What each host listens on (ports.nft).
declare -A LISTEN=([edge]="80 443 9113 9100 22" [app]="8443 8543 9100 22" [db]="3306 9104 9100 22"
  [monitoring]="9090 9093 3000 22")

PIDS=()
HOSTS=$(mktemp -d)
cleanup() {
  local pid role
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for role in "${ROLES[@]}" switch; do ip netns delete "$NS-$role" 2>/dev/null || true; done
}
trap 'cleanup; rm -rf "$HOSTS"' EXIT
cleanup

ip netns add "$NS-switch"
ip -n "$NS-switch" link add br0 type bridge
ip -n "$NS-switch" link set br0 up
for role in "${ROLES[@]}"; do
  ip netns add "$NS-$role"
  ip -n "$NS-switch" link add "v-$role" type veth peer name eth0 netns "$NS-$role"
  ip -n "$NS-switch" link set "v-$role" master br0 up
  ip -n "$NS-$role" addr add "${ADDR[$role]}/24" dev eth0
  ip -n "$NS-$role" link set eth0 up
  ip -n "$NS-$role" link set lo up
done

cat >"$HOSTS/hosts.nft" <<EOF
define edge_hosts = { ${ADDR[edge]} }
define app_hosts = { ${ADDR[app]} }
define db_hosts = { ${ADDR[db]} }
define monitoring_hosts = { ${ADDR[monitoring]} }
define admin_hosts = { ${ADDR[admin]} }
EOF
for role in "${!LISTEN[@]}"; do
  ip netns exec "$NS-$role" nft -I "$HOSTS" -I "$ROOT/firewall" -f "$ROOT/firewall/$role.nft"
  for port in ${LISTEN[$role]}; do
    ip netns exec "$NS-$role" socat "TCP-LISTEN:$port,fork,reuseaddr" /dev/null &
    PIDS+=($!)
    retry 50 0.1 ip netns exec "$NS-$role" nc -z 127.0.0.1 "$port" || die "no listener on $role:$port"
  done
done

failed=0
# Every row of the shared table (the Kubernetes NetworkPolicies are checked against the same one).
while read -r from to port want; do
  [[ -n $from && $from != \#* ]] || continue
  if ip netns exec "$NS-$from" nc -z -w 1 "${ADDR[$to]}" "$port" </dev/null 2>/dev/null; then got=open; else got=closed; fi
  if [[ $got == "$want" ]]; then result=ok; else result=WRONG && failed=1; fi
  printf '    %-10s -> %-10s %5s  %-6s %s\n' "$from" "$to" "$port" "$got" "$result"
done <"$ROOT/firewall/connections.tsv"
((failed == 0)) || die "the firewall rulesets let through or stop the wrong traffic (see WRONG above)"
log "ok: firewall rulesets (nftables, one namespace per role)"
