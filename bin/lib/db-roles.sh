# shellcheck shell=bash
# Changing the roles of the two MariaDB nodes: the reader resuming, a promotion, a rebuild from a copy.

# db_resume_reader: replication on the reader, re-pointed first when it does not follow the writer's port (a
# changed port, or a former writer rejoining). A former writer with a transaction the new one never received
# cannot follow it (gtid_strict_mode): that is said, with the way out, not papered over.
db_resume_reader() {
  local reader
  reader=$(db_reader)
  if [[ $(db_slave_field "$reader" Master_Port) == "$(db_port "$(db_writer)")" ]]; then
    db_sql "$reader" "START SLAVE"
  else
    db_follow "$reader"
  fi
  retry 50 0.2 db_replicating "$reader" && return 0
  if [[ $(db_slave_field "$reader" Last_IO_Errno) == 1236 ]]; then
    die "$reader holds transactions the writer ($(db_writer)) never received, so it cannot follow it; it stays \
read-only. bin/foobar db rebuild $reader makes it a fresh copy of the writer (its own data is kept aside)"
  fi
  die "$reader does not replicate from $(db_writer): \
$(db_slave_status "$reader" | grep -E 'Last_(IO|SQL)_Error:' | tr -s ' ')"
}

# db_can_take_over NODE: NODE replicates and is at most 5 s behind; otherwise says why and fails.
db_can_take_over() {
  local lag
  db_replicating "$1" || { echo "$1 does not replicate"; return 1; }
  lag=$(db_slave_field "$1" Seconds_Behind_Master)
  if [[ ! $lag =~ ^[0-9]+$ ]] || ((lag > 5)); then echo "$1 is ${lag:-?} s behind"; return 1; fi
}

# db_promote: the reader becomes the writer.
# Writer alive (a switchover): the reader must be able to take over before anything is touched; then the writer
# is fenced (read_only), the reader catches up and the old writer follows the new one; nothing is lost. If the
# reader does not catch up, the old writer is made writable again: never no writer. Writer down (a failover): the
# reader first applies all it has received, which with semi-sync (AFTER_SYNC) is every acknowledged commit unless
# semi-sync had fallen back (FoobarSemiSyncOff). The old writer rejoins as the reader with `db start NODE`.
db_promote() {
  local old new pos why
  old=$(db_writer) new=$(db_reader)
  db_running "$new" || die "$new is not running: there is nothing to promote"
  if db_running "$old"; then
    why=$(db_can_take_over "$new") || die "switchover refused, nothing changed: $why (bin/foobar db status)"
    log "switchover: fencing $old (read_only), waiting for $new to apply everything"
    db_sql "$old" "SET GLOBAL read_only=ON"
    if ! db_wait_reader 30; then
      db_sql "$old" "SET GLOBAL read_only=OFF"
      die "switchover abandoned: $new did not catch up with $old in 30 s; $old is writable again"
    fi
  else
    log "failover: $old is down; $new applies everything it has received"
    pos=$(db_slave_field "$new" Gtid_IO_Pos)
    [[ $(db_sql "$new" "SELECT MASTER_GTID_WAIT('$pos', 60)") == 0 ]] || die "$new did not apply its relay log in 60 s"
    old=""
  fi
  db_sql "$new" "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only=OFF"
  echo "$new" >"$DB/writer"
  log "$new is the writer now"
  if [[ -n $old ]]; then db_resume_reader; fi
}

# db_rebuild NODE: NODE (never the writer) becomes a physical copy of the writer taken by mariadb-backup while
# the writer runs, and follows it from the copy's GTID. NODE's own data is moved aside, not deleted: it may hold
# the only copy of a commit the writer never received.
db_rebuild() {
  local node=$1 writer copy aside gtid
  writer=$(db_writer) copy="$DB/$node.copy" aside="$DB/$node.replaced-$(date -u +%Y%m%dT%H%M%SZ)"
  [[ $node != "$writer" ]] || die "$node is the writer: only the reader can be rebuilt"
  db_running "$writer" || die "the writer ($writer) is not running: there is nothing to copy"
  db_stop "$node"
  log "copying $writer into $node with mariadb-backup (log: $DB/rebuild.log)"
  as_root rm -rf "$copy"
  as_root mariadb-backup --defaults-file="$(db_dir "$writer")/my.cnf" --user=root --backup --target-dir="$copy" \
    >"$DB/rebuild.log" 2>&1 || die "mariadb-backup could not copy $writer: see $DB/rebuild.log"
  as_root mariadb-backup --prepare --target-dir="$copy" >>"$DB/rebuild.log" 2>&1 \
    || die "mariadb-backup could not prepare the copy: see $DB/rebuild.log"
  gtid=$(as_root sh -c 'cat "$1"/*backup_binlog_info' sh "$copy" | awk '{ print $3 }')
  [[ -n $gtid ]] || die "the copy of $writer names no GTID: see $DB/rebuild.log"
  as_root mv "$(db_dir "$node")/data" "$aside" && as_root mv "$copy" "$(db_dir "$node")/data"
  db_start "$node"
  # Its binlog starts at the copy's GTID, so a node that later follows this one can start from there too.
  db_sql "$node" "RESET MASTER; SET GLOBAL gtid_binlog_state='$gtid'"
  db_follow "$node"
  retry 50 0.2 db_replicating "$node" || die "$node does not replicate from $writer after the rebuild"
  db_wait_reader 60 || die "$node did not catch up with $writer in 60 s"
  log "$node is a copy of $writer from $gtid and replicates; its former data is in $aside"
}
