#!/bin/bash
# TEST STAND-IN for the official image's `mysql` client: MariaDB's, with the SQL on its standard input renamed
# into MariaDB's words (mysql84-words.sed).
sed -E -f /usr/local/lib/mysql84-words.sed | exec mariadb "$@"
