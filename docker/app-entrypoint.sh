#!/bin/sh
# Starts one app replica. The first start records a JDK 25 AOT cache (written when the JVM exits); every later
# start uses it. A stale cache is ignored by the JVM with a warning, never an error.
set -eu
cache=/var/cache/foobar/app.aot
if [ -f "$cache" ]; then aot="-XX:AOTCache=$cache"; else aot="-XX:AOTCacheOutput=$cache"; fi
exec java $aot -Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -jar /app/foobar-0.1.0-SNAPSHOT.jar
