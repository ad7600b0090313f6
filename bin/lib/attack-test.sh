#!/usr/bin/env bash
# An outside attacker's SQL injection, on the running test stack: sqlmap against every parameter of the pages and
# forms, anonymous and signed in (with the session and the form's CSRF token), straight at one app replica over
# TLS: through the edge, its per-address limits would answer sqlmap's flood with 429s and hide what the app does.
# Fails when sqlmap calls any parameter injectable, does not finish a target, or gets a server error. Left out:
# the sign-in and the password forms, where the app's own throttle answers every attempt after the twentieth alike
# (Spring Security and Spring Data's parameterised queries behind them; their throttling is tested in
# LoginThrottleTests).
set -Eeuo pipefail
# shellcheck source=load.sh
source "$(dirname "${BASH_SOURCE[0]}")/load.sh"

ensure_packages sqlmap
load_env "$ROOT/config/native.env" # the replicas' addresses
DIR=$STATE/attack
APP=https://$FOOBAR_APP_1
JAR=$DIR/cookies
rm -rf "$DIR" && mkdir -p "$DIR"

app_curl() { curl -fsS --cacert "$PKI/app-ca.crt" -b "$JAR" -c "$JAR" "$@"; }
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }

# attack NAME JAR SQLMAP-ARGS...: one sqlmap run with the cookies of curl's JAR (its CSRF token, and its session
# when signed in); the whole output in $DIR/NAME.log. Every request must have reached the page: a run refused
# (403: a CSRF token sqlmap did not carry) or sent to sign in tested nothing.
attack() {
  local name=$1 jar=$DIR/$1.cookies out=$DIR/$1.log
  sed 's/^#HttpOnly_//' "$2" >"$jar" # curl marks HttpOnly cookies as comments, which sqlmap would skip
  shift 2
  sqlmap --batch --disable-coloring --level 2 --risk 1 --technique BEU --timeout 10 --load-cookies "$jar" \
    --output-dir "$DIR/sqlmap" "$@" >"$out" 2>&1 || true
  if grep -qiE 'sqlmap identified the following injection point|parameter .* is vulnerable' "$out"; then
    die "sqlmap found an injection in $name: $out"
  fi
  grep -q 'do not appear to be injectable' "$out" || die "sqlmap did not finish $name: $out"
  ! grep -qE "40[13] \(|redirect to '[^']*/login'" "$out" || die "sqlmap's requests on $name were refused or sent to sign in: $out"
  # Bad input gets a page that says what is wrong, never a server error.
  ! grep -qE "\b5[0-9]{2} \(" "$out" || die "the app answered sqlmap on $name with a server error: $out"
  log "ok: $name: $(grep -c 'testing ' "$out") tests, nothing injectable"
}

# Forms carry `_csrf=x`: sqlmap replaces it on every request with the token of a fresh copy of the form.
# An anonymous visitor's cookies (the CSRF token), then an account of the attacker's own, signed in, with a post.
app_curl "$APP/signup" -o /dev/null
cp "$JAR" "$DIR/anonymous.jar"
handle=sqlmap_$((RANDOM * RANDOM % 1000000))
password="sqlmap own long passphrase"
app_curl "$APP/signup" -o "$DIR/form.html"
app_curl "$APP/signup" -o /dev/null --data-urlencode "_csrf=$(csrf <"$DIR/form.html")" -d "handle=$handle" \
  -d "email=$handle@example.com" --data-urlencode "password=$password" --data-urlencode "confirmPassword=$password"
app_curl "$APP/login" -o "$DIR/form.html"
app_curl "$APP/login" -o /dev/null --data-urlencode "_csrf=$(csrf <"$DIR/form.html")" -d "username=$handle" \
  --data-urlencode "password=$password"
app_curl "$APP/posts/new" -o "$DIR/form.html"
post=$(app_curl "$APP/posts/new" -o /dev/null -w '%{redirect_url}' --data-urlencode "_csrf=$(csrf <"$DIR/form.html")" \
  -d "title=A post to attack" -d "body=Its body." -d format=PLAIN)
