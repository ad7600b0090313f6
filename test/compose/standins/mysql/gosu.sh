#!/bin/bash
# TEST STAND-IN for the official image's gosu (gosu USER COMMAND...): util-linux's setpriv.
exec setpriv --reuid="$1" --regid="$1" --init-groups -- "${@:2}"
