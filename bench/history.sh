#!/usr/bin/env bash
# Benchmark `postmarklint history` against `gitleaks git` on generated git
# histories of 1,250, 2,500 and 5,000 commits (4 files added per commit:
# 5,000, 10,000 and 20,000 files), to see that postmarklint is at least 10x
# faster and that its cost per commit stays flat as history grows.
#
# usage: bench/history.sh [--install] [--commits "1250 2500 5000"] [--reps N]
#                         [--seed S] [--timer auto|hyperfine|loop] [--keep]
#
# Environment (flags win): COMMITS="1250 2500 5000" FILES_PER_COMMIT=4 REPS=3
# SEED=1 TIMER=auto WARMUP=1 RSS_RUNS=1 GITLEAKS=path, TMPDIR (where the
# repositories are written).
#
# The Markdown report goes to stdout; progress goes to stderr.
# KEEP is read by lib.sh; the tools' commands are arrays CMD_<id> set through
# namerefs; the report's printf formats hold Markdown backquotes:
# shellcheck disable=SC2034,SC2178,SC2016
set -euo pipefail

COMMITS=${COMMITS:-1250 2500 5000}
FILES_PER_COMMIT=${FILES_PER_COMMIT:-4}
REPS=${REPS:-3}
SEED=${SEED:-1}
TIMER=${TIMER:-auto}
WARMUP=${WARMUP:-1}
RSS_RUNS=${RSS_RUNS:-1}
INSTALL=0
KEEP=0
GITLEAKS_VERSION=v8.30.1

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
	case $1 in
	--install) INSTALL=1 ;;
	--keep) KEEP=1 ;;
	--commits) COMMITS=$2; shift ;;
	--reps) REPS=$2; shift ;;
	--seed) SEED=$2; shift ;;
	--timer) TIMER=$2; shift ;;
	-h | --help) usage ;;
	*) echo "history.sh: unknown argument $1" >&2; usage ;;
	esac
	shift
done
for v in FILES_PER_COMMIT REPS SEED RSS_RUNS WARMUP; do
	[[ ${!v} =~ ^[0-9]+$ ]] || { echo "history.sh: $v must be a number, got '${!v}'" >&2; exit 2; }
done
for c in $COMMITS; do
	if ! [[ $c =~ ^[0-9]+$ ]] || ((c < 20)); then
		echo "history.sh: commit counts must be numbers of at least 20, got '$c'" >&2
		exit 2
	fi
done
((REPS >= 1)) || { echo "history.sh: REPS must be at least 1" >&2; exit 2; }

export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "history.sh: $*" >&2; }

# ---- peers ----------------------------------------------------------------
. "$ROOT/bench/lib.sh"
# shellcheck disable=SC2119 # no packages beyond the peers
if ((INSTALL)); then install_peers; fi
find_peers
[[ $TIMER == hyperfine ]] || note "no hyperfine and jq: wall time only, no CPU time"

# ---- build and generate ---------------------------------------------------
make_work pml-history-bench

build_tools

declare -A GEN_SUMMARY GEN_SECONDS
for c in $COMMITS; do
	files=$((c * FILES_PER_COMMIT))
	log "generating $c commits, $files files (seed $SEED) in $WORK/repo-$c"
	t0=$(date +%s%N)
	"$WORK/bin/gen" -files "$files" -commits "$c" -seed "$SEED" "$WORK/repo-$c" 2>"$WORK/log/gen-$c.txt"
	t1=$(date +%s%N)
	GEN_SECONDS[$c]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	GEN_SUMMARY[$c]=$(sed 's/^gen: //; s/; repository .*//' "$WORK/log/gen-$c.txt")
	log "generated: ${GEN_SUMMARY[$c]} in ${GEN_SECONDS[$c]}s"
done

# ---- timing ---------------------------------------------------------------
for c in $COMMITS; do
	declare -n cmd="CMD_pml$c"
	cmd=("$PML" history --format json)
	unset -n cmd
	ids=("pml$c")
	if [[ -n $GITLEAKS ]]; then
		# gitleaks git reads git log -p -U0 --full-history --all: every
		# commit that a ref reaches, as postmarklint history does.
		declare -n cmd="CMD_gl$c"
		cmd=("$GITLEAKS" git --no-banner --report-format json --report-path "$WORK/log/gitleaks-$c.json" .)
		unset -n cmd
		ids+=("gl$c")
	fi
	log "$c commits: ${ids[*]} ($TIMER, $REPS rounds)"
	bench_group "$WORK/repo-$c" "${ids[@]}"
done

