#!/usr/bin/env bash
# 50 OpenSSH hosts on 127.0.99.2..51, port 22990, 4 sshd (≤16 addresses each), login user deployer-test (/bin/sh,
# made by the tests' OpenSshServers fixture, or: useradd -r -M -d /tmp -s /bin/sh deployer-test && usermod -p '*' deployer-test).
# Writes DIR/deploy.yaml and DIR/plan50.json (50 × 1 `true`) for BENCHMARKS.md's ab-cpu.sh lines.
#   ssh-bed-50.sh [DIR]          (default /tmp/perf-r/bed; DIR must be searchable by deployer-test)
#   stop: for p in DIR/sshd_*.pid; do kill "$(cat "$p")"; done
set -euo pipefail
D=${1:-/tmp/perf-r/bed}
mkdir -p -m 0755 /run/sshd "$D"
chmod 0755 "$D"
[ -f $D/host_key ] || ssh-keygen -q -t ed25519 -N '' -f $D/host_key
[ -f $D/client_key ] || ssh-keygen -q -t ed25519 -N '' -f $D/client_key
chmod 644 $D/client_key.pub; cp $D/client_key.pub $D/authorized_keys; chmod 644 $D/authorized_keys
: > $D/known_hosts; : > $D/empty_ssh_config
for s in 0 1 2 3; do
  c=$D/sshd_config_$s
  { echo "Port 22990"; for i in $(seq $((2 + s*13)) $((14 + s*13))); do [ $i -le 51 ] && echo "ListenAddress 127.0.99.$i"; done
    cat <<C
HostKey $D/host_key
PidFile $D/sshd_$s.pid
AuthorizedKeysFile $D/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
Subsystem sftp /usr/lib/openssh/sftp-server
LogLevel ERROR
MaxStartups 200
MaxSessions 64
C
  } > $c
  /usr/sbin/sshd -f $c -E $D/sshd_$s.log
done
for i in $(seq 2 51); do echo "[127.0.99.$i]:22990 $(cut -d' ' -f1,2 $D/host_key.pub)" >> $D/known_hosts; done
cat > $D/deploy.yaml <<Y
platform: bench
user: deployer-test
ssh:
  identity_files: [$D/client_key]
  known_hosts: $D/known_hosts
  strict_host_key_checking: yes
  config_file: $D/empty_ssh_config
Y
python3 - <<P
import json
tasks=[{"command":"execute_command","remote_host":"127.0.99.%d:22990"%i,"shell":"true"} for i in range(2,52)]
json.dump({"name":"bench","stages":[{"name":"Fan-out","concurrency":20,"concurrency_per_host":2,"tasks":tasks}]},open("$D/plan50.json","w"),indent=1)
P
