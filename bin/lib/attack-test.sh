#!/usr/bin/env bash
# An outside attacker's SQL injection, on the running test stack: sqlmap against every parameter of the pages and
# forms, anonymous and signed in (with the session and the form's CSRF token), straight at one app replica over
# TLS: through the edge, its per-address limits would answer sqlmap's flood with 429s and hide what the app does.
# Fails when sqlmap calls any parameter injectable, or does not finish a target. Left out: the sign-in and the
# password forms, where the app's own throttle answers every attempt after the twentieth alike (Spring Security
# and Spring Data's parameterised queries behind them; their throttling is tested in LoginThrottleTests).
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
attack new-post "$JAR" -u "$APP/posts/new" --csrf-token=_csrf --csrf-url="$APP/posts/new" \
  --data "_csrf=x&title=T&body=B&format=PLAIN"
attack edit-post "$JAR" -u "$APP/posts/$post/edit" --csrf-token=_csrf --csrf-url="$APP/posts/$post/edit" \
  --data "_csrf=x&title=T&body=B&format=MARKDOWN"
attack sessions "$JAR" -u "$APP/account/sessions/end" --csrf-token=_csrf --csrf-url="$APP/account" \
  --data "_csrf=x&ref=0000000000000000&currentPassword=sqlmap+own+long+passphrase" -p ref