post=${post##*/posts/}
[[ $post =~ ^[0-9]+$ ]] || die "attack: could not sign up, sign in and post on $APP"
grep -q __Host-foobar_session "$JAR" || die "attack: no session after signing in on $APP"

log "sqlmap against $APP (logs in $DIR)"
attack pager "$JAR" -u "$APP/?before=$post&after=1" -p before,after
attack old-pager "$JAR" -u "$APP/?page=0" -p page
attack post-page "$JAR" -u "$APP/posts/$post*"
attack author-page "$JAR" -u "$APP/authors/$handle*"
attack signup "$DIR/anonymous.jar" -u "$APP/signup" --csrf-token=_csrf --csrf-url="$APP/signup" \
  --data "_csrf=x&handle=x_sqlmap&email=x@example.com&password=another+long+passphrase&confirmPassword=another+long+passphrase"
attack reset "$DIR/anonymous.jar" -u "$APP/reset" --csrf-token=_csrf --csrf-url="$APP/reset" \
  --data "_csrf=x&handle=x_sqlmap&code=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&password=another+long+passphrase&confirmPassword=another+long+passphrase"
attack new-post "$JAR" -u "$APP/posts/new" --csrf-token=_csrf --csrf-url="$APP/posts/new" \
  --data "_csrf=x&title=T&body=B&format=PLAIN"
attack edit-post "$JAR" -u "$APP/posts/$post/edit" --csrf-token=_csrf --csrf-url="$APP/posts/$post/edit" \
  --data "_csrf=x&title=T&body=B&format=MARKDOWN"
attack sessions "$JAR" -u "$APP/account/sessions/end" --csrf-token=_csrf --csrf-url="$APP/account" \
  --data "_csrf=x&ref=0000000000000000&currentPassword=sqlmap+own+long+passphrase" -p ref

# wapiti: a crawling scanner (XSS, injections, CRLF, open redirects, file and command execution, CSRF tokens,
# cookie flags, security headers), signed in as the same account. Sign-out, ending sessions and deleting the post
# are left out: they would end the session or remove what it crawls. Fails on any vulnerability or anomaly (a 5xx
# answer, a timeout) in its report.
ensure_packages wapiti
python3 - "$JAR" "$DIR/wapiti-cookies.json" <<'PY'
import json, sys
cookies = {}
for line in open(sys.argv[1]):
    fields = line.removeprefix("#HttpOnly_").rstrip("\n").split("\t")
    if len(fields) == 7 and not line.startswith("# "):
        cookies[fields[5]] = {"value": fields[6], "expires": None, "secure": True, "port": None, "version": 0}
json.dump({"127.0.0.1": {"/": cookies}}, open(sys.argv[2], "w"))
PY
# Debian's wapiti 3.0.4 builds its exclusion patterns with a trailing inline flag, which Python 3.11 refuses: the
# same patterns with the flag in front.
wapiti_() {
  /usr/bin/python3 - "$@" <<'PY' # Debian's Python, where its wapiti is
import re, sys
import wapitiCore.net.crawler as crawler
from wapitiCore.main.wapiti import wapiti_main
crawler.wildcard_translate = lambda pattern: re.compile("(?ms)" + ".*".join(map(re.escape, pattern.split("*"))) + r"\Z")
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
PY
}
# Every module but those that need the internet (ssrf, wapp, nikto) and the brute-forcers (buster, and
# brute_login_form, which the sign-in throttle answers alike after the twentieth try).
WAPITI_MODULES=backup,blindsql,cookieflags,crlf,csp,csrf,exec,file,htaccess,http_headers,methods,permanentxss,redirect,shellshock,sql,xss,xxe
log "wapiti against $APP, signed in (report in $DIR/wapiti.json)"
wapiti_ --url "$APP/" --scope folder --cookie "$DIR/wapiti-cookies.json" --flush-session \
  --store-session "$DIR/wapiti-session" --store-config "$DIR/wapiti-config" \
  -x "$APP/logout" -x "$APP/account/sessions/end" -x "$APP/posts/$post/delete" \
  -m "$WAPITI_MODULES" --max-links-per-page 10 --max-scan-time 120 --max-attack-time 40 --timeout 10 \
  -f json -o "$DIR/wapiti.json" >"$DIR/wapiti.log" 2>&1 \
  || die "wapiti failed: see $DIR/wapiti.log"
# One finding is accepted, as long as the header is what OWASP advises: wapiti 3.0.4 asks for
# "X-XSS-Protection: 1", the switch of an auditor that browsers removed because it could be turned into a leak;
# the app sends "0" (Spring Security's default), which is what the OWASP Secure Headers Project recommends.
xss_protection=$(app_curl -o /dev/null -D - "$APP/" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-xss-protection" { print $2 }')
python3 - "$DIR/wapiti.json" "$xss_protection" <<'PY' || die "wapiti reported findings: see $DIR/wapiti.json"
import json, sys
report = json.load(open(sys.argv[1]))
accepted = ("HTTP Secure Headers", "X-XSS-Protection is not set") if sys.argv[2] == "0" else None
found = [f"{kind}: {item['info']} ({item['method']} {item['path']})"
         for section in ("vulnerabilities", "anomalies") for kind, items in report[section].items()
         for item in items if (kind, item["info"]) != accepted]
print("wapiti: " + ("; ".join(found) if found else "nothing found"))
sys.exit(1 if found else 0)
PY
# It tested the signed-in site: its crawl holds the forms only a signed-in author sees.
/usr/bin/python3 - "$DIR"/wapiti-session/*.db "$APP" <<'PY' || die "wapiti did not crawl the signed-in site: see $DIR/wapiti.log"
import sqlite3, sys
paths = set(sqlite3.connect(sys.argv[1]).execute("SELECT method, path FROM paths"))
needed = {("POST", sys.argv[2] + "/posts/new"), ("POST", sys.argv[2] + "/account/password")}
print(f"wapiti crawled {len(paths)} requests; signed-in forms among them: {len(needed & paths)} of {len(needed)}")
sys.exit(0 if needed <= paths and len(paths) >= 20 else 1)
PY
log "ok: wapiti found nothing"
