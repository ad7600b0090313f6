#!/bin/bash
# Backups with point-in-time recovery for docker compose (MySQL 8.4): the compose twin of bin/lib/backup.sh, run by
# the `backup` service from the mysql image (it has mysql, mysqlbinlog, mysqld and gosu).
#   backup.sh run                 archive both nodes' binlogs, take a physical backup of the reader once a day
#   backup.sh now                 a backup now
#   backup.sh restore --to TIME   the data as it was just before TIME (UTC) in a scratch mysqld in this container
#   backup.sh stop-restore        stop that scratch mysqld
# Physical backups are CLONE LOCAL DATA DIRECTORY on the reader (BACKUP_ADMIN): the donor writes the copy into the
# `backups` volume, which both database containers mount at /backups. Every connection is verified TLS as
# foobar_backup, with its own certificate and key, and its password read from /run/secrets/db-backup into a private
# defaults file, never an argument.
# Not run on an engine here: the test stand-in database is MariaDB, which has no CLONE (docs/operations.md).
set -Eeuo pipefail

BACKUPS=/backups TEXTFILES=/textfile
KEEP=${FOOBAR_BACKUP_KEEP:-7} INTERVAL=${FOOBAR_BACKUP_INTERVAL:-86400}
NODES=(primary replica)
log() { printf '%s backup: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }
die() { log "$*"; exit 1; }

# As root only to hand the volumes to the mysql user, then as that user (the files are the database's).
if [[ $(id -u) == 0 ]]; then
  install -d -o mysql -g mysql "$BACKUPS/full" "$BACKUPS/binlog" "$TEXTFILES"
  exec gosu mysql "$0" "$@"
fi

CNF=$(mktemp) && chmod 600 "$CNF" && trap 'rm -f "$CNF"' EXIT
printf '[client]\nuser=foobar_backup\npassword=%s\nport=3306\nssl-mode=VERIFY_IDENTITY\nssl-ca=%s\nssl-cert=%s\nssl-key=%s\n' \
  "$(cat /run/secrets/db-backup)" /run/foobar/pki/db-ca.crt /run/foobar/pki/db-client-backup.crt \
  /run/secrets/db-client-backup.key >"$CNF"
sql() { mysql --defaults-extra-file="$CNF" --host="mysql-$1" --batch --skip-column-names -e "$2"; }

# The reader is the node with super_read_only on (after a promotion, the former primary).
reader() {
  local node
  for node in "${NODES[@]}"; do [[ $(sql "$node" 'SELECT @@super_read_only' 2>/dev/null) == 1 ]] && echo "$node" && return; done
  die "no reader answers: nothing backed up"
}
writer() {
  local node
  for node in "${NODES[@]}"; do [[ $(sql "$node" 'SELECT @@read_only' 2>/dev/null) == 0 ]] && echo "$node" && return; done
  die "no writer answers"
}
backups() { find "$BACKUPS/full" -mindepth 1 -maxdepth 1 -type d -name '*Z' -printf '%f\n' | sort; }
stamp() { date -ud "$(sed -E 's/^(....)(..)(..)T(..)(..)(..)Z$/\1-\2-\3 \4:\5:\6/' <<<"$1")" +%s; }
metrics() { cat >"$TEXTFILES/.$1.tmp" && chmod 644 "$TEXTFILES/.$1.tmp" && mv "$TEXTFILES/.$1.tmp" "$TEXTFILES/$1.prom"; }

# A clone of the reader under a .partial name, its SHA256SUMS written last, then renamed to the moment it was
# complete: anything else in full/ is no backup. The newest KEEP are kept, and the binlogs since the oldest.
backup_now() {
  local node work name start=$SECONDS old
  node=$(reader) work="$(date -u +%Y%m%dT%H%M%SZ).partial"
  rm -rf "${BACKUPS:?}/full/$work"
  sql "$node" "CLONE LOCAL DATA DIRECTORY = '$BACKUPS/full/$work'" || die "CLONE on mysql-$node failed"
  (cd "$BACKUPS/full/$work" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$BACKUPS/full/$work.sums"
  mv "$BACKUPS/full/$work.sums" "$BACKUPS/full/$work/SHA256SUMS"
  name=$(date -u +%Y%m%dT%H%M%SZ) && mv "$BACKUPS/full/$work" "$BACKUPS/full/$name"
  log "backup $name of mysql-$node in $((SECONDS - start)) s"
  mapfile -t old < <(backups | head -n -"$KEEP")
  for name in "${old[@]}"; do rm -rf "${BACKUPS:?}/full/$name"; done
  name=$(backups | head -1)
  find "$BACKUPS/binlog" -type f ! -newermt "@$(stamp "$name")" -delete
}

# archive NODE ID: streams NODE's binlog into binlog/NODE from the newest file archived (or the oldest the node
# has), forever, as replica server id ID (one neither node uses).
archive() {
  local node=$1 id=$2 dir=$BACKUPS/binlog/$1 first
  mkdir -p "$dir"
  while true; do
    first=$(find "$dir" -name 'binlog.[0-9]*' -printf '%f\n' | sort | tail -1)
    [[ -n $first ]] || first=$(sql "$node" 'SHOW BINARY LOGS' 2>/dev/null | awk 'NR == 1 { print $1 }')
    if [[ -n $first ]]; then
      mysqlbinlog --defaults-extra-file="$CNF" --host="mysql-$node" --read-from-remote-server --raw --stop-never \
        --connection-server-id="$id" --result-file="$dir/" "$first" || log "archiving mysql-$node stopped; again in 5 s"
    fi
    sleep 5
  done
}

# What FoobarBackupTooOld and FoobarBinlogArchiveBehind read, through node-exporter's textfile collector.
check() {
  local node file pos have newest
  newest=$(backups | tail -1)
  {
    echo "foobar_backup_last_success_timestamp_seconds $([[ -n $newest ]] && stamp "$newest" || echo 0)"
    for node in "${NODES[@]}"; do
      read -r file pos < <(sql "$node" 'SHOW BINARY LOG STATUS' 2>/dev/null) || continue
      have=$(stat -c %s "$BACKUPS/binlog/$node/$file" 2>/dev/null || echo 0)
      echo "foobar_binlog_archive_behind_bytes{node=\"$node\"} $((pos > have ? pos - have : 0))"
    done
    echo "foobar_binlog_archive_checked_timestamp_seconds $(date +%s)"
  } | metrics foobar_backup
}

run() {
  local newest
  archive primary 901 &
  archive replica 902 &
  while true; do
    newest=$(backups | tail -1)
    if [[ -z $newest ]] || (($(date +%s) - $(stamp "$newest") >= INTERVAL)); then
      (backup_now) || log "the scheduled backup failed; tried again in 30 s"
    fi
    check || true
    sleep 30
  done
}

# The newest backup completed before TIME, verified file by file, copied to restore/ and started without network
# or grant tables (only this container's socket reaches it), then the writer's archived binlog replayed up to TIME;
# transactions the clone already holds are skipped by their GTIDs.
restore() {
  local until backup dir=$BACKUPS/restore start=$SECONDS bad
  until=$(date -ud "$1" +%s 2>/dev/null) || die "restore --to: '$1' is not a time (e.g. '2026-12-05 12:00:00' UTC)"
  backup=$(backups | while read -r b; do (($(stamp "$b") <= until)) && echo "$b"; done | tail -1)
  [[ -n $backup ]] || die "no backup was completed before $1: nothing to restore from"
  [[ -s $BACKUPS/full/$backup/SHA256SUMS ]] || die "$backup has no SHA256SUMS: an unfinished or damaged backup; nothing restored"
  bad=$(cd "$BACKUPS/full/$backup" && sha256sum --quiet --check SHA256SUMS 2>&1) \
    || die "backup $backup is corrupt or truncated, nothing restored: $(head -3 <<<"$bad" | tr '\n' ' ')"
  stop_restore
  rm -rf "$dir" && mkdir -p "$dir" && cp -a "$BACKUPS/full/$backup" "$dir/data"
  mysqld --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/error.log" --skip-networking --skip-grant-tables --skip-replica-start --disable-log-bin \
    --gtid-mode=ON --enforce-gtid-consistency=ON --daemonize >/dev/null || die "the restored copy did not start: $dir/error.log"
  # shellcheck disable=SC2046 # the archived files, in order
  TZ=UTC mysqlbinlog --stop-datetime="$(date -ud "@$until" '+%F %T')" $(find "$BACKUPS/binlog/$(writer)" -name 'binlog.[0-9]*' | sort) \
    | mysql --socket="$dir/mysqld.sock" || die "replaying the binlog failed: $dir/error.log"
  log "restored to $1 from $backup in $((SECONDS - start)) s: mysql --socket=$dir/mysqld.sock"
}
stop_restore() { [[ ! -s $BACKUPS/restore/mysqld.pid ]] || mysqladmin --socket="$BACKUPS/restore/mysqld.sock" shutdown || true; }

case ${1:-} in
  run) run ;;
  now) backup_now ;;
  restore) [[ ${2:-} == --to && -n ${3:-} ]] || die "usage: backup.sh restore --to 'YYYY-MM-DD HH:MM:SS'"; restore "$3" ;;
  stop-restore) stop_restore ;;
  *) die "usage: backup.sh run|now|restore --to TIME|stop-restore" ;;
esac
