#!/usr/bin/env bash
# The GPU check, run once on the lent GPU machine from the repository root, after gpu/prepare.sh
# filled .gpu/ here:   run tool: command "bash gpu/check.sh", carry [".gpu"], timeout_s 480
#
# Parts, each with its own time limit, each logged to $OUT/<part>.log; one failing part does not
# stop the others, and the whole stays within $BUDGET seconds (default 420):
#   nvidia-smi | unpack the Java runtime | the backend-level tutorial benchmark on the GPU (ms/step,
#   device memory before/after) | the gpu-tagged JUnit tests (every Backend method vs the CPU,
#   training steps, memory, OOM) | `tapedeck train --steps 300` on the GPU, then on the CPU |
#   the same model in PyTorch on the same GPU | a summary of every RESULT line in $OUT/summary.txt
set -x
ROOT=$PWD
OUT=${OUT:-$ROOT/gpu-out}
mkdir -p "$OUT"
exec > >(tee "$OUT/check.log") 2>&1
TEE_PID=$!
BUDGET=${BUDGET:-420}
START=$SECONDS
GPU=$ROOT/.gpu

# part NAME LIMIT COMMAND...: runs COMMAND for at most LIMIT seconds (less if the budget is nearly
# spent), output to $OUT/NAME.log, then shows its tail.
part() {
    local name=$1 limit=$2
    shift 2
    local left=$((BUDGET - (SECONDS - START)))
    if [ "$left" -lt 15 ]; then
        echo "=== $name: skipped, the check's budget of ${BUDGET}s is spent"
        return
    fi
    [ "$limit" -gt "$left" ] && limit=$left
    echo "=== $name (limit ${limit}s, $((SECONDS - START))s into the check)"
    local t0=$SECONDS
    timeout -k 5 "$limit" "$@" > "$OUT/$name.log" 2>&1
    local rc=$?
    echo "=== $name: exit $rc after $((SECONDS - t0))s$([ $rc = 124 ] && echo ' (TIMED OUT)')"
    tail -n 30 "$OUT/$name.log"
}

part nvidia-smi 15 nvidia-smi

if [ ! -f "$GPU/jre.tar.xz" ]; then
    echo "=== no .gpu/jre.tar.xz: run gpu/prepare.sh first and carry .gpu"
fi
part unpack-jre 30 tar -C "$GPU" -xJf "$GPU/jre.tar.xz"
export JAVA_HOME=$GPU/jre
JAVA=$JAVA_HOME/bin/java
part java-version 10 "$JAVA" -version

# The engine's tests and the benchmark: compiled test classes, their own jars, the app's lib folder.
CP=$GPU/test-classes
for jar in "$GPU"/testlib/*.jar "$GPU"/tapedeck/lib/*.jar; do CP=$CP:$jar; done
JOPTS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xss4m -Xmx8g)

part bench-gpu 50 "$JAVA" "${JOPTS[@]}" -cp "$CP" org.tapedeck.engine.backend.cuda.TutorialStepBenchmark \
    --device gpu --steps 300 --warmup 20 --batch 32

part gpu-tests 150 "$JAVA" "${JOPTS[@]}" -cp "$CP:$GPU/junit-platform-console-standalone.jar" \
    org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors --details=tree \
    --scan-class-path "$GPU/test-classes" --include-tag gpu

# The trainer, as users run it (offline, MNIST from .gpu/data); its files land in $OUT/trainer-*.
TAPEDECK=$ROOT/app/target/tapedeck/bin/tapedeck
[ -x "$TAPEDECK" ] || TAPEDECK=$GPU/tapedeck/bin/tapedeck
export TAPEDECK_OPTS="--enable-native-access=ALL-UNNAMED" TAPEDECK_OFFLINE=1 TAPEDECK_DATA=$GPU/data
for device in gpu cpu; do
    mkdir -p "$OUT/trainer-$device"
    part "trainer-$device" 55 bash -c "cd '$OUT/trainer-$device' && '$TAPEDECK' train --device $device --steps 300"
done

part torch-gpu 60 env MNIST_DIR="$GPU/data/mnist" python3 "$ROOT/gpu/torch_mnist_cuda.py" --steps 300 --warmup 20 --batch 32

part nvidia-smi-end 15 nvidia-smi --query-gpu=name,driver_version,memory.used,memory.total --format=csv

set +x
{
    echo "GPU check summary ($((SECONDS - START))s in all)"
    grep -h -m1 -E "^\|.*(H100|H200|NVIDIA)" "$OUT/nvidia-smi.log" 2>/dev/null
    for f in "$OUT"/*.log; do
        name=$(basename "$f" .log)
        [ "$name" = check ] && continue
        grep -H -E "RESULT|tests (successful|failed|skipped|aborted)|ms/step|images/s|tapedeck: |Exception" "$f" \
            | sed "s,^$OUT/,," | head -n 20
    done
} > "$OUT/summary.txt" 2>&1
cat "$OUT/summary.txt"
# Let tee finish writing check.log before the run tool collects $OUT.
exec >&- 2>&-
wait "$TEE_PID" 2>/dev/null
exit 0
