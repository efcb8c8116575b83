#!/usr/bin/env sh
# Writes the secret files the compose files mount (docker/secrets/*, git-ignored), each a fresh random value, and
# never overwrites one that exists: api_key_pepper must stay the same for the life of the API keys hashed with it,
# and the MySQL passwords are fixed when the mysql-data volume is first created.
set -eu
cd "$(dirname "$0")"
# The containers read the files as their own users (uid 10001, mysql), so the files are readable (0644); the
# directory (0700) keeps other users of this host out.
chmod 700 .
umask 022
for name in api_key_pepper mysql_password mysql_root_password; do
  if [ -s "$name" ]; then
    echo "secrets: keeping docker/secrets/$name"
  else
    openssl rand -hex 32 >"$name"
    echo "secrets: wrote docker/secrets/$name"
  fi
done
