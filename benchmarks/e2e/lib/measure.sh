# shellcheck shell=bash
# Measurement helpers of the end-to-end benchmark (sourced by run.sh): counters, CPU busy time, thread times, the
# quiet wait and the foreign-CPU (noisy) check. Everything read inside the window uses bash builtins on /proc (no
# fork), so the harness itself does not disturb the CPUs it measures.

HZ=$(getconf CLK_TCK)

# ifstat PID IFNAME COLUMN: a /proc/PID/net/dev column (1 = rx bytes, 2 = rx packets, 10 = tx packets,
# 12 = tx drop) of the namespace PID lives in.
ifstat() {
  local line name rest
  local -a f
  while read -r line; do
    name=${line%%:*}
    [ "$name" = "$2" ] || continue
    rest=${line#*:}
    read -r -a f <<<"$rest"
    echo "${f[$(($3 - 1))]}"
    return 0
  done <"/proc/$1/net/dev"
  echo 0
}

# cpu_ticks CPU: "busy total" ticks of one CPU from /proc/stat.
cpu_ticks() {
  local name u n s idle io irq sirq steal rest
  while read -r name u n s idle io irq sirq steal rest; do
    if [ "$name" = "cpu$1" ]; then
      echo "$((u + n + s + irq + sirq + steal)) $((u + n + s + idle + io + irq + sirq + steal))"
      return 0
    fi
  done </proc/stat
}

# thread_times PID TID: "utime stime" ticks of one thread ("0 0" when it is gone or unknown).
thread_times() {
  local s
  if [ -z "$2" ] || ! read -r s <"/proc/$1/task/$2/stat" 2>/dev/null; then
    echo "0 0"
    return 0
  fi
  s=${s##*) }
  local -a f
  read -r -a f <<<"$s"
  echo "${f[11]} ${f[12]}"   # fields 14 and 15 of the stat line
}

# find_thread PID REGEX: the first thread id of PID whose name (comm) matches REGEX.
find_thread() {
  local t c
  for t in /proc/"$1"/task/*; do
    read -r c <"$t/comm" 2>/dev/null || continue
    if [[ $c =~ $2 ]]; then
      echo "${t##*/} $c"
      return 0
    fi
  done
  return 1
}

# busy_pct_over SECONDS: "cpu0% cpu1%" busy over a sleep of SECONDS.
busy_pct_over() {
  local a0 a1 b0 b1
  a0=$(cpu_ticks 0); a1=$(cpu_ticks 1)
  sleep "$1"
  b0=$(cpu_ticks 0); b1=$(cpu_ticks 1)
  pct "$a0" "$b0"
  echo -n " "
  pct "$a1" "$b1"
  echo
}

# pct "BUSY0 TOTAL0" "BUSY1 TOTAL1": busy percentage between two cpu_ticks readings.
pct() {
  local -a a b
  read -r -a a <<<"$1"
  read -r -a b <<<"$2"
  local dt=$((b[1] - a[1]))
  [ "$dt" -gt 0 ] || dt=1
  echo -n $(((b[0] - a[0]) * 100 / dt))
}

# quiet_wait MAX_SECONDS THRESHOLD_PCT: waits until both CPUs are under THRESHOLD busy (1 s samples); prints the
# seconds waited and 1 (quiet) or 0 (gave up).
quiet_wait() {
  local start=$SECONDS b
  while :; do
    b=$(busy_pct_over 1)
    read -r c0 c1 <<<"$b"
    if [ "$c0" -lt "$2" ] && [ "$c1" -lt "$2" ]; then
      echo "$((SECONDS - start)) 1"
      return 0
    fi
    if [ $((SECONDS - start)) -ge "$1" ]; then
      echo "$((SECONDS - start)) 0"
      return 0
    fi
  done
}

# proc_snapshot: "pid ppid ticks comm" for every process (utime + stime of the whole process).
proc_snapshot() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{   # processes come and go meanwhile
    s = $0; i = index(s, "(");
    for (k = length(s); k > 0; k--) if (substr(s, k, 1) == ")") break;
    pid = substr(s, 1, i - 2); comm = substr(s, i + 1, k - i - 1); gsub(/ /, "_", comm);
    n = split(substr(s, k + 2), f, " ");
    print pid, f[2], f[12] + f[13], comm }'
}

# foreign_ticks BEFORE AFTER OWN_PIDS_FILE DETAIL_OUT: CPU ticks spent during the window by processes that are
# neither this harness's (descendants of $$, or listed in OWN_PIDS_FILE) nor kernel threads (pid 2 and its
# children: they mostly do this benchmark's own softirq work). Per-process deltas above 1 tick go to DETAIL_OUT.
foreign_ticks() {
  awk -v self="$$" -v detail="$4" '
    FILENAME == ARGV[1] { own[$1] = 1; next }
    FILENAME == ARGV[2] { before[$1 " " $4] = $3; next }
    { pid[NR] = $1; ppid[$1] = $2; ticks[$1] = $3; comm[$1] = $4; order[NR] = $1 }
    END {
      total = 0
      for (r in order) {
        p = order[r]
        if (p == 2 || ppid[p] == 2 || p in own) continue
        q = p; mine = 0
        for (hop = 0; hop < 64 && q != "" && q != 0 && q != 1; hop++) { if (q == self) { mine = 1; break } q = ppid[q] }
        if (mine) continue
        k = p " " comm[p]
        d = (k in before) ? ticks[p] - before[k] : ticks[p]
        if (d > 0) { total += d; if (d > 1) printf "%s %s %d\n", p, comm[p], d > detail }
      }
      print total
    }' "$3" "$1" "$2"
}
