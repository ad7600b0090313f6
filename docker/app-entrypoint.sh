#!/bin/sh
# Starts one app replica with the replicas' JVM options (src/main/jvm.options, the same file bin/foobar uses).
# The first start of an image records a JDK AOT cache, written when the JVM exits (docker stop); later starts
# use it. The cache is named after the image's jar and options, so a new image records its own, and older ones
# are deleted. A stale or missing cache only makes the start slower, never an error.
set -eu
cache=/var/cache/foobar/app-$(cat /app/aot-key).aot
for old in /var/cache/foobar/*.aot; do [ "$old" = "$cache" ] || rm -f "$old"; done
if [ -f "$cache" ]; then aot="-XX:AOTCache=$cache"; else aot="-XX:AOTCacheOutput=$cache"; fi
exec java @/app/jvm.options "$aot" -jar /app/foobar-0.1.0-SNAPSHOT.jar
