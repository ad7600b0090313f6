# shellcheck shell=bash
# Backups with point-in-time recovery: physical copies of the reader (mariadb-backup), every node's binlog streamed
# to an archive outside the database's directory, and a restore to any moment into a scratch instance. The figures
# the alerts read go to node-exporter's textfile directory.

BACKUPS="${FOOBAR_BACKUP_DIR:-$STATE/backups}"
: "${FOOBAR_BACKUP_KEEP:=7}"          # full backups kept; binlogs older than the oldest kept one are pruned
: "${FOOBAR_BACKUP_INTERVAL:=86400}"  # seconds between scheduled backups
TEXTFILES="${FOOBAR_TEXTFILE_DIR:-$STATE/textfile}" # compose: a volume node-exporter mounts

# textfile_metrics NAME: the samples on standard input become NAME.prom in node-exporter's textfile directory,
# replaced whole (node-exporter never reads half a file).
textfile_metrics() {
  mkdir -p "$TEXTFILES"
  cat >"$TEXTFILES/.$1.tmp" && chmod 644 "$TEXTFILES/.$1.tmp" && mv "$TEXTFILES/.$1.tmp" "$TEXTFILES/$1.prom"
}

# db_backup: a prepared, checksummed copy of the reader (of the writer when the reader is down) in
# $BACKUPS/full/TIME, TIME the moment it was complete (its data is from before then): until renamed from its
# .partial name, with SHA256SUMS written last, it is no backup.
db_backup() {
  local node dir work name out start=$SECONDS
  node=$(db_reader)
  db_running "$node" || node=$(db_writer)
  dir="$BACKUPS/full" work="$BACKUPS/full/$(date -u +%Y%m%dT%H%M%SZ).partial"
  out="$work.log"
  as_root mkdir -p "$dir" && as_root rm -rf "$work"
  log "backing up $node with mariadb-backup (log: $out)"
  as_root mariadb-backup --defaults-file="$(db_dir "$node")/my.cnf" --user=root --backup --target-dir="$work" \
    >"$out" 2>&1 || die "mariadb-backup could not copy $node: see $out"
  as_root mariadb-backup --prepare --target-dir="$work" >>"$out" 2>&1 \
    || die "mariadb-backup could not prepare the copy: see $out"
  as_root sh -c 'cd "$1" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum >SHA256SUMS' sh "$work"
  name=$(date -u +%Y%m%dT%H%M%SZ)
  as_root mv "$work" "$dir/$name" && as_root rm -f "$out"
  textfile_metrics foobar_backup <<EOF
foobar_backup_size_bytes $(as_root du -sb "$dir/$name" | cut -f1)
foobar_backup_duration_seconds $((SECONDS - start))
EOF
  log "backup $name of $node: $(as_root du -sh "$dir/$name" | cut -f1) in $((SECONDS - start)) s"
  backup_prune
}

