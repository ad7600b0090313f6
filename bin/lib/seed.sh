# shellcheck shell=bash
# bin/foobar seed: a realistic data set written straight into the writer with bulk SQL (not through the site),
# so tests and the benchmark measure pages at real size. Seeded accounts are the ones with an address at
# seed.invalid; they cannot sign in (their password hash has no known password) and `seed --remove` deletes them
# and their posts. The statements are MariaDB's (its seq_ tables); the reader gets everything by replication.

SEED_CHUNK=50000 # posts per statement: one transaction each, so binlog events and semi-sync waits stay small

seed() {
  local posts=1000000 accounts=10000
  while (($#)); do
    case $1 in
      --posts) posts=${2:?}; shift 2 ;;
      --accounts) accounts=${2:?}; shift 2 ;;
      --remove) seed_remove; return ;;
      *) die "usage: bin/foobar seed [--posts N] [--accounts M] | seed --remove" ;;
    esac
  done
  [[ $posts =~ ^[0-9]+$ && $accounts =~ ^[0-9]+$ ]] || die "seed: N and M are whole numbers"
  ((accounts >= 2)) || die "seed: at least 2 accounts (one of them writes every few posts)"
  db_running "$(db_writer)" || die "the writer is not running: bin/foobar db up (or up) first"
  local have
  have=$(seed_sql "SELECT (SELECT COUNT(*) FROM account WHERE email LIKE '%@seed.invalid'),
    (SELECT COUNT(*) FROM post p JOIN account a ON a.id = p.author_id WHERE a.email LIKE '%@seed.invalid')")
  if [[ $have == "$accounts"$'\t'"$posts" ]]; then
    log "already seeded: $accounts accounts, $posts posts"
  else
    [[ $have == $'0\t0' ]] || seed_remove
    seed_insert "$posts" "$accounts"
  fi
  seed_wait_reader
}

seed_sql() { db_sql "$(db_writer)" "USE \`$FOOBAR_DB_NAME\`; $1"; }

seed_insert() {
  local posts=$1 accounts=$2 start=$SECONDS hash
  # Well-formed bcrypt whose password nobody knows: seeded accounts exist to be read, never to sign in.
  hash="{bcrypt}\$2a\$10\$$(openssl rand -base64 96 | tr -dc 'A-Za-z0-9' | head -c 53)"
  log "seeding $accounts accounts and $posts posts into the writer ($(db_writer))"
  seed_sql "INSERT INTO account (handle, email, password_hash, created_at)
    SELECT CONCAT('seed_', seq), CONCAT('seed_', seq, '@seed.invalid'), '$hash', UTC_TIMESTAMP(6) - INTERVAL 4 YEAR
    FROM seq_1_to_$accounts"
  # posts.sql names authors by offset from the first seeded id: one INSERT ... SELECT numbers them contiguously.
  [[ $(seed_sql "SELECT MAX(id) - MIN(id) + 1 FROM account WHERE email LIKE '%@seed.invalid'") == "$accounts" ]] \
    || die "seed: the seeded accounts' ids are not contiguous (auto_increment settings?)"
  seed_posts post "$posts" "$accounts"
  log "seeded in $((SECONDS - start)) s"
}

# seed_posts TABLE N ACCOUNTS: the seed's N posts, by its ACCOUNTS accounts, into TABLE (post, or a copy the
# benchmark keeps beside it).
seed_posts() {
  local table=$1 posts=$2 accounts=$3 lo hi
  for ((lo = 1; lo <= posts; lo += SEED_CHUNK)); do
    hi=$((lo + SEED_CHUNK - 1 < posts ? lo + SEED_CHUNK - 1 : posts))
    seed_sql "SET @posts = $posts, @step = GREATEST(2, $posts DIV 200000),
      @first = (SELECT MIN(id) FROM account WHERE email LIKE '%@seed.invalid'), @others = $accounts - 1;
      INSERT INTO $table (author_id, title, body, format, created_at, updated_at)
      $(<"$ROOT/mysql/seed/posts.sql") FROM seq_${lo}_to_$hi s"
    printf '    %d of %d posts\n' "$hi" "$posts" >&2
  done
}

seed_remove() {
  local deleted=1
  log "removing the seeded accounts and their posts"
  while ((deleted > 0)); do
    deleted=$(seed_sql "DELETE FROM post WHERE author_id IN
      (SELECT id FROM account WHERE email LIKE '%@seed.invalid') LIMIT $SEED_CHUNK; SELECT ROW_COUNT()")
  done
  seed_sql "DELETE FROM account WHERE email LIKE '%@seed.invalid'"
  seed_wait_reader
}

# seed_post_id N: the id of the Nth seeded post (its title ends in #N). Seeded in order, so it lies at the first
# seeded id + N - 1 or a little after (the auto-increment gaps between seed statements): a short range read.
seed_post_id() {
  seed_sql "SELECT id FROM post WHERE id >= (SELECT MIN((SELECT MIN(id) FROM post WHERE author_id = a.id))
    FROM account a WHERE a.email LIKE '%@seed.invalid') + $1 - 1 AND title LIKE '% #$1' ORDER BY id LIMIT 1"
}

# Tests and the benchmark read from the reader: wait until it has applied everything the writer has.
seed_wait_reader() {
  local gtid
  db_running "$(db_reader)" || return 0
  gtid=$(db_sql "$(db_writer)" "SELECT @@gtid_binlog_pos")
  [[ $(db_sql "$(db_reader)" "SELECT MASTER_GTID_WAIT('$gtid', 600)") == 0 ]] || die "the reader did not catch up"
}
