#!/bin/bash
# The debugger's overhead on the MNIST tutorial: the headless program (`tapedeck example train`), then
# the same program under the debugger on Xvfb, started with Continue (F9). Prints images/s per epoch
# both ways, the FX-thread stall percentiles (TAPEDECK_FX_PROBE=1: how long a Platform.runLater takes
# to run, sampled every 20 ms) and the peak RSS of each (/usr/bin/time -v); then the debugger's
# images/s over headless per epoch, and both training times. For each run it also prints where the
# CPU went while the program trained (from its first output to its last epoch): per thread, the CPU
# time and the time it waited, runnable, for a core (/proc/PID/task/*/schedstat).
#
#   app/scripts/debugger-overhead.sh [EPOCHS] [OUT_DIR]     (defaults: 3, /tmp/tapedeck-overhead)
#
# Runs one after the other measure the host's drift as much as the debugger: for the overhead
# itself, debugger-overhead-interleaved.py runs both at once, taking turns.
#
# PROBE=0 leaves the stall probe out: it wakes the probe thread and the UI thread 50 times a second,
# which the debugger itself does not do, so the overhead without it is the product's.
#
# Needs: a built app (mvn -q -DskipTests package), Xvfb, xdotool, and MNIST in TAPEDECK_DATA (or
# ../shared/data/mnist). Both runs get the same heap. The machine should be otherwise idle: each run
# ends with the CPU time other processes took meanwhile (others_cpu) and the hypervisor's steal.
set -u
N=${1:-3}
PROBE=${PROBE:-1}
OUT=${2:-/tmp/tapedeck-overhead}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$ROOT/app/target/tapedeck/bin/tapedeck
export TAPEDECK_DATA=${TAPEDECK_DATA:-$ROOT/../shared/data/mnist}
export TAPEDECK_OPTS="-Xmx1g ${TAPEDECK_OPTS:-}"
mkdir -p "$OUT"
epochs() { grep -c "epoch .* done" "$1"; }
# CPU seconds the whole machine was busy, and stolen by the hypervisor, since boot (/proc/stat).
busy() { awk '/^cpu /{print ($2+$3+$4+$7+$8)/100}' /proc/stat; }
steal() { awk '/^cpu /{print $9/100}' /proc/stat; }
own() { awk '/User time|System time/{s+=$4} END{print s}' "$1"; }
# Per thread name (numbers stripped): CPU seconds and seconds runnable but waiting for a core.
threads() { awk '{split(FILENAME, p, "/"); t = p[5]} FILENAME ~ /comm$/ {name[t] = $0; next} {cpu[t] = $1; wait[t] = $2}
                 END {for (t in cpu) {n = name[t]; sub(/[0-9]+$/, "", n); c[n] += cpu[t] / 1e9; w[n] += wait[t] / 1e9}
                      for (n in c) printf "%s|%.3f|%.3f\n", n, c[n], w[n]}' /proc/$1/task/*/comm /proc/$1/task/*/schedstat 2> /dev/null; }
# The difference of two threads() snapshots: the busiest threads, then the totals.
during() { awk -F'|' 'NR == FNR {c[$1] = $2; w[$1] = $3; next}
                       {dc = $2 - c[$1]; dw = $3 - w[$1]; tc += dc; tw += dw; if (dc >= 0.1) printf "%.2f|%.2f|%s\n", dc, dw, $1}
                       END {printf "TOTAL|%.2f|%.2f\n", tc, tw}' "$1" "$2" | sort -t'|' -k1,1 -rn |
    awk -F'|' '$1 == "TOTAL" {t = $2 "|" $3; next} {printf "  %-18s cpu %6.2f s  waited %6.2f s\n", $3, $1, $2}
               END {split(t, a, "|"); printf "  %-18s cpu %6.2f s  waited %6.2f s\n", "all threads", a[1], a[2]}'; }
# Snapshots of run $1 (java's PID $2) while it trains: the first once it has printed, then the latest.
snap() { [ -n "$2" ] || return
    [ -s "$OUT/$1.t0" ] || { grep -q "Logits" "$OUT/$1.out" && threads "$2" > "$OUT/$1.t0"; } || return
    threads "$2" > "$OUT/$1.tx" && [ -s "$OUT/$1.tx" ] && mv "$OUT/$1.tx" "$OUT/$1.t1"; }
# Other work on the machine during a run: busy time not spent by the run's own processes.
others() { awk -v b0="$1" -v b1="$2" -v o="$3" -v s0="$4" -v s1="$5" 'BEGIN{printf "others_cpu=%.1fs steal=%.1fs\n", b1-b0-o, s1-s0}'; }

B0=$(busy); S0=$(steal)
/usr/bin/time -v "$BIN" example train > "$OUT/headless.out" 2> "$OUT/headless.err" &
TP=$!
rm -f "$OUT"/*.t0 "$OUT"/*.t1
sleep 0.5; JP=$(pgrep -P $TP | head -1)
while [ "$(epochs "$OUT/headless.out")" -lt "$N" ] && kill -0 $TP 2>/dev/null; do snap headless "$JP"; sleep 1; done
pkill -f "tapedeck.app.Main example"; wait $TP 2>/dev/null
echo "headless: $(grep 'epoch .* done' "$OUT/headless.out" | tr '\n' ';')"
grep "Maximum resident" "$OUT/headless.err"
others "$B0" "$(busy)" "$(own "$OUT/headless.err")" "$S0" "$(steal)"
[ -s "$OUT/headless.t1" ] && { echo "headless, while training:"; during "$OUT/headless.t0" "$OUT/headless.t1"; }

Xvfb :77 -screen 0 1600x1000x24 > /dev/null 2>&1 &
XP=$!
sleep 2
export DISPLAY=:77
B0=$(busy); S0=$(steal)
TAPEDECK_FX_PROBE=$PROBE /usr/bin/time -v "$BIN" > "$OUT/debug.out" 2> "$OUT/debug.err" &
TP=$!
for i in $(seq 60); do xdotool search --name Tapedeck > /dev/null 2>&1 && break; sleep 1; done
JP=$(pgrep -P $TP | head -1)
sleep 4
k=0
while [ "$(epochs "$OUT/debug.out")" -lt "$N" ] && kill -0 $TP 2>/dev/null; do
    # F9 until the program's first output shows it runs (a key sent too early is lost).
    if [ $((k % 10)) = 0 ] && ! grep -q "Logits" "$OUT/debug.out"; then
        xdotool search --name Tapedeck windowactivate --sync > /dev/null 2>&1
        xdotool key F9
    fi
    [ $k = 40 ] && import -window root "$OUT/screenshot.png" 2> /dev/null
    snap debug "$JP"
    k=$((k + 1))
    sleep 1
done
grep FX-PROBE "$OUT/debug.err" | tail -1
pkill -f "tapedeck.app.Main"; wait $TP 2>/dev/null
echo "debugger: $(grep 'epoch .* done' "$OUT/debug.out" | tr '\n' ';')"
grep "Maximum resident" "$OUT/debug.err"
# Xvfb draws the window: its CPU is the debugger's, not other work.
XVFB=$(awk '{print ($14+$15)/100}' /proc/$XP/stat)
others "$B0" "$(busy)" "$(awk -v a="$(own "$OUT/debug.err")" -v b="$XVFB" 'BEGIN{print a+b}')" "$S0" "$(steal)"
kill $XP
[ -s "$OUT/debug.t1" ] && { echo "debugger, while training:"; during "$OUT/debug.t0" "$OUT/debug.t1"; }
# Per epoch: the debugger's images/s over headless; and the whole training time's difference.
paste <(grep -o '[0-9.]* s, [0-9]* images/s' "$OUT/headless.out") <(grep -o '[0-9.]* s, [0-9]* images/s' "$OUT/debug.out") |
    awk '{n++; r = $7 / $3; printf "epoch %d: debugger/headless %.2f\n", n, r; h += $1; d += $5}
         END {if (n) printf "training time: headless %.1f s, debugger %.1f s (%+.0f%%)\n", h, d, 100 * (d / h - 1)}'
