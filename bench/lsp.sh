#!/usr/bin/env bash
# The editor server's keystroke round trip in a large repository: makes a
# git repository of the generated tree (FILES files, default 30000),
# then runs BenchmarkDidChange (lint/lsp) in it: a didChange of a 2 KB
# .env.production until its diagnostics arrive, debounce left out. For
# comparison it also times the on-save path of before, one
# postmarklint --stdin run per save. Prints Markdown; --keep keeps the
# work folder.
#
#   bench/lsp.sh                 # FILES=30000 SEED=1 BENCHTIME=200x
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${FILES:-30000} SEED=${SEED:-1} BENCHTIME=${BENCHTIME:-200x}
keep=false
[[ ${1:-} == --keep ]] && keep=true
work=$(mktemp -d)
$keep || trap 'rm -rf "$work"' EXIT
repo=$work/repo

echo "generating $FILES files and committing them ..." >&2
go run ./bench/gen -files "$FILES" -seed "$SEED" "$repo" >/dev/null
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.email=bench@example.invalid -c user.name=bench commit -q -m tree
go build -o "$work/postmarklint" ./cmd/postmarklint

echo "## postmarklint lsp: didChange round trip ($FILES-file git repository, $(nproc) cores)"
echo
echo '```'
XDG_CACHE_HOME=$work/cache POSTMARKLINT_BENCH_REPO=$repo \
	go test -run '^$' -bench DidChange -benchtime "$BENCHTIME" ./lint/lsp | grep -E '^(Benchmark|goos|cpu)'
echo '```'

# The same buffer through the command line, as an on-save task runs it.
buf=$work/buffer.env
for i in $(seq 0 60); do printf 'SETTING_%03d=value-%d-of-the-mailer-service\n' "$i" "$i"; done >"$buf"
echo 'POSTMARK_SERVER_TOKEN="3f0c9a51-7d2e-4b8a-9c61-0e5d7a2b4f19 "' >>"$buf"
start=$(date +%s%N)
n=20
for _ in $(seq $n); do
	(cd "$repo" && { XDG_CACHE_HOME=$work/cache "$work/postmarklint" --stdin --stdin-filename services/mailer/.env.production <"$buf" >/dev/null 2>&1 || true; })
done
end=$(date +%s%N)
echo
echo "postmarklint --stdin on the same buffer (one process per save): $(( (end - start) / n / 1000 )) µs per run, mean of $n"
