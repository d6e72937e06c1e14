#!/usr/bin/env bash
# Coverage-guided fuzzing of friskliv's parsers (cargo-fuzz, libFuzzer). Not part of .ci/run.
#
#   scripts/fuzz.sh                 # every target for 60 s each (SECONDS_PER_TARGET to change)
#   scripts/fuzz.sh read -runs=10000000 -fork=2   # one target, with libFuzzer's own options
#
# Built without a sanitizer (`-s none`): friskliv has no unsafe code of its own, the targets look for
# panics and broken invariants, and AddressSanitizer would halve the rate of executions.
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The seed corpus is the
# sample data, the examples, the built-in schema and every fixture the integration tests write
# (collected by running them with FRISKLIV_FUZZ_SEEDS). What a run finds is kept in fuzz/corpus/TARGET;
# a crash is saved in fuzz/artifacts/TARGET/, to become a regression test in tests/. The runs so far are
# recorded in docs/development.md (Fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
rustup toolchain list | grep -q '^nightly' || { echo "fuzz.sh: needs the nightly toolchain (rustup toolchain install nightly)" >&2; exit 2; }

# The fixtures of the integration tests, as seeds.
if [ ! -d fuzz/seeds/read ]; then
    FRISKLIV_FUZZ_SEEDS="$PWD/fuzz/seeds" cargo test --locked --test cli -q >/dev/null
fi
mkdir -p fuzz/seeds/config_files fuzz/seeds/grid_vs_csv
cp examples/*.toml src/schema/builtin.toml fuzz/seeds/config_files/
cp data/*.csv fuzz/seeds/grid_vs_csv/ 2>/dev/null || true

corpora() {
    case "$1" in
        read) echo "fuzz/corpus/read fuzz/seeds/read data" ;;
        config_files) echo "fuzz/corpus/config_files fuzz/seeds/config_files" ;;
        grid_vs_csv) echo "fuzz/corpus/grid_vs_csv fuzz/seeds/grid_vs_csv fuzz/seeds/read" ;;
    esac
}

# The read target writes each input to a file: on a RAM disk that costs no disk writes.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    export TMPDIR=/dev/shm
fi

# Runs one target, then names every input it saved in fuzz/artifacts/TARGET/. With -fork, libFuzzer
# saves a seed that crashes at start-up there but counts it in none of its "crash" figures and goes
# on, so the log alone can say 0/0/0 over a crash.
run() {
    local target=$1 status=0 marker found
    shift
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    marker=$(mktemp)
    # shellcheck disable=SC2046
    cargo +nightly fuzz run -O -s none "$target" $(corpora "$target") -- "$@" || status=$?
    found=$(find "fuzz/artifacts/$target" -type f -newer "$marker" | sort)
    rm -f "$marker"
    if [ -n "$found" ]; then
        echo "fuzz.sh: $target saved $(echo "$found" | wc -l) input(s) that crash, time out or run out of memory:" >&2
        echo "$found" | sed 's/^/  /' >&2
        echo "fuzz.sh: see what one does with: cargo +nightly fuzz run -O -s none $target FILE" >&2
        return 1
    fi
    return "$status"
}

if [ $# -gt 0 ]; then
    run "$@"
else
    for target in read config_files grid_vs_csv; do
        run "$target" -max_total_time="${SECONDS_PER_TARGET:-60}"
    done
fi
