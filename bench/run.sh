#!/usr/bin/env bash
# Benchmark postmarklint against `rg -il postmark` and `gitleaks dir` on a
# generated monorepo-like tree, and `postmarklint --staged` against
# `gitleaks git --pre-commit --staged` in a git repository (the hook path).
#
# usage: bench/run.sh [--install] [--files N] [--reps N] [--seed S]
#                     [--hook-files N] [--timer auto|hyperfine|loop] [--keep]
#
# Environment (flags win): FILES=30000 REPS=7 SEED=1 HOOK_FILES=3000
# TIMER=auto (hyperfine when installed, else a date +%s%N loop),
# RSS_RUNS=3 (runs under /usr/bin/time -v; the largest peak is reported),
# GITLEAKS=path, RG=path, TMPDIR (where the tree is written).
#
# The Markdown report goes to stdout; progress goes to stderr.
set -euo pipefail

FILES=${FILES:-30000}
REPS=${REPS:-7}
SEED=${SEED:-1}
HOOK_FILES=${HOOK_FILES:-3000}
TIMER=${TIMER:-auto}
RSS_RUNS=${RSS_RUNS:-3}
INSTALL=0
KEEP=0
GITLEAKS_VERSION=v8.30.1

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
	case $1 in
	--install) INSTALL=1 ;;
	--keep) KEEP=1 ;;
	--files) FILES=$2; shift ;;
	--reps) REPS=$2; shift ;;
	--seed) SEED=$2; shift ;;
	--hook-files) HOOK_FILES=$2; shift ;;
	--timer) TIMER=$2; shift ;;
	-h | --help) usage ;;
	*) echo "run.sh: unknown argument $1" >&2; usage ;;
	esac
	shift
done
for v in FILES REPS SEED HOOK_FILES RSS_RUNS; do
	[[ ${!v} =~ ^[0-9]+$ ]] || { echo "run.sh: $v must be a number, got '${!v}'" >&2; exit 2; }
done
((REPS >= 1)) || { echo "run.sh: REPS must be at least 1" >&2; exit 2; }

export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "run.sh: $*" >&2; }

# ---- peers ----------------------------------------------------------------
. "$ROOT/bench/lib.sh"
if ((INSTALL)); then install_peers ripgrep; fi
RG=${RG:-$(command -v rg || true)}
[[ -n $RG ]] || note "rg (Debian package ripgrep) is not installed: skipped (run with --install)"
find_peers

# ---- build and generate ---------------------------------------------------
make_work pml-bench

build_tools

log "generating $FILES files (seed $SEED) in $WORK/tree"
t0=$(date +%s%N)
"$WORK/bin/gen" -files "$FILES" -seed "$SEED" -manifest "$WORK/manifest.tsv" "$WORK/tree" 2>"$WORK/log/gen.txt"
t1=$(date +%s%N)
GEN_SECONDS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
GEN_SUMMARY=$(sed 's/^gen: //; s/ in .*//' "$WORK/log/gen.txt")
TREE_MB=$(du -sm "$WORK/tree" | cut -f1)
log "generated: $GEN_SUMMARY in ${GEN_SECONDS}s"

# ---- timing ---------------------------------------------------------------
# bench_group, stat_of, median_of, ratio: see lib.sh.