# ---- report ---------------------------------------------------------------
warmup_desc="after one warm-up run per tool"
((WARMUP)) || warmup_desc="without warm-up runs"

echo "## History: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
machine_line "; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Versions: $(verline "$PML" version); $(go version | cut -d' ' -f3-); $(git --version)"
[[ -n $GITLEAKS ]] && echo "- gitleaks $GITLEAKS_VERSION (go install github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION), default rules"
for c in $COMMITS; do
	echo "- $c commits: \`go run ./bench/gen -files $((c * FILES_PER_COMMIT)) -commits $c -seed $SEED DIR\`: ${GEN_SUMMARY[$c]}; $(du -sm "$WORK/repo-$c/.git" | cut -f1) MB of .git; written in ${GEN_SECONDS[$c]}s"
done
echo "- Timing: $(timer_desc); $REPS rounds $warmup_desc, the first tool of each round rotating; warm page cache; wall and CPU (user + system, git processes included) time in seconds"
echo "- Peak memory: largest \"Maximum resident set size\" of $RSS_RUNS runs under \`/usr/bin/time -v\` (MB = 1024 kB), which is that of the largest process of the run: the tool's, or a git process it started (both tools run git log)"
echo
echo "| commits | tool | command | median s | min s | max s | CPU s | peak RSS MB | ms per commit | CPU ms per commit | × postmarklint |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
per_commit() { awk -v s="$1" -v n="$2" 'BEGIN { if (s + 0 > 0) printf "%.3f", 1000 * s / n; else print "n/a" }'; }
hrow() { # commits id label
	local c=$1 id=$2 label=$3 med min max cpu rss
	read -r med min max < <(stat_of "$id")
	cpu=$(stat_of "$id" cpu | cut -d' ' -f1)
	rss=$(cat "$WORK/rss/$id")
	printf '| %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s× |\n' "$c" "$label" "$(shown "$id")" "$med" "$min" "$max" "$cpu" "$rss" \
		"$(per_commit "$med" "$c")" "$(per_commit "$cpu" "$c")" "$(ratio "$med" "$(median_of "pml$c")")"
}
for c in $COMMITS; do
	hrow "$c" "pml$c" "postmarklint history"
	[[ -n $GITLEAKS ]] && hrow "$c" "gl$c" "gitleaks git"
done
echo
for c in $COMMITS; do
	sum=$( (cd "$WORK/repo-$c" && "$PML" history --format json 2>&1 >/dev/null | tail -1) || true)
	line="- $c commits: \`$sum\`"
	if [[ -n $GITLEAKS && -s $WORK/log/gitleaks-$c.json ]] && command -v jq >/dev/null; then
		line+="; gitleaks: $(jq length "$WORK/log/gitleaks-$c.json") findings"
	fi
	echo "$line"
done
echo

# ---- targets ----------------------------------------------------------------
echo "### Targets"
echo
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "**missed**"; fi; }
read -r -a sizes <<<"$COMMITS"
small=${sizes[0]} big=${sizes[${#sizes[@]} - 1]}
pml_big=$(median_of "pml$big")
if [[ -n $GITLEAKS ]]; then
	gl_big=$(median_of "gl$big")
	echo "- \`postmarklint history\` ≥ 10× faster than \`gitleaks git\` at $big commits: $(ratio "$gl_big" "$pml_big")× → $(verdict "$gl_big >= 10 * $pml_big")"
else
	echo "- \`postmarklint history\` ≥ 10× faster than \`gitleaks git\`: not measured (gitleaks not installed)"
fi
per_small=$(awk -v s="$(median_of "pml$small")" -v n="$small" 'BEGIN { print s / n }')
per_big=$(awk -v s="$pml_big" -v n="$big" 'BEGIN { print s / n }')
echo "- cost per commit flat: $big commits cost $(ratio "$per_big" "$per_small")× per commit what $small do (target ≤ 1.5×) → $(verdict "$per_big <= 1.5 * $per_small")"
if [[ $TIMER == hyperfine ]]; then
	cpu_small=$(awk -v s="$(stat_of "pml$small" cpu | cut -d' ' -f1)" -v n="$small" 'BEGIN { print s / n }')
	cpu_big=$(awk -v s="$(stat_of "pml$big" cpu | cut -d' ' -f1)" -v n="$big" 'BEGIN { print s / n }')
	echo "- the same in CPU time: $(ratio "$cpu_big" "$cpu_small")× → $(verdict "$cpu_big <= 1.5 * $cpu_small")"
fi
if ((${#NOTES[@]})); then
	echo
	echo "Notes:"
	for n in "${NOTES[@]}"; do echo "- $n"; done
fi
