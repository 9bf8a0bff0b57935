#!/usr/bin/env bash
# End-to-end forwarding benchmark on veth (issue 4 point 7; method in docs/benchmarks.md "End-to-end on veth").
#
#   sudo benchmarks/e2e/run.sh [--reps 3] [--peers "gen_only bridge ..."] [--flows "1 1000"] [--warmup 2]
#                              [--window 10] [--retries 2] [--quiet-max 60] [--gc-seconds 60] [--no-build]
#
# For each repetition, each flow count and each peer in turn (peers alternate inside a repetition), one run:
# fresh gen/sw/sink topology, quiet wait (both CPUs under 15 % busy, 60 s at most), peer started, learning frames
# from k0, XDP live-frames generator on CPU 0, warm-up, measured window, everything stopped and removed. A run in
# which other processes used more than 10 % of a CPU is flagged noisy and retried. Then, unless --gc-seconds 0, one
# jvswitch run (AF_XDP where it opens, else AF_PACKET) of that length with a GC log. Results go to
# benchmarks/e2e/results/<time>/: runs.csv (one row per run), summary.md (medians, min-max, ratios to ovs_xdp),
# runs/<run>/ (logs; foreign-procs.txt when something else used the CPUs), gc/ (the GC run).
#
# Leaves nothing behind: a trap on EXIT/INT/TERM stops only this script's own processes (pids it started or read
# from its own pidfiles, after checking their command line), stops its OVS sandbox with `ovs-appctl exit --cleanup`
# and deletes its namespaces.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source=lib/topo.sh
. "$HERE/lib/topo.sh"
# shellcheck source=lib/measure.sh
. "$HERE/lib/measure.sh"
# shellcheck source=lib/peers.sh
. "$HERE/lib/peers.sh"

REPS=3
PEERS="$PEERS_ALL"
FLOWS="1 1000"
WARMUP=2
WINDOW=10
RETRIES=2
QUIET_MAX=60
QUIET_PCT=15
NOISY_PCT=10
GC_SECONDS=60
BUILD=1
OUT_BASE="$HERE/results"

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    --flows) FLOWS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --retries) RETRIES=$2; shift 2 ;;
    --quiet-max) QUIET_MAX=$2; shift 2 ;;
    --gc-seconds) GC_SECONDS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT_BASE=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (namespaces, XDP, OVS)" >&2; exit 1; }
[ "$(nproc --all)" -ge 2 ] || { echo "run.sh: needs 2 CPUs (generator on 0, switch on 1)" >&2; exit 1; }
for p in $PEERS; do
  [[ " $PEERS_ALL " == *" $p "* ]] || { echo "run.sh: unknown peer $p (known: $PEERS_ALL)" >&2; exit 2; }
done

# ------------------------------------------------------------------------------------------ own processes

OWN_PIDS=()          # "pid marker": this script's processes; marker must be in /proc/PID/cmdline to kill it
OWN_FILE=$(mktemp /tmp/e2e-own.XXXXXX)

own_pid_add() {
  OWN_PIDS+=("$1 $2")
  echo "$1" >>"$OWN_FILE"
}

own_is() { tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -qF -- "$2"; }

# own_stop [PID]: TERM, up to 10 s, then KILL, for own pid PID (default: every own pid) while it still runs what
# we started; stopped pids leave the list.
own_stop() {
  local e pid marker i alive
  local -a sel=() keep=()
  for e in "${OWN_PIDS[@]}"; do
    read -r pid marker <<<"$e"
    if [ -z "${1:-}" ] || [ "$pid" = "$1" ]; then sel+=("$e"); else keep+=("$e"); fi
  done
  for e in "${sel[@]}"; do
    read -r pid marker <<<"$e"
    own_is "$pid" "$marker" && kill -TERM "$pid" 2>/dev/null || true
  done
  for ((i = 0; i < 100; i++)); do
    alive=0
    for e in "${sel[@]}"; do
      read -r pid marker <<<"$e"
      own_is "$pid" "$marker" && alive=1
    done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for e in "${sel[@]}"; do
    read -r pid marker <<<"$e"
    own_is "$pid" "$marker" && kill -KILL "$pid" 2>/dev/null || true
  done
  OWN_PIDS=("${keep[@]}")
}

