#!/bin/sh
# TEST STAND-IN for the official nginx image's entrypoint and its 20-envsubst-on-templates.sh: each
# $NGINX_ENVSUBST_TEMPLATE_DIR/**/*.template is rendered with the defined environment variables into
# $NGINX_ENVSUBST_OUTPUT_DIR (default /etc/nginx/conf.d), and, as in the image, nothing is rendered when that
# directory is not writable (the image checks before it would create it).
set -eu
templates=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
out=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
if [ "${1:-}" = nginx ] && [ -d "$templates" ]; then
  if [ -w "$out" ]; then
    # shellcheck disable=SC2046 # one word per variable name
    vars=$(printf '${%s} ' $(env | cut -d= -f1))
    find "$templates" -follow -type f -name "*$suffix" | while read -r t; do
      rel=${t#"$templates"/}
      mkdir -p "$out/$(dirname "$rel")"
      envsubst "$vars" <"$t" >"$out/${rel%"$suffix"}"
    done
  else
    echo "$0: ERROR: $templates exists, but $out is not writable" >&2
  fi
fi
exec "$@"
