#!/bin/sh
# Rebuilds the demo's packages from service/ (run it after changing the service; the results are committed so the
# demo needs nothing but Java). Three releases that differ in their VERSION file, named like real build output:
# <service>_<sha>-<timestamp>.tar.gz. Reproducible: fixed mtimes and owners, no gzip timestamp.
set -eu
cd "$(dirname "$0")"
build() { # label version
  out=packages/$1
  rm -rf "$out" && mkdir -p "$out"
  tmp=$(mktemp -d)
  cp -R service/. "$tmp/"
  printf '%s\n' "$2" >"$tmp/VERSION"
  tar -C "$tmp" --sort=name --mtime=@1714564800 --owner=0 --group=0 --numeric-owner -cf - Server.java VERSION bin \
    | gzip -n -9 >"$out/demo-web_$2.tar.gz"
  rm -rf "$tmp"
}
build v1 1f3a9c2-20240501120000
build v2 7be41d0-20240601120000
build v3 c0ffee1-20240701120000
ls -l packages/*/
