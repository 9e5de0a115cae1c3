#!/usr/bin/env bash
# A single-node Slurm on this machine, from nothing, as root and without systemd: for the tests
# (tests/slurm_test.sh) and for trying scripts/slurm-sweep.sbatch before a cluster.
#
#   scripts/slurm-local.sh start DIR   installs slurmctld, slurmd, slurm-client and munge with apt-get
#                                      where missing, writes munge's key and slurm.conf under DIR,
#                                      starts munged, slurmctld and slurmd, waits for the node to be
#                                      idle, and prints `export SLURM_CONF=DIR/slurm.conf`
#   scripts/slurm-local.sh stop DIR    stops the three daemons by their pid files (SIGTERM, SIGKILL
#                                      after 10 s); DIR stays (its logs)
#
# Clients and jobs find the cluster through SLURM_CONF. Exit code 77 (with one line) when this
# machine cannot run it: not root, or Slurm missing and no apt-get.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

stop_pid() {  # stop_pid PIDFILE: SIGTERM, then SIGKILL after 10 s
  local file=$1 pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 0; }; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}

if [ "$action" = stop ]; then
  stop_pid "$dir/slurmd.pid"
  stop_pid "$dir/slurmctld.pid"
  stop_pid "$dir/munged.pid"
  exit 0
fi
[ "$action" = start ] || usage

if [ "$(id -u)" -ne 0 ]; then
  echo "slurm-local: skipped: a local Slurm needs root (slurmd runs jobs as their users)" >&2
  exit 77
fi
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null ||
   ! command -v munged >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    echo "slurm-local: skipped: Slurm is not installed and there is no apt-get to install it" >&2
    exit 77
  fi
  echo "slurm-local: installing slurmctld slurmd slurm-client munge" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >&2 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >&2; }
fi

mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
dir=$(cd "$dir" && pwd)
chmod 711 "$dir" "$dir/munge"  # munge's socket folder needs o+x, or clients fail "Socket is inaccessible"
if [ ! -s "$dir/munge/munge.key" ]; then
  head -c 1024 /dev/urandom > "$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"
fi
socket=$dir/munge/munge.socket.2
munged --socket="$socket" --key-file="$dir/munge/munge.key" --log-file="$dir/munged.log" \
  --pid-file="$dir/munged.pid" --seed-file="$dir/munge/munge.seed"

host=$(hostname -s)
cpus=$(nproc)
cat > "$dir/slurm.conf" <<EOF
ClusterName=fflocal
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket,cred_expire=10
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=$((6817 + RANDOM % 2000))
SlurmdPort=$((8817 + RANDOM % 2000))
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SchedulerParameters=sched_interval=1
MinJobAge=600
MailProg=/bin/true
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$dir/slurm.conf
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 300); do
  state=$(sinfo -h -N -o %t 2>/dev/null || true)
  if [ "$state" = idle ]; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.1
done
echo "slurm-local: the node did not become idle within 30 s (state '${state:-none}'; logs in $dir)" >&2
exit 1
