# shellcheck shell=bash
# bin/foobar bench: every page a visitor reaches, through the edge with wrk, at each data set size: uncached
# (each request its own address, so a replica renders it) and, for anonymous pages, from the edge's micro-cache.
# Per run: req/s, p50, p99, and per request the replicas' CPU, the databases' CPU and the statements the
# databases received, and the replicas' resident memory after the runs and after the overload burst. A benchmark:
# it prints figures and judges nothing, except that a failed request fails it.
# bench/report.py turns the runs into a table, JSON and a chart; `bench --smoke` is the test command's short run.

: "${FOOBAR_BENCH_WARMUP:=300}"      # seconds before the first run: three JVMs on two cores take minutes to compile their hot code
: "${FOOBAR_BENCH_PASSES:=3}"        # runs of each page and mode at each size, the sizes taking turns (bench_interleaved)
: "${FOOBAR_BENCH_PAGE_WARMUP:=5}"   # seconds on each page before it is measured
: "${FOOBAR_BENCH_DURATION:=15}"     # seconds per measured run
: "${FOOBAR_BENCH_CONNECTIONS:=32}"
: "${FOOBAR_BENCH_SIZES:=1000 1000000}" # posts, with 10,000 accounts each time
: "${FOOBAR_BENCH_BURST:=400}"       # connections of the overload burst: more than ten times the bench's