# Keeps the newest FOOBAR_BACKUP_KEEP backups, and the archived binlogs written since the oldest of them began.
backup_prune() {
  local old oldest
  mapfile -t old < <(backup_list | head -n -"$FOOBAR_BACKUP_KEEP")
  ((${#old[@]})) && as_root rm -rf "${old[@]/#/$BACKUPS/full/}"
  oldest=$(backup_list | head -1)
  # A file last written before that backup began holds nothing a restore from it replays.
  [[ -n $oldest ]] && as_root find "$BACKUPS/binlog" -type f ! -newermt "$(backup_time "$oldest") UTC" -delete 2>/dev/null
  return 0
}

backup_list() { [[ ! -d $BACKUPS/full ]] || find "$BACKUPS/full" -mindepth 1 -maxdepth 1 -type d -name '*Z' -printf '%f\n' 2>/dev/null | sort; }
backup_time() { sed -E 's/^(....)(..)(..)T(..)(..)(..)Z$/\1-\2-\3 \4:\5:\6/' <<<"$1"; }

# run_binlog_archiver NODE: streams NODE's binlog into $BACKUPS/binlog/NODE as it is written (supervisord's child),
# from the newest file archived, or the oldest NODE still has. Over the unix socket as the mysql user: it owns
# the binlogs already, so it gains nothing, and no password is needed. Server id 900: a replica id of neither node.
# A node whose binlog began anew (db rebuild: RESET MASTER) no longer has the newest archived file: the archive so
# far is moved into a folder of its own, never overwritten by the new files of the same names.
run_binlog_archiver() {
  local node=$1 dir first logs
  dir="$BACKUPS/binlog/$node"
  [[ $node =~ ^(primary|replica)$ ]] || die "no such database node: $node"
  while true; do
    if db_ping "$node"; then
      logs=$(db_sql "$node" "SHOW BINARY LOGS" | awk '{ print $1 }')
      first=$(as_root find "$dir" -maxdepth 1 -name 'binlog.[0-9]*' -printf '%f\n' 2>/dev/null | sort | tail -1 || true)
      if [[ -n $first ]] && ! grep -qxF "$first" <<<"$logs"; then
        log "$node's binlog no longer has $first (begun anew): the archive so far moves to $dir/before-$(date -u +%Y%m%dT%H%M%SZ)"
        as_root sh -c 'mkdir "$1/before-$2" && mv "$1"/binlog.[0-9]* "$1/before-$2/"' sh "$dir" "$(date -u +%Y%m%dT%H%M%SZ)"
        first=""
      fi
      [[ -n $first ]] || first=$(head -1 <<<"$logs")
      as_root install -d -o mysql -g mysql "$BACKUPS/binlog" "$dir"
      (cd "$dir" && as_root runuser -u mysql -- mariadb-binlog --no-defaults \
        --socket="$(db_dir "$node")/mysqld.sock" --read-from-remote-server --raw --stop-never \
        --stop-never-slave-server-id=900 --result-file="$dir/" "$first") || true
    fi
    sleep 1
  done
}

# backup_check: when the newest backup was completed (0: none yet), and how far each running node's archive is
# behind its binlog, in bytes (the file it writes now against the archived copy of that file): what
# FoobarBackupTooOld and FoobarBinlogArchiveBehind read.
backup_check() {
  local node file pos have newest
  newest=$(backup_list | tail -1)
  {
    echo "foobar_backup_last_success_timestamp_seconds $(if [[ -n $newest ]]; then date -ud "$(backup_time "$newest")" +%s; else echo 0; fi)"
    for node in primary replica; do
      db_ping "$node" || continue
      read -r file pos < <(db_sql "$node" "SHOW MASTER STATUS" | awk '{ print $1, $2 }')
      have=$(stat -c %s "$BACKUPS/binlog/$node/$file" 2>/dev/null || echo 0)
      echo "foobar_binlog_archive_behind_bytes{node=\"$node\"} $((pos > have ? pos - have : 0))"
    done
    echo "foobar_binlog_archive_checked_timestamp_seconds $(date +%s)"
  } | textfile_metrics foobar_binlog_archive
}

# log_store_prune: the log collector's days (logs/collector.conf.template) older than FOOBAR_LOG_KEEP_DAYS go.
: "${FOOBAR_LOG_KEEP_DAYS:=30}"
log_store_prune() {
  local cutoff day
  cutoff=$(date -ud "-$FOOBAR_LOG_KEEP_DAYS days" +%F)
  for day in "$STATE"/logstore/????-??-??; do
    if [[ -d $day && ${day##*/} < $cutoff ]]; then rm -rf "$day"; fi
  done
}

# run_backup_scheduler: supervisord's child; a backup when the newest is FOOBAR_BACKUP_INTERVAL old (or there is
# none), the archive checked every 30 s. A failed backup is logged and tried again at the next check; its alert
# (FoobarBackupTooOld) fires if none succeeds. The other housekeeping of the stack's data rides along: the log
# store's old days.
run_backup_scheduler() {
  local newest
  while true; do
    newest=$(backup_list | tail -1)
    if [[ -z $newest ]] || (($(date +%s) - $(date -ud "$(backup_time "$newest")" +%s) >= FOOBAR_BACKUP_INTERVAL)); then
      (db_backup) || log "the scheduled backup failed; it is tried again in 30 s"
    fi
    backup_check || true
    log_store_prune
    sleep 30
  done
}

# backup_verify DIR: every file of the backup as its SHA256SUMS lists it; a missing list (an unfinished copy), a
# changed or truncated file, or a missing one refuses the backup with the files named.
backup_verify() {
  local bad
  as_root test -s "$1/SHA256SUMS" || die "$1 has no SHA256SUMS: an unfinished or damaged backup; nothing restored"
  bad=$(as_root sh -c 'cd "$1" && sha256sum --quiet --check SHA256SUMS 2>&1' sh "$1") \
    || die "backup $1 is corrupt or truncated, nothing restored: $(head -3 <<<"$bad" | tr '\n' ' ')"
}

# db_restore TIME: the data as it was just before TIME (UTC), in a scratch instance "restore" ($DB/restore, on its
# socket only; `db sql restore SQL`, `db stop restore`): the newest backup completed before TIME, verified, then
# the writer's archived binlog replayed from the backup's GTID up to TIME. The live nodes are not touched.
db_restore() {
  local to=$1 until backup dir="$DB/restore" writer gtid start=$SECONDS
  until=$(date -ud "$to" +%s 2>/dev/null) || die "db restore --to: '$to' is not a time (e.g. '2026-12-05 12:00:00' UTC)"
  backup=$(backup_list | while read -r b; do (($(date -ud "$(backup_time "$b")" +%s) <= until)) && echo "$b"; done | tail -1)
  [[ -n $backup ]] || die "no backup was completed before $to: nothing to restore from (bin/foobar db backup)"
  backup_verify "$BACKUPS/full/$backup"
  writer=$(db_writer)
  # A moment just past: the archive first takes in what the writer has written up to now.
  if db_running "$writer"; then retry 50 0.2 backup_caught_up "$writer" || die "the binlog archive of $writer is behind"; fi
  db_stop restore
  as_root rm -rf "$dir" && mkdir -p "$dir" && as_root cp -a "$BACKUPS/full/$backup" "$dir/data"
  DIR=$dir render "$ROOT/mysql/mariadb/restore.cnf" "$dir/my.cnf" '${DIR}'
  as_root chown -R mysql:mysql "$dir"
  db_launch restore
  gtid=$(as_root sh -c 'cat "$1"/*backup_binlog_info' sh "$dir/data" | awk '{ print $3 }')
  log "restoring backup $backup, then $writer's binlog from GTID $gtid up to $to"
  # shellcheck disable=SC2046 # the archived files, in order
  TZ=UTC as_root mariadb-binlog --no-defaults --start-position="$gtid" --stop-datetime="$(date -ud "@$until" '+%F %T')" \
    $(find "$BACKUPS/binlog/$writer" -maxdepth 1 -name 'binlog.[0-9]*' | sort) | db_sql_stdin restore \
    || die "replaying the binlog into the restored copy failed: see $dir/error.log"
  log "restored to $to in $((SECONDS - start)) s: bin/foobar db sql restore SQL; bin/foobar db stop restore"
}

backup_caught_up() { backup_check && grep -q "node=\"$1\"} 0$" "$TEXTFILES/foobar_binlog_archive.prom"; }
