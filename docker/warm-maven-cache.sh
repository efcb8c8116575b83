#!/bin/sh
# The image build's dependency layer: run in a tree that holds only the reactor's pom.xml files, mvnw and .mvn/.
# Packaging that source-less reactor makes Maven fetch every plugin and dependency the real build needs (the
# dependency plugin's go-offline does not: it also chases optional artifacts that are absent from Maven Central,
# and fails). The empty build output is removed again. Extra arguments go to Maven (-Dmaven.repo.local=... in
# .ci/check-docker-build.sh, which checks that an offline build of the sources succeeds after this).
set -eu
./mvnw -B -q -DskipTests "$@" package
find . -name target -type d -prune -exec rm -rf '{}' +