bench() {
  local smoke=false size
  if [[ ${1:-} == --burst ]]; then
    # One burst, its figures on stdout (OverloadStackIT drives it): bench --burst CONNECTIONS SECONDS
    ensure_packages wrk
    burst_load "$2" "$3"
    return
  fi
  if [[ ${1:-} == --smoke ]]; then
    # Proves the bench runs and fails on a failed request: seconds on the data there is; it measures nothing.
    smoke=true
    local FOOBAR_BENCH_WARMUP=2 FOOBAR_BENCH_PAGE_WARMUP=0 FOOBAR_BENCH_DURATION=2 FOOBAR_BENCH_CONNECTIONS=4
    local FOOBAR_BENCH_BURST=100
  fi
  alive "$STATE/run/supervisord.pid" || die "the stack is not running: run bin/foobar up first"
  ensure_packages wrk gnuplot-nox python3
  BENCH_DIR="$STATE/bench" && mkdir -p "$BENCH_DIR" && : >"$BENCH_DIR/runs.jsonl" && : >"$BENCH_DIR/bursts.jsonl"
  : >"$BENCH_DIR/memory.jsonl"
  bench_unpark
  bench_account
  if $smoke; then
    bench_warmup "$FOOBAR_BENCH_WARMUP"
    bench_pages "$(seed_sql "SELECT COUNT(*) FROM post")" 1
  else
    bench_sizes
    log "bench: restarting the replicas, so that every run starts from JVMs of the same age"
    restart_apps
    for size in "${BENCH_SIZES[@]}"; do bench_swap "$size" && bench_warmup $((FOOBAR_BENCH_WARMUP / ${#BENCH_SIZES[@]})); done
    bench_interleaved
    bench_memory "the runs"
    bench_unpark
  fi
  bench_burst
  bench_memory "the overload burst"
  python3 "$ROOT/bench/report.py" "$BENCH_DIR" "wrk -t2 -c$FOOBAR_BENCH_CONNECTIONS -d${FOOBAR_BENCH_DURATION}s, $(nproc) cores"
}

# A visitor of our own, signed up and in through the site (as a person would), with one post to edit.
bench_account() {
  local handle csrf
  handle="bench_$(openssl rand -hex 4)"
  (umask 077 && openssl rand -hex 16 >"$BENCH_DIR/password")
  rm -f "$BENCH_DIR/cookies"
  csrf=$(bench_curl /signup | bench_csrf)
  bench_curl /signup -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "handle=$handle" \
    --data-urlencode "email=$handle@example.com" --data-urlencode "password@$BENCH_DIR/password" \
    --data-urlencode "confirmPassword@$BENCH_DIR/password"
  csrf=$(bench_curl /login | bench_csrf)
  bench_curl /login -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "username=$handle" \
    --data-urlencode "password@$BENCH_DIR/password"
  csrf=$(bench_curl /posts/new | bench_csrf)
  BENCH_POST=$(bench_curl /posts/new -o /dev/null -w '%{redirect_url}' --data-urlencode "_csrf=$csrf" \
    --data-urlencode "title=The bench's own post" --data-urlencode "body=To be *edited*." -d format=MARKDOWN)
  BENCH_POST=${BENCH_POST##*/posts/}
  [[ $BENCH_POST =~ ^[0-9]+$ ]] || die "bench: could not sign up, sign in and post through the site"
  BENCH_COOKIE="__Host-foobar_session=$(awk '$6 == "__Host-foobar_session" { print $7 }' "$BENCH_DIR/cookies")"
}

# From an address of its own on loopback: nginx limits sign-in and sign-up POSTs per address, and the tests
# that ran just before the smoke run may have spent 127.0.0.1's allowance.
bench_curl() {
  local path=$1
  shift
  curl -fsS --interface 127.0.0.9 --cacert "$PKI/edge-ca.crt" --resolve "www.foobar.com:$FOOBAR_HTTPS_PORT:127.0.0.1" \
    -b "$BENCH_DIR/cookies" -c "$BENCH_DIR/cookies" "$@" "https://www.foobar.com:$FOOBAR_HTTPS_PORT$path"
}

bench_csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }

# bench_page_list MID: every page, its path and its modes, the first the one a replica renders (uncached or
# signed-in); MID is the post half-way down (bench_mid).
bench_page_list() {
  echo "home / uncached cached
older-page /?before=$1 uncached cached
author-200k /authors/seed_1 uncached cached
post-page /posts/$1 uncached cached
signed-in-home / signed-in
edit-form /posts/$BENCH_POST/edit signed-in"
}

# bench_warmup SECONDS: every page at once on the data there is, as a site's mixed traffic does: code the JIT
# compiled while one page alone was requested is compiled again once the others arrive, and the page measured
# first paid for that.
bench_warmup() {
  local page path modes count share pages
  log "bench: warming up on every page at once for ${1}s"
  pages=$(bench_page_list "$(bench_mid)") # bench_mid counts the seeded posts: once
  count=$(wc -l <<<"$pages")
  share=$(((FOOBAR_BENCH_CONNECTIONS + count - 1) / count)) && ((share >= 2)) || share=2 # wrk: a connection per thread
  while read -r page path modes; do
    FOOBAR_BENCH_CONNECTIONS=$share bench_load "$path" 1 "$1" "$BENCH_DIR/warmup.jsonl" "${modes%% *}" &
  done <<<"$pages"
  wait
}

# bench_pages SIZE PASS: every page in each of its modes, on the data there is.
bench_pages() {
  local page path modes mode
  while read -r page path modes; do
    for mode in $modes; do bench_run "$1" "$2" "$page" "$path" "$mode"; done
  done < <(bench_page_list "$(bench_mid)")
}

# bench_sizes: the largest of FOOBAR_BENCH_SIZES seeded into post, and each smaller data set beside it in a table of
# its own (bench_post_N: the same accounts, the posts nobody seeded, and the seed's N posts), so that one atomic
# RENAME (bench_swap) puts any size in place in a second, where seeding one took minutes and a gigabyte of binlog.
bench_sizes() {
  local size
  read -ra BENCH_SIZES <<<"$FOOBAR_BENCH_SIZES"
  mapfile -t BENCH_SIZES < <(printf '%s\n' "${BENCH_SIZES[@]}" | sort -n)
  [[ ${#BENCH_SIZES[@]} -gt 0 && ! ${BENCH_SIZES[*]} =~ [^0-9\ ] ]] || die "FOOBAR_BENCH_SIZES: numbers of posts, e.g. \"1000 1000000\""
  seed --posts "${BENCH_SIZES[-1]}" --accounts 10000
  BENCH_LIVE=${BENCH_SIZES[-1]}
  trap bench_unpark EXIT # never leave a copy in the place of the site's own table
  declare -gA BENCH_MID=(["$BENCH_LIVE"]="$(bench_mid)")
  for size in "${BENCH_SIZES[@]::${#BENCH_SIZES[@]}-1}"; do
    log "bench: a data set of $size posts beside it"
    seed_sql "CREATE TABLE bench_post_$size LIKE post; INSERT INTO bench_post_$size SELECT * FROM post WHERE author_id
      IN (SELECT id FROM account WHERE email NOT LIKE '%@seed.invalid')"
    seed_posts "bench_post_$size" "$size" 10000
    bench_swap "$size" && BENCH_MID[$size]=$(bench_mid)
  done
}

# bench_swap SIZE: the data set of SIZE posts in post's place, on both nodes (BENCH_LIVE: the one there now).
bench_swap() {
  [[ $1 != "$BENCH_LIVE" ]] || return 0
  seed_sql "RENAME TABLE post TO bench_post_$BENCH_LIVE, bench_post_$1 TO post"
  BENCH_LIVE=$1 && seed_wait_reader
}

# bench_unpark: the site's own post table back in its place (the one with the foreign key: CREATE TABLE ... LIKE
# copies none), the copies dropped; also after a bench that was killed.
bench_unpark() {
  local own copies
  own=$(seed_sql "SELECT TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS
    WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'bench\\_post\\_%'")
  [[ -z $own ]] || seed_sql "RENAME TABLE post TO bench_post_out, $own TO post"
  copies=$(seed_sql "SELECT GROUP_CONCAT(TABLE_NAME) FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'bench\\_post\\_%'")
  [[ $copies == NULL || -z $copies ]] || seed_sql "DROP TABLE $copies"
  seed_wait_reader
}

# bench_interleaved: each page and mode FOOBAR_BENCH_PASSES times at each size, the sizes taking turns run by
# run, in reverse order every other pass (1k, 1M, then 1M, 1k). The same page on the same data moves by 20 % and
# more from one 15 s run to the next here (three JVMs, two databases, nginx and wrk on two cores); sizes measured
# minutes apart compared that drift, not the sizes. report.py pools each figure over its passes and shows their
# range.
bench_interleaved() {
  local pass i count page path modes mode size order
  count=$(bench_page_list 0 | wc -l)
  for ((pass = 1; pass <= FOOBAR_BENCH_PASSES; pass++)); do
    order=("${BENCH_SIZES[@]}")
    ((pass % 2 == 1)) || mapfile -t order < <(printf '%s\n' "${BENCH_SIZES[@]}" | sort -rn)
    log "bench: pass $pass of $FOOBAR_BENCH_PASSES (${order[*]} posts in turn)"
    for ((i = 1; i <= count; i++)); do
      read -r page path modes < <(bench_page_list 0 | sed -n "${i}p")
      for mode in $modes; do
        for size in "${order[@]}"; do
          bench_swap "$size"
          read -r page path modes < <(bench_page_list "${BENCH_MID[$size]}" | sed -n "${i}p")
          bench_run "$size" "$pass" "$page" "$path" "$mode"
        done
      done
    done
  done
}

# bench_mid: a post half-way down, for its page and the list older than it. Of the seeded ones, the one nearest
# the middle whose body is as long as that of the middle one of a thousand (the seed's lengths repeat every 600
# posts): a page compared across sizes renders the same amount of text. Any post half-way down without a seed.
bench_mid() {
  local count seq id=""
  count=$(seed_sql "SELECT COUNT(*) FROM post p JOIN account a ON a.id = p.author_id WHERE a.email LIKE '%@seed.invalid'")
  if ((count >= 1000)); then
    seq=$((count / 2 - (count / 2 - 500) % 600))
    id=$(seed_post_id "$seq")
  fi
  # ids have gaps where a data set was removed
  [[ -n $id ]] || id=$(seed_sql "SELECT id FROM post WHERE id >= (SELECT (MIN(id) + MAX(id)) DIV 2 FROM post) ORDER BY id LIMIT 1")
  echo "$id"
}

# bench_run SIZE PASS PAGE PATH MODE: one measured run, appended to runs.jsonl with the counters around it.
bench_run() {
  local size=$1 pass=$2 page=$3 path=$4 mode=$5 unique=1 before after cookie=()
  [[ $mode == cached ]] && unique=0
  # Anonymous pages are checked without the bench account's cookie, signed-in ones with it.
  [[ $mode == signed-in ]] && cookie=(-b "$BENCH_DIR/cookies")
  [[ $(curl -sS -o /dev/null -w '%{http_code}' --cacert "$PKI/edge-ca.crt" ${cookie[@]+"${cookie[@]}"} \
    --resolve "www.foobar.com:$FOOBAR_HTTPS_PORT:127.0.0.1" "https://www.foobar.com:$FOOBAR_HTTPS_PORT$path") == 200 ]] \
    || die "bench: $page ($path, $mode) does not answer 200"
  ((FOOBAR_BENCH_PAGE_WARMUP == 0)) || bench_load "$path" "$unique" "$FOOBAR_BENCH_PAGE_WARMUP" "$BENCH_DIR/warmup.jsonl" "$mode"
  before=$(bench_counters)
  bench_load "$path" "$unique" "$FOOBAR_BENCH_DURATION" "$BENCH_DIR/run.json" "$mode"
  after=$(bench_counters)
  printf '{"posts":%s,"pass":%s,"page":"%s","path":"%s","mode":"%s","wrk":%s,"before":%s,"after":%s}\n' "$size" \
    "$pass" "$page" "$path" "$mode" "$(tail -1 "$BENCH_DIR/run.json")" "$before" "$after" >>"$BENCH_DIR/runs.jsonl"
  printf '    %-15s %-10s %s\n' "$page" "$mode" "$(tail -1 "$BENCH_DIR/run.json")" >&2
}

# bench_load PATH UNIQUE SECONDS OUT [MODE]
bench_load() {
  local cookie=()
  [[ ${5:-} == signed-in ]] && cookie=(-H "Cookie: $BENCH_COOKIE")
  FOOBAR_BENCH_UNIQUE=$2 FOOBAR_BENCH_OUT=$4 wrk -t2 "-c$FOOBAR_BENCH_CONNECTIONS" "-d${3}s" --timeout 10s \
    -s "$ROOT/bench/page.lua" -H "Host: www.foobar.com" ${cookie[@]+"${cookie[@]}"} \
    "https://127.0.0.1:$FOOBAR_HTTPS_PORT$1" >/dev/null
}

# CPU clock ticks of the replicas' JVMs and of both mariadbd, and the statements both databases received.
bench_counters() {
  local apps=() dbs=() n node questions=0
  for n in 1 2 3; do apps+=("$(supervisorctl_ pid "app-$n")"); done
  for node in primary replica; do
    dbs+=("$(cat "$(db_dir "$node")/foobar.pid")")
    questions=$((questions + $(db_sql "$node" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
      WHERE VARIABLE_NAME = 'QUESTIONS'")))
  done
  printf '{"app_ticks":%d,"db_ticks":%d,"questions":%d}' "$(bench_ticks "${apps[@]}")" "$(bench_ticks "${dbs[@]}")" \
    "$questions"
}

# bench_memory WHEN: the replicas' resident set sizes (VmRSS, MB), a line of memory.jsonl.
bench_memory() {
  local n rss=()
  for n in 1 2 3; do rss+=("$(awk '$1 == "VmRSS:" { print int($2 / 1024) }' "/proc/$(supervisorctl_ pid "app-$n")/status")"); done
  printf '{"after":"%s","rss_mb":[%s]}\n' "$1" "$(IFS=,; echo "${rss[*]}")" >>"$BENCH_DIR/memory.jsonl"
  printf '    replicas resident after %s: %s MB\n' "$1" "${rss[*]}" >&2
}

# utime + stime: fields 14 and 15 of /proc/PID/stat (the command names here have no spaces).
bench_ticks() {
  local pid sum=0
  for pid; do sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done
  echo "$sum"
}

# Overload: the home page, uncached, at the bench's connections and then at FOOBAR_BENCH_BURST, and once more at the
# bench's right after; the answers sorted into served, refused (503/429 with Retry-After), 502/504 and timed out.
bench_burst() {
  local connections
  for connections in "$FOOBAR_BENCH_CONNECTIONS" "$FOOBAR_BENCH_BURST" "$FOOBAR_BENCH_CONNECTIONS"; do
    printf '{"connections":%d,"wrk":%s}\n' "$connections" "$(burst_load "$connections" "$FOOBAR_BENCH_DURATION")" \
      >>"$BENCH_DIR/bursts.jsonl"
    printf '    burst %5d connections: %s\n' "$connections" "$(tail -1 "$BENCH_DIR/bursts.jsonl")" >&2
  done
}

# burst_load CONNECTIONS SECONDS: one JSON line of figures on stdout. A request counts as timed out after 5 s.
burst_load() {
  local out
  out=$(mktemp)
  FOOBAR_BENCH_OUT=$out wrk -t2 "-c$1" "-d${2}s" --timeout 5s -s "$ROOT/bench/burst.lua" -H "Host: www.foobar.com" \
    "https://127.0.0.1:$FOOBAR_HTTPS_PORT/" >/dev/null
  cat "$out" && rm -f "$out"
}