row() { # id label base-rg-id base-pml-id
	local id=$1 label=$2 rgid=$3 pmlid=$4 med min max rss xrg xpml
	local -n cmd="CMD_$id"
	read -r med min max < <(stat_of "$id")
	rss=$(cat "$WORK/rss/$id")
	xrg="–"
	[[ -n $rgid && -s $WORK/times/$rgid ]] && xrg="$(ratio "$med" "$(median_of "$rgid")")×"
	xpml="$(ratio "$med" "$(median_of "$pmlid")")×"
	local shown=${cmd[*]}
	shown=${shown//$WORK\/bin\//}
	shown=${shown//$GITLEAKS/gitleaks}
	shown=${shown//$RG/rg}
	printf '| %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "$label" "$shown" "$med" "$min" "$max" "$rss" "$xrg" "$xpml"
}

# ---- whole tree -----------------------------------------------------------
CMD_pml=("$PML" --format json tree)
TREE_IDS=(pml)
if [[ -n $RG ]]; then
	CMD_rg=("$RG" -il postmark tree)
	# rg skips hidden files (.env.*) unless told; this row reads what postmarklint reads and more.
	CMD_rghidden=("$RG" -il --hidden --no-ignore postmark tree)
	TREE_IDS+=(rg rghidden)
fi
if [[ -n $GITLEAKS ]]; then
	CMD_gitleaks=("$GITLEAKS" dir tree)
	TREE_IDS+=(gitleaks)
fi
log "whole tree: ${TREE_IDS[*]} ($TIMER, $REPS rounds)"
bench_group "$WORK" "${TREE_IDS[@]}"
PML_SUMMARY=$(cd "$WORK" && "$PML" --format json tree 2>&1 >/dev/null | tail -1 || true)
RG_HITS=""
[[ -n $RG ]] && RG_HITS=$(cd "$WORK" && "$RG" -il postmark tree | wc -l) &&
	RG_HIDDEN_HITS=$(cd "$WORK" && "$RG" -il --hidden --no-ignore postmark tree | wc -l)

# ---- hook path --------------------------------------------------------------
REPO=$WORK/repo
log "hook path: git repository with the first $HOOK_FILES files of the tree"
mkdir -p "$REPO"
head -n "$HOOK_FILES" "$WORK/manifest.tsv" | cut -f1 | tar -C "$WORK/tree" -cf - -T - | tar -C "$REPO" -xf -
git -C "$REPO" init -q -b main
git -C "$REPO" -c user.name=bench -c user.email=bench@example.com add -A
git -C "$REPO" -c user.name=bench -c user.email=bench@example.com commit -q -m "benchmark tree"
# 5 staged config files: one with a Postmark entry when the subset has one, so
# that postmarklint parses something, and 4 without.
awk -F'\t' -v h="$HOOK_FILES" 'NR <= h && $2 != "source" {
		if ($3 == "postmark" && pm == "") pm = $1
		else if ($3 != "postmark") a[++n] = $1
	}
	END {
		k = 0
		if (pm != "") { print pm; k = 1 }
		for (i = 0; k < 5 && i < n; i++) { print a[int(n * i / 5) + 1]; k++ }
	}' "$WORK/manifest.tsv" >"$WORK/staged.txt"
i=0
while read -r f; do
	i=$((i + 1))
	printf '# edited for the benchmark (%d)\n' "$i" >>"$REPO/$f"
	git -C "$REPO" add -- "$f"
done <"$WORK/staged.txt"
STAGED_COUNT=$(git -C "$REPO" diff --cached --name-only | wc -l)

HAS_STAGED=0
PML_HELP=$("$PML" --help 2>&1 || true)
if grep -qE -- '(^|[[:space:]])--?staged([[:space:]]|$)' <<<"$PML_HELP"; then
	HAS_STAGED=1
else
	note "postmarklint --staged: not implemented yet (the binary has no --staged flag): hook path not measured for postmarklint"
fi
HOOK_IDS=()
if ((HAS_STAGED)); then
	CMD_pmlstaged=("$PML" --staged)
	HOOK_IDS+=(pmlstaged)
fi
if [[ -n $GITLEAKS ]]; then
	CMD_glstaged=("$GITLEAKS" git --pre-commit --staged .)
	HOOK_IDS+=(glstaged)
fi
if ((${#HOOK_IDS[@]})); then
	log "hook path: ${HOOK_IDS[*]} ($TIMER, $REPS rounds)"
	bench_group "$REPO" "${HOOK_IDS[@]}"
fi
HOOK_SUMMARY=""
((HAS_STAGED)) && HOOK_SUMMARY=$(cd "$REPO" && "$PML" --staged 2>&1 >/dev/null | tail -1 || true)

# ---- report ---------------------------------------------------------------
echo "## Results: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
machine_line
echo "- Versions: $(verline "$PML" version); $(go version | cut -d' ' -f3-)"
[[ -n $RG ]] && echo "- $(verline "$RG" --version)"
[[ -n $GITLEAKS ]] && echo "- gitleaks $GITLEAKS_VERSION (go install github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION)"
echo "- Tree: \`go run ./bench/gen -files $FILES -seed $SEED DIR\`: $GEN_SUMMARY, $TREE_MB MB on disk (ext4/tmpfs: $(df -T "$WORK" | awk 'NR==2 { print $2 }')); written in ${GEN_SECONDS}s"
echo "- Timing: $(timer_desc); $REPS rounds after one warm-up run per tool, the first tool of each round rotating; warm page cache; wall time in seconds"
echo "- Peak memory: largest \"Maximum resident set size\" of $RSS_RUNS runs under \`/usr/bin/time -v\` (MB = 1024 kB)"
echo
echo "### Whole tree (run in the tree's parent folder; the tree is not a git work tree)"
echo
echo "| tool | command | median s | min s | max s | peak RSS MB | × rg | × postmarklint |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
row pml postmarklint rg pml
if [[ -n $RG ]]; then
	row rg "rg" rg pml
	row rghidden "rg --hidden (info)" rg pml
fi
[[ -n $GITLEAKS ]] && row gitleaks gitleaks rg pml
echo
echo "postmarklint: \`$PML_SUMMARY\`."
[[ -n $RG_HITS ]] && echo "rg -il postmark lists $RG_HITS files (it skips hidden files such as .env.production); with --hidden --no-ignore $RG_HIDDEN_HITS."
echo
echo "### Hook path (git repository: first $HOOK_FILES files of the tree committed, $STAGED_COUNT staged config files modified)"
echo
echo "| tool | command | median s | min s | max s | peak RSS MB | × rg | × postmarklint |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
if ((HAS_STAGED)); then
	row pmlstaged "postmarklint --staged" "" pmlstaged
	[[ -n $GITLEAKS ]] && row glstaged "gitleaks pre-commit" "" pmlstaged
	echo
	echo "postmarklint --staged: \`$HOOK_SUMMARY\`."
else
	echo "| postmarklint --staged | \`postmarklint --staged\` | not measured: --staged not implemented yet | | | | | |"
	if [[ -n $GITLEAKS ]]; then
		read -r med min max < <(stat_of glstaged)
		printf '| gitleaks pre-commit | `gitleaks git --pre-commit --staged .` | %s | %s | %s | %s | – | – |\n' "$med" "$min" "$max" "$(cat "$WORK/rss/glstaged")"
	fi
fi
echo

# ---- targets ----------------------------------------------------------------
echo "### Targets"
echo
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "**missed**"; fi; }
pml_med=$(median_of pml)
pml_rss=$(cat "$WORK/rss/pml")
if [[ -n $RG ]]; then
	rg_med=$(median_of rg)
	echo "- postmarklint wall time ≤ 2× \`rg -il postmark\`: $(ratio "$pml_med" "$rg_med")× → $(verdict "$pml_med <= 2 * $rg_med")"
else
	echo "- postmarklint wall time ≤ 2× \`rg -il postmark\`: not measured (rg not installed)"
fi
if [[ -n $GITLEAKS ]]; then
	gl_med=$(median_of gitleaks)
	echo "- postmarklint ≥ 30× faster than \`gitleaks dir\`: $(ratio "$gl_med" "$pml_med")× → $(verdict "$gl_med >= 30 * $pml_med")"
else
	echo "- postmarklint ≥ 30× faster than \`gitleaks dir\`: not measured (gitleaks not installed)"
fi
if [[ $pml_rss != n/a ]]; then
	echo "- postmarklint peak memory < 100 MB: $pml_rss MB → $(verdict "$pml_rss < 100")"
else
	echo "- postmarklint peak memory < 100 MB: not measured (/usr/bin/time not installed)"
fi
if ((HAS_STAGED)) && [[ -n $GITLEAKS ]]; then
	a=$(median_of pmlstaged) b=$(median_of glstaged)
	echo "- hook path: \`postmarklint --staged\` ≥ 20× faster than \`gitleaks git --pre-commit --staged\`: $(ratio "$b" "$a")× → $(verdict "$b >= 20 * $a")"
elif ((HAS_STAGED)); then
	echo "- hook path: not measured (gitleaks not installed)"
else
	echo "- hook path: not measured: --staged not implemented yet"
fi
if ((${#NOTES[@]})); then
	echo
	echo "Notes:"
	for n in "${NOTES[@]}"; do echo "- $n"; done
fi