own_stop_all() { own_stop ""; }

# wait_for_line FILE TEXT SECONDS PID: until FILE has TEXT; fails when PID exits first or time runs out.
wait_for_line() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || { grep -qF -- "$2" "$1" 2>/dev/null; return; }
    sleep 0.1
  done
  return 1
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "${NAP_PID:-}" ] || kill "$NAP_PID" 2>/dev/null || true
  ovs_stop 2>/dev/null || true
  own_stop_all
  topo_down
  rm -f "$OWN_FILE"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "run.sh: failed at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND" >&2' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------------------------------------ setup

jdk25_home() {
  local d m
  for d in ${JAVA_HOME:-} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    d=${d%/}
    [ -x "$d/bin/java" ] || continue
    m=$("$d/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
    if [ "${m:-0}" -ge 25 ]; then echo "$d"; return 0; fi
  done
  echo "run.sh: no JDK >= 25 found" >&2
  return 1
}
JAVA="$(jdk25_home)/bin/java"
if [ "$BUILD" = 1 ]; then
  echo "run.sh: building jvswitch and the benchmark tools ..." >&2
  (cd "$REPO" && nice -n 19 ./mvnw -B -q -o -DskipTests -pl control,benchmarks -am package) >&2
fi
TOOLS_CP="$REPO/benchmarks/target/benchmarks.jar"
[ -f "$TOOLS_CP" ] || { echo "run.sh: $TOOLS_CP missing (run without --no-build)" >&2; exit 1; }

RUN_ID=$(printf '%04x' $((RANDOM % 65536)))
topo_names
OUT="$OUT_BASE/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT/runs"
CSV="$OUT/runs.csv"
echo "rep,peer,flows,status,attempt,fwd_pps,offered_pps,s0_rx_pps,cpu0_pct,cpu1_pct,thread,thread_utime_ns_per_pkt,thread_stime_ns_per_pkt,ovs_cycles_per_pkt,foreign_cpu_pct,noisy,quiet_wait_s,quiet,note" >"$CSV"
JVS_IDLE_FLAG=""
if [[ " $PEERS " == *" jvswitch_"* ]] || [ "$GC_SECONDS" != 0 ]; then
  JVS_IDLE_FLAG=$(jvswitch_idle_flag)
fi
{
  echo "date: $(date -Iseconds)"
  echo "host: $(uname -r), $(nproc --all) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "ovs: $(ovs-vswitchd --version 2>/dev/null | head -1)"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "git: $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "args: reps=$REPS peers=[$PEERS] flows=[$FLOWS] warmup=$WARMUP window=$WINDOW retries=$RETRIES"
  echo "jvswitch idle flag: ${JVS_IDLE_FLAG:-none}"
} >"$OUT/env.txt"
cat "$OUT/env.txt" >&2

# ------------------------------------------------------------------------------------------------ one run

# nap SECONDS: a sleep that a trapped TERM interrupts at once (a foreground sleep would delay the trap).
nap() {
  sleep "$1" &
  NAP_PID=$!
  wait "$NAP_PID" || true
  NAP_PID=""
}

csv_text() { tr '\n",' '  ;' <<<"$1" | sed 's/ *$//'; }

# row_not_run STATUS ATTEMPT QUIET_S QUIET NOTE: a CSV row (after rep,peer,flows) for a run that measured nothing.
row_not_run() {
  RUN_ROW="$1,$2,,,,,,,,,,,0,$3,$4,\"$(csv_text "$5")\""
}

# run_once REP PEER FLOWS ATTEMPT SECONDS: one measured run. Sets RUN_ROW (the CSV fields after rep,peer,flows)
# and RUN_NOISY. Runs in this shell (not a subshell), so the trap always knows every process it started.
run_once() {
  local rep=$1 peer=$2 flows=$3 attempt=$4 window=$5 measured=$2
  RUN_DIR="$OUT/runs/r$rep-$peer-f$flows-a$attempt"
  if [ "$peer" = gc ]; then
    measured=$GC_PEER
    RUN_DIR="$OUT/gc/$GC_PEER"
  fi
  mkdir -p "$RUN_DIR"
  RUN_NOISY=0
  topo_up
  local q qs quiet
  q=$(quiet_wait "$QUIET_MAX" "$QUIET_PCT")
  read -r qs quiet <<<"$q"
  if ! peer_start "$measured" >"$RUN_DIR/peer.log" 2>&1; then
    row_not_run unsupported "$attempt" "$qs" "$quiet" "$measured: $PEER_NOTE"
    peer_stop "$measured"
    topo_down
    return 0
  fi
  ip netns exec "$NS_SINK" "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$TOOLS_CP" \
    io.jvswitch.benchmarks.e2e.LearnFrames --dev k0 --count 3 >"$RUN_DIR/learn.log" 2>&1
  ip netns exec "$NS_GEN" taskset -c 0 "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$TOOLS_CP" \
    io.jvswitch.benchmarks.e2e.XdpGen --dev g0 --flows "$flows" --cpu 0 \
    --seconds $((WARMUP + window + 5)) >"$RUN_DIR/gen.log" 2>&1 &
  local gen=$!
  own_pid_add $gen XdpGen
  if ! wait_for_line "$RUN_DIR/gen.log" "xdpgen: started" 60 $gen; then
    row_not_run failed "$attempt" "$qs" "$quiet" "generator: $(tail -n 2 "$RUN_DIR/gen.log")"
    peer_stop "$measured"
    topo_down
    return 0
  fi
  nap "$WARMUP"

  local tid="" tname="-"
  if [ -n "$PEER_PID" ]; then
    read -r tid tname < <(find_thread "$PEER_PID" "$PEER_THREAD" || echo "- -")
    [ "$tid" = "-" ] && tid=""
  fi
  peer_window_begin "$measured"
  proc_snapshot >"$RUN_DIR/procs.before"
  # ---- window start: builtins only from here ...
  local t0 k0a s0a g0a g0da c0a c1a pa
  t0=$EPOCHREALTIME
  k0a=$(ifstat "$ANCHOR_SINK" k0 2); s0a=$(ifstat "$ANCHOR_SW" s0 2)
  g0a=$(ifstat "$ANCHOR_GEN" g0 10); g0da=$(ifstat "$ANCHOR_GEN" g0 12)
  c0a=$(cpu_ticks 0); c1a=$(cpu_ticks 1); pa=$(thread_times "$PEER_PID" "$tid")
  nap "$window"
  local t1 k0b s0b g0b g0db c0b c1b pb
  t1=$EPOCHREALTIME
  k0b=$(ifstat "$ANCHOR_SINK" k0 2); s0b=$(ifstat "$ANCHOR_SW" s0 2)
  g0b=$(ifstat "$ANCHOR_GEN" g0 10); g0db=$(ifstat "$ANCHOR_GEN" g0 12)
  c0b=$(cpu_ticks 0); c1b=$(cpu_ticks 1); pb=$(thread_times "$PEER_PID" "$tid")
  # ---- ... to here: window end
  local anchor
  for anchor in "$ANCHOR_GEN" "$ANCHOR_SW" "$ANCHOR_SINK"; do
    kill -0 "$anchor" 2>/dev/null || { row_not_run failed "$attempt" "$qs" "$quiet" "harness: namespace anchor died";
      peer_stop "$measured"; topo_down; return 0; }
  done
  proc_snapshot >"$RUN_DIR/procs.after"
  local cyc
  cyc=$(peer_window_end "$measured" "$RUN_DIR")
  peer_stop "$measured"
  topo_down

  local foreign
  foreign=$(foreign_ticks "$RUN_DIR/procs.before" "$RUN_DIR/procs.after" "$OWN_FILE" "$RUN_DIR/foreign.tmp")
  rm -f "$RUN_DIR/procs.before" "$RUN_DIR/procs.after"
  RUN_ROW=$(awk -v a="$t0" -v b="$t1" -v k0a="$k0a" -v k0b="$k0b" -v s0a="$s0a" -v s0b="$s0b" \
      -v g0a="$((g0a + g0da))" -v g0b="$((g0b + g0db))" -v pa="$pa" -v pb="$pb" -v hz="$HZ" \
      -v peer="$measured" -v foreign="$foreign" -v noisy="$NOISY_PCT" -v cpu0="$(pct "$c0a" "$c0b")" \
      -v cpu1="$(pct "$c1a" "$c1b")" -v tname="$tname" -v cyc="$cyc" -v attempt="$attempt" -v qs="$qs" \
      -v quiet="$quiet" -v note="$(csv_text "$measured: $PEER_NOTE")" '
    BEGIN {
      dt = b - a; split(pa, x, " "); split(pb, y, " ")
      fwd = (peer == "gen_only" ? s0b - s0a : k0b - k0a)
      f = foreign / hz / dt * 100
      ut = (tname != "-" && fwd > 0) ? sprintf("%.1f", (y[1] - x[1]) * 1e9 / hz / fwd) : ""
      st = (tname != "-" && fwd > 0) ? sprintf("%.1f", (y[2] - x[2]) * 1e9 / hz / fwd) : ""
      printf "ok,%d,%.0f,%.0f,%.0f,%d,%d,%s,%s,%s,%s,%.1f,%d,%d,%d,\"%s\"\n", attempt, fwd / dt, (g0b - g0a) / dt,
        (s0b - s0a) / dt, cpu0, cpu1, tname, ut, st, cyc, f, (f > noisy), qs, quiet, note
    }')
  RUN_NOISY=$(awk -v t="$foreign" -v hz="$HZ" -v w="$window" -v n="$NOISY_PCT" 'BEGIN { print (t / hz / w * 100 > n) }')
  if [ "$RUN_NOISY" = 1 ]; then
    sort -k3,3nr "$RUN_DIR/foreign.tmp" >"$RUN_DIR/foreign-procs.txt"
  fi
  rm -f "$RUN_DIR/foreign.tmp"
}

# One measured run, retried while noisy (the last attempt is kept, flagged); appends its CSV row.
run_measured() {
  local rep=$1 peer=$2 flows=$3 window=$4 attempt
  for ((attempt = 1; attempt <= RETRIES + 1; attempt++)); do
    run_once "$rep" "$peer" "$flows" "$attempt" "$window"
    [ "$RUN_NOISY" = 1 ] || break
    [ "$attempt" -le "$RETRIES" ] && echo "run.sh: rep $rep $peer $flows flows: noisy, retrying" >&2
  done
  echo "$rep,$peer,$flows,$RUN_ROW" >>"$CSV"
  echo "run.sh: rep $rep $peer $flows flows: $RUN_ROW" >&2
}

for ((rep = 1; rep <= REPS; rep++)); do
  for flows in $FLOWS; do
    for peer in $PEERS; do
      run_measured "$rep" "$peer" "$flows" "$WINDOW"
    done
  done
done

if [ "$GC_SECONDS" != 0 ]; then
  for GC_PEER in jvswitch_afxdp jvswitch_afpacket; do   # AF_XDP where it opens, else AF_PACKET
    mkdir -p "$OUT/gc/$GC_PEER"
    JVSWITCH_EXTRA_OPTS="-Xlog:gc*:file=$OUT/gc/$GC_PEER/gc.log:uptime,level,tags:filecount=0"
    run_measured 1 gc 1 "$GC_SECONDS"
    tail -n 1 "$CSV" | grep -q "^1,gc,1,unsupported," || break
  done
  unset JVSWITCH_EXTRA_OPTS
fi

"$JAVA" -cp "$TOOLS_CP" io.jvswitch.benchmarks.e2e.Summarize "$OUT" >"$OUT/summary.md"
cat "$OUT/summary.md"
echo "run.sh: results in $OUT" >&2
