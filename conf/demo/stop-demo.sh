#!/bin/sh
# Stops the demo's services (they also stop by themselves after an hour). Usage: conf/demo/stop-demo.sh [ROOT]
root=${1:-/tmp/deployer-demo}
for ctl in "$root"/*/demo-web/bin/ctl; do
  [ -e "$ctl" ] && sh "$ctl" stop
done
exit 0
