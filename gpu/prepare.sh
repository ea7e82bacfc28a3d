#!/usr/bin/env bash
# Prepares, on this machine, everything gpu/check.sh needs on the lent GPU machine (which has no
# Java, no Maven and no network), under .gpu/ (git-ignored, so name it in the run tool's carry):
#
#   .gpu/jre.tar.xz                  a jlinked Temurin 25 runtime (java.base, java.logging,
#                                    jdk.unsupported, java.management + what jdeps finds in Tapedeck's jars)
#   .gpu/tapedeck/                   the app as `mvn package` lays it out: bin/tapedeck, lib/ with the
#                                    app, engine, CUDA kernels, JCuda + natives and the other runtime jars
#   .gpu/test-classes/               the engine's compiled tests (the gpu-tagged ones and the benchmark)
#   .gpu/testlib/                    the tests' own dependencies (gson), JUnit excluded
#   .gpu/junit-platform-console-standalone.jar
#   .gpu/data/mnist/                 the MNIST files, if they fit in the 64 MiB the run tool carries
#                                    (the trainer falls back to its embedded subset, the benchmarks to
#                                    synthetic batches)
#
# Usage: gpu/prepare.sh            (from anywhere; builds with Maven, offline if OFFLINE=1)
# Then:  run tool: command "bash gpu/check.sh", carry [".gpu"], timeout_s 480.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GPU=$ROOT/.gpu
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JUNIT_PLATFORM=${JUNIT_PLATFORM:-1.14.1}
MVN=(mvn -q -B)
[ "${OFFLINE:-0}" = 1 ] && MVN+=(-o)

grep -qx '.gpu/' .gitignore || { echo ".gitignore must list .gpu/ (it holds build outputs)" >&2; exit 1; }
rm -rf "$GPU"
mkdir -p "$GPU"

echo "== build: every module packaged (tests compiled, not run); the tests' own dependencies copied"
"${MVN[@]}" -DskipTests package dependency:copy-dependencies \
    -DexcludeScope=runtime -DoutputDirectory="$GPU/testlib" \
    -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian
if [ ! -d app/target/tapedeck/lib ]; then
    echo "app/target/tapedeck was not laid out by mvn package" >&2
    exit 1
fi
cp -r app/target/tapedeck "$GPU/tapedeck"
chmod +x "$GPU"/tapedeck/bin/*
cp -r engine/target/test-classes "$GPU/test-classes"
# The check runs no window: leave the desktop's jars (and the UI tests' libraries) behind, so that
# MNIST fits in what the run tool carries.
rm -f "$GPU"/tapedeck/lib/javafx-*.jar "$GPU"/tapedeck/lib/controlsfx-*.jar
rm -f "$GPU"/testlib/testfx-*.jar "$GPU"/testlib/openjfx-monocle-*.jar "$GPU"/testlib/assertj-*.jar \
      "$GPU"/testlib/hamcrest-*.jar "$GPU"/testlib/org.osgi.core-*.jar

echo "== JUnit console launcher $JUNIT_PLATFORM"
"${MVN[@]}" dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM \
    -DoutputDirectory="$GPU" -Dmdep.stripVersion=true

echo "== Java runtime (jlink of Temurin 25: runs classes compiled for 17, needs only glibc 2.17)"
MODULES=java.base,java.logging,jdk.unsupported,java.management
if DEPS=$("$JDK25/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
        "$GPU"/tapedeck/lib/tapedeck-*.jar 2>/dev/null) && [ -n "$DEPS" ]; then
    MODULES=$MODULES,$DEPS
fi
MODULES=$MODULES${EXTRA_MODULES:+,$EXTRA_MODULES}
echo "modules: $MODULES"
rm -rf /tmp/tapedeck-gpu-jre
"$JDK25/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-9 \
    --output /tmp/tapedeck-gpu-jre
tar -C /tmp -cJf "$GPU/jre.tar.xz" --transform 's,^tapedeck-gpu-jre,jre,' tapedeck-gpu-jre
rm -rf /tmp/tapedeck-gpu-jre

MNIST_SRC=${MNIST_SRC:-/work/shared/data/mnist}
USED=$(du -sm "$GPU" | cut -f1)
MNIST_SIZE=$(du -smc "$MNIST_SRC"/*-ubyte* 2>/dev/null | tail -1 | cut -f1)
if [ -n "$MNIST_SIZE" ] && [ "$MNIST_SIZE" -gt 0 ] && [ $((USED + MNIST_SIZE)) -le 58 ]; then
    echo "== MNIST from $MNIST_SRC"
    mkdir -p "$GPU/data/mnist"
    cp "$MNIST_SRC"/*-ubyte* "$GPU/data/mnist/"
else
    echo "== MNIST left out (${USED} MiB used, ${MNIST_SIZE:-no} MiB of MNIST): the trainer uses its embedded subset"
fi

echo "== .gpu is ready:"
du -sh "$GPU" "$GPU"/* | sed 's,'"$ROOT"'/,,'
TOTAL=$(du -sm "$GPU" | cut -f1)
if [ "$TOTAL" -gt 60 ]; then
    echo "WARNING: .gpu is ${TOTAL} MiB; the run tool carries at most 64 MiB in all" >&2
fi
