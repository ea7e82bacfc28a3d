#!/usr/bin/env bash
# Prepares, on this machine, everything gpu/check.sh needs on the lent GPU machine (which has no
# Java, no Maven and no network), under .gpu/ (git-ignored, so name it in the run tool's carry):
#
#   .gpu/jre.tar.xz                  a jlinked Temurin 25 runtime (modules found by jdeps)
#   .gpu/tapedeck/bin/tapedeck       the app's launcher, as `mvn package` lays it out
#   .gpu/tapedeck/lib/*.jar          the app, the engine, the CUDA kernels, JCuda (+ natives) and
#                                    the engine's test dependencies, all in one folder
#   .gpu/test-classes/               the engine's compiled tests (the gpu-tagged ones and the benchmark)
#   .gpu/junit-platform-console-standalone.jar
#   .gpu/data/mnist/                 the MNIST files, when /work/shared/data/mnist (or $MNIST_SRC) has them
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
mkdir -p "$GPU/tapedeck/lib" "$GPU/tapedeck/bin"

echo "== build: every module packaged (tests compiled, not run) and every dependency copied"
"${MVN[@]}" -DskipTests package dependency:copy-dependencies \
    -DincludeScope=test -DoutputDirectory="$GPU/tapedeck/lib" \
    -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian

# The reactor's own jars (copy-dependencies copied the ones other modules depend on; add the rest).
for jar in cuda-kernels/target/tapedeck-cuda-kernels-*.jar engine/target/tapedeck-engine-*.jar app/target/tapedeck-app-*.jar; do
    case "$jar" in *-sources.jar|*-tests.jar) continue ;; esac
    [ -f "$jar" ] && cp "$jar" "$GPU/tapedeck/lib/"
done
# The launcher and the app jar under the names the dist layout uses, when the app has a main class.
if [ -d app/target/tapedeck/bin ]; then
    cp app/target/tapedeck/bin/* "$GPU/tapedeck/bin/"
    [ -f app/target/tapedeck/lib/tapedeck-app.jar ] && cp app/target/tapedeck/lib/tapedeck-app.jar "$GPU/tapedeck/lib/"
    rm -f "$GPU"/tapedeck/lib/tapedeck-app-*.jar
fi
chmod +x "$GPU"/tapedeck/bin/* 2>/dev/null || true
cp -r engine/target/test-classes "$GPU/test-classes"

echo "== JUnit console launcher $JUNIT_PLATFORM"
"${MVN[@]}" dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$JUNIT_PLATFORM \
    -DoutputDirectory="$GPU" -Dmdep.stripVersion=true

echo "== Java runtime (jlink of Temurin 25: runs classes compiled for 17, needs only glibc 2.17)"
MODULES=java.base,java.logging,jdk.unsupported,java.management,java.xml
if DEPS=$("$JDK25/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
        "$GPU"/tapedeck/lib/*.jar "$GPU/junit-platform-console-standalone.jar" 2>/dev/null); then
    MODULES=$MODULES,$DEPS
fi
echo "modules: $MODULES"
rm -rf /tmp/tapedeck-gpu-jre
"$JDK25/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-9 \
    --output /tmp/tapedeck-gpu-jre
tar -C /tmp -cJf "$GPU/jre.tar.xz" --transform 's,^tapedeck-gpu-jre,jre,' tapedeck-gpu-jre
rm -rf /tmp/tapedeck-gpu-jre

MNIST_SRC=${MNIST_SRC:-/work/shared/data/mnist}
if ls "$MNIST_SRC"/train-images-idx3-ubyte* >/dev/null 2>&1; then
    echo "== MNIST from $MNIST_SRC"
    mkdir -p "$GPU/data/mnist"
    cp "$MNIST_SRC"/*-ubyte* "$GPU/data/mnist/"
fi

echo "== .gpu is ready:"
du -sh "$GPU" "$GPU"/* | sed 's,'"$ROOT"'/,,'
TOTAL=$(du -sm "$GPU" | cut -f1)
if [ "$TOTAL" -gt 60 ]; then
    echo "WARNING: .gpu is ${TOTAL} MiB; the run tool carries at most 64 MiB in all" >&2
fi
