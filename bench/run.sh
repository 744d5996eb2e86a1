#!/usr/bin/env bash
# Benchmark postmarklint at monorepo scale: against `rg -il --hidden
# postmark` on a plain folder and on a git checkout of generated trees of
# several sizes, against `gitleaks dir`, on a tree in which every file holds
# a Postmark entry, on one big YAML file, and for `--staged` and
# `postmarklint FILE` against the git commands they run (the git floor).
#
# usage: bench/run.sh [--install] [--quick] [--files N] [--big-files N]
#                     [--small-files N] [--allpm-files N] [--big-yaml MIB]
#                     [--reps N] [--seed S] [--hook-files N] [--no-gitleaks]
#                     [--timer auto|hyperfine|loop] [--keep]
#
# Environment (flags win): FILES=30000 BIG_FILES=300000 SMALL_FILES=3000
# (0 skips a size) ALLPM_FILES=10000 BIG_YAML=50 (MiB, 0 skips) REPS=7
# SEED=1 HOOK_FILES=3000 RSS_RUNS=3 (runs under /usr/bin/time -v; the
# largest peak is reported) TIMER=auto (hyperfine when installed, else a
# date +%s%N loop), GITLEAKS=path, RG=path, TMPDIR (where trees go).
# --quick: FILES=3000 BIG_FILES=10000 SMALL_FILES=1000 ALLPM_FILES=1000
# BIG_YAML=5 REPS=2 HOOK_FILES=1000 RSS_RUNS=1 and no gitleaks, for
# testing the script end to end (about a minute).
#
# The Markdown report goes to stdout; progress goes to stderr.
# The tools' commands are arrays CMD_<id> read through namerefs (lib.sh),
# and the report's printf formats hold Markdown backquotes:
# shellcheck disable=SC2034,SC2016
set -euo pipefail

FILES=${FILES:-} BIG_FILES=${BIG_FILES:-} SMALL_FILES=${SMALL_FILES:-} ALLPM_FILES=${ALLPM_FILES:-}
BIG_YAML=${BIG_YAML:-} REPS=${REPS:-} SEED=${SEED:-1} HOOK_FILES=${HOOK_FILES:-} RSS_RUNS=${RSS_RUNS:-}
TIMER=${TIMER:-auto}
INSTALL=0 KEEP=0 QUICK=0 NO_GITLEAKS=0
GITLEAKS_VERSION=v8.30.1

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
	case $1 in
	--install) INSTALL=1 ;;
	--keep) KEEP=1 ;;
	--quick) QUICK=1 ;;
	--no-gitleaks) NO_GITLEAKS=1 ;;
	--files) FILES=$2; shift ;;
	--big-files) BIG_FILES=$2; shift ;;
	--small-files) SMALL_FILES=$2; shift ;;
	--allpm-files) ALLPM_FILES=$2; shift ;;
	--big-yaml) BIG_YAML=$2; shift ;;
	--reps) REPS=$2; shift ;;
	--seed) SEED=$2; shift ;;
	--hook-files) HOOK_FILES=$2; shift ;;
	--timer) TIMER=$2; shift ;;
	-h | --help) usage ;;
	*) echo "run.sh: unknown argument $1" >&2; usage ;;
	esac
	shift
done
if ((QUICK)); then
	: "${FILES:=3000}" "${BIG_FILES:=10000}" "${SMALL_FILES:=1000}" "${ALLPM_FILES:=1000}" "${BIG_YAML:=5}"
	: "${REPS:=2}" "${HOOK_FILES:=1000}" "${RSS_RUNS:=1}"
	NO_GITLEAKS=1
fi
: "${FILES:=30000}" "${BIG_FILES:=300000}" "${SMALL_FILES:=3000}" "${ALLPM_FILES:=10000}" "${BIG_YAML:=50}"
: "${REPS:=7}" "${HOOK_FILES:=3000}" "${RSS_RUNS:=3}"
for v in FILES BIG_FILES SMALL_FILES ALLPM_FILES BIG_YAML REPS SEED HOOK_FILES RSS_RUNS; do
	[[ ${!v} =~ ^[0-9]+$ ]] || { echo "run.sh: $v must be a number, got '${!v}'" >&2; exit 2; }
done
((REPS >= 1)) || { echo "run.sh: REPS must be at least 1" >&2; exit 2; }
((FILES >= 1)) || { echo "run.sh: FILES must be at least 1" >&2; exit 2; }
# The all-Postmark tree: every file configuration with an entry, keys
# scaled so that 10,000 files make about 30 MB.
ALLPM_KEYS=1.8

export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "run.sh: $*" >&2; }

# ---- peers ----------------------------------------------------------------
. "$ROOT/bench/lib.sh"
if ((INSTALL)); then install_peers ripgrep; fi
RG=${RG:-$(command -v rg || true)}
[[ -n $RG ]] || note "rg (Debian package ripgrep) is not installed: skipped (run with --install)"
find_peers
if ((NO_GITLEAKS)) && [[ -n $GITLEAKS ]]; then
	GITLEAKS=""
	note "gitleaks skipped (--no-gitleaks or --quick)"
fi
REAL_GIT=$(command -v git)

# ---- build ------------------------------------------------------------------
make_work pml-bench
build_tools
# postmarklint's caches go to the work folder: every run starts from the
# same state and nothing is written to the user's cache.
export XDG_CACHE_HOME=$WORK/cache

# The sizes of the scale rows, smallest first, each once.
read -r -a SIZES <<<"$(printf '%s\n' "$SMALL_FILES" "$FILES" "$BIG_FILES" | awk '$1 > 0' | sort -n -u | tr '\n' ' ')"

# gen runs the generator, records its summary in GEN_<key> and says it.
gen() { # key args...
	local key=$1 t0 t1
	shift
	t0=$(date +%s%N)
	"$WORK/bin/gen" "$@" 2>"$WORK/log/gen-$key.txt"
	t1=$(date +%s%N)
	printf -v "GEN_$key" '%s; written in %ss' "$(grep -v '^gen: 0 files' "$WORK/log/gen-$key.txt" | sed 's/^gen: //; s/,* in [^ ]*$//' | paste -sd ';' -)" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
	log "generated ($key): $(eval echo "\$GEN_$key")"
}

# ---- timing helpers ---------------------------------------------------------
# bench_group, stat_of, median_of, ratio: see lib.sh.

# setcmd makes the command of tool id: the array CMD_<id>.
setcmd() { # id command...
	declare -g -a "CMD_$1"
	local -n c="CMD_$1"
	c=("${@:2}")
}

# summary prints postmarklint's last line on stderr (its summary) for a
# run with the arguments given in dir.
summary() { # dir args...
	local dir=$1
	shift
	(cd "$dir" && "$PML" "$@" 2>&1 >/dev/null | tail -1) || true
}

row() { # id label base-rg-id base-pml-id
	local id=$1 label=$2 rgid=$3 pmlid=$4 med min max rss xrg xpml
	read -r med min max < <(stat_of "$id")
	rss=$(cat "$WORK/rss/$id")
	xrg="–"
	[[ -n $rgid && -s $WORK/times/$rgid ]] && xrg="$(ratio "$med" "$(median_of "$rgid")")×"
	xpml="$(ratio "$med" "$(median_of "$pmlid")")×"
	printf '| %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "$label" "$(shown "$id")" "$med" "$min" "$max" "$rss" "$xrg" "$xpml"
}

cpu_of() { # id -> median CPU seconds (user+system), or n/a without hyperfine
	if [[ -s $WORK/cpu/$1 ]]; then stat_of "$1" cpu | cut -d' ' -f1; else echo n/a; fi
}
# per_file prints seconds over n files in µs, or n/a.
per_file() { awk -v s="$1" -v n="$2" 'BEGIN { if (s == "n/a" || n == 0) print "n/a"; else printf "%.2f", s / n * 1e6 }'; }
# xratio is ratio with "n/a" passed through and a × sign.
xratio() { if [[ $1 == n/a || $2 == n/a ]]; then echo n/a; else echo "$(ratio "$1" "$2")×"; fi; }
case_label() { if [[ $1 == file ]]; then echo "\`postmarklint FILE\`"; else echo "\`postmarklint --staged\`"; fi; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "**missed**"; fi; }

# ---- the git floor ------------------------------------------------------------
# record_floor runs postmarklint once (args after the id) in dir with a
# recording git ahead on PATH, which writes each call's folder, arguments
# and standard input and then runs git, and with GIT_TRACE2_EVENT, whose
# count of git processes started by postmarklint (sids without a "/")
# must match the recording. It writes WORK/floor/<id>.sh, which replays
# those calls alone, one after the other, and sets CMD_<id> to run it;
# FLOOR_<id> says what it runs. On a mismatch, or with no git call, it
# notes why and leaves CMD_<id> unset.
SHIM=$WORK/shim
mkdir -p "$SHIM" "$WORK/floor" "$WORK/rec"
cat >"$SHIM/git" <<'EOF'
#!/bin/sh
# bench/run.sh: record one git call (folder, arguments, standard input), then run it.
d=$PML_GIT_RECORD/$(date +%s%N).$$
mkdir "$d" || exit 2
pwd >"$d/cwd"
printf '%s\0' "$@" >"$d/argv"
tee "$d/stdin" | "$PML_REAL_GIT" "$@"
EOF
chmod +x "$SHIM/git"

shq() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }

record_floor() { # id dir postmarklint-args...
	local id=$1 dir=$2 rec=$WORK/rec/$1 out=$WORK/floor/$1.sh trace=$WORK/rec/$1.trace d a prev="" calls traced desc=()
	shift 2
	mkdir -p "$rec"
	(cd "$dir" && "$PML" "$@" >/dev/null 2>&1) || true # the caches warm, as for the timed runs
	(cd "$dir" && PATH="$SHIM:$PATH" PML_GIT_RECORD=$rec PML_REAL_GIT=$REAL_GIT GIT_TRACE2_EVENT=$trace \
		"$PML" "$@" >/dev/null 2>&1) || true
	calls=$(find "$rec" -mindepth 1 -maxdepth 1 -type d | wc -l)
	traced=$( (grep '"event":"start"' "$trace" 2>/dev/null || true) | grep -o '"sid":"[^"]*"' | grep -vc / || true)
	if ((calls == 0)); then
		note "floor $id: postmarklint ran no git command: no floor"
		return
	fi
	if ((calls != traced)); then
		note "floor $id: the recording git saw $calls calls but GIT_TRACE2 $traced git processes: floor not measured"
		return
	fi
	{
		echo "#!/bin/sh"
		echo "# The git calls of one \`postmarklint $*\` run, recorded by bench/run.sh, replayed alone."
		for d in "$rec"/*/; do
			a=$(cat "$d/cwd")
			[[ $a != "$prev" ]] && echo "cd $(shq "$a") || exit 2"
			prev=$a
			local args=()
			while IFS= read -r -d '' a; do args+=("$(shq "$a")"); done <"$d/argv"
			echo "$(shq "$REAL_GIT") ${args[*]} <$(shq "${d}stdin") >/dev/null || [ \$? -le 1 ] || exit 2"
			# For the report: the arguments after -C DIR and --literal-pathspecs, and the lines of input.
			local shownargs
			shownargs=$(tr '\0' ' ' <"$d/argv" | sed "s|-C $dir ||; s|-C [^ ]* ||; s|--literal-pathspecs ||; s| $||")
			local lines
			lines=$(wc -l <"${d}stdin")
			case $lines in
			0) desc+=("\`git $shownargs\`") ;;
			1) desc+=("\`git $shownargs\` (1 line on standard input)") ;;
			*) desc+=("\`git $shownargs\` ($lines lines on standard input)") ;;
			esac
		done
	} >"$out"
	setcmd "$id" /bin/sh "$out"
	local joined
	joined=$(
		IFS=';'
		echo "${desc[*]}"
	)
	printf -v "FLOOR_$id" '%s' "${joined//;/, then }"
}

# ---- scale: plain folder and git checkout, per size ---------------------------
# For each size: the tree generated, postmarklint and rg --hidden timed in
# its parent folder (plain); then the tree committed (and packed, as a
# clone is) and the two timed inside it (git); then 5 staged config files
# and a committed .env.production, --staged and FILE against their floors.
GIT=(git -c user.name=bench -c user.email=bench@example.com -c init.defaultBranch=main)
RGH_ARGS=(-il --hidden --glob=!.git postmark)

stage_five() { # manifest repo -> stages 5 config files (one with a Postmark entry when there is one), lists them
	awk -F'\t' '$2 != "source" {
			if ($3 == "postmark" && pm == "") pm = $1
			else if ($3 != "postmark") a[++n] = $1
		}
		END {
			k = 0
			if (pm != "") { print pm; k = 1 }
			for (i = 0; k < 5 && i < n; i++) { print a[int(n * i / 5) + 1]; k++ }
		}' "$1" >"$2.staged"
	local i=0 f
	while read -r f; do
		i=$((i + 1))
		printf '# edited for the benchmark (%d)\n' "$i" >>"$2/$f"
		git -C "$2" add -- "$f"
	done <"$2.staged"
}

pick_file() { # manifest staged-list -> a committed file with a Postmark entry, not staged: a well-formed .env.production first
	awk -F'\t' 'NR == FNR { staged[$1] = 1; next }
		$3 == "postmark" && !($1 in staged) {
			n = split($1, p, "/")
			if (p[n] == ".env.production" && $4 == "-" && c[0] == "") c[0] = $1
			if (p[n] == ".env.production" && c[1] == "") c[1] = $1
			if ($2 == "env" && c[2] == "") c[2] = $1
			if (c[3] == "") c[3] = $1
		}
		END { for (i = 0; i < 4; i++) if (c[i] != "") { print c[i]; exit } }' "$2" "$1"
}

PML_FILE=""
for S in "${SIZES[@]}"; do
	SD=$WORK/s$S
	mkdir -p "$SD"
	gen "$S" -files "$S" -seed "$SEED" -manifest "$SD/manifest.tsv" "$SD/tree"
	printf -v "MB_$S" '%s' "$(du -sm "$SD/tree" | cut -f1)"

	if ((S == FILES)); then
		# The hook path's repository: the first HOOK_FILES files, before any edit.
		log "hook path: git repository with the first $HOOK_FILES files of the tree"
		mkdir -p "$WORK/repo"
		head -n "$HOOK_FILES" "$SD/manifest.tsv" | cut -f1 | tar -C "$SD/tree" -cf - -T - | tar -C "$WORK/repo" -xf -
		head -n "$HOOK_FILES" "$SD/manifest.tsv" >"$WORK/hook-manifest.tsv"
	fi

	# Plain folder, from the tree's parent.
	setcmd "pmlplain$S" "$PML" --format json tree
	ids=("pmlplain$S")
	if [[ -n $RG ]]; then
		setcmd "rgplain$S" "$RG" "${RGH_ARGS[@]}" tree
		ids+=("rgplain$S")
	fi
	if ((S == FILES)); then
		# The whole-tree rows of before: rg without --hidden, rg reading
		# everything, and gitleaks.
		if [[ -n $RG ]]; then
			CMD_rg=("$RG" -il postmark tree)
			CMD_rghidden=("$RG" -il --hidden --no-ignore postmark tree)
			ids+=(rg rghidden)
		fi
		if [[ -n $GITLEAKS ]]; then
			CMD_gitleaks=("$GITLEAKS" dir tree)
			ids+=(gitleaks)
		fi
	fi
	log "$S files, plain folder: ${ids[*]} ($TIMER, $REPS rounds)"
	bench_group "$SD" "${ids[@]}"
	printf -v "SUM_plain$S" '%s' "$(summary "$SD" --format json tree)"
	if ((S == FILES)) && [[ -n $RG ]]; then
		RG_HITS=$(cd "$SD" && "$RG" -il postmark tree | wc -l)
		RG_HIDDEN_HITS=$(cd "$SD" && "$RG" "${RGH_ARGS[@]}" tree | wc -l)
	fi

	# Git checkout: everything committed, objects packed.
	log "$S files: committing the tree"
	"${GIT[@]}" -C "$SD/tree" init -q
	"${GIT[@]}" -C "$SD/tree" add -A
	"${GIT[@]}" -C "$SD/tree" commit -q -m "benchmark tree"
	"${GIT[@]}" -C "$SD/tree" repack -a -d -q
	setcmd "pmlgit$S" "$PML" --format json .
	ids=("pmlgit$S")
	if [[ -n $RG ]]; then
		setcmd "rggit$S" "$RG" "${RGH_ARGS[@]}" .
		ids+=("rggit$S")
	fi
	log "$S files, git checkout: ${ids[*]} ($TIMER, $REPS rounds)"
	bench_group "$SD/tree" "${ids[@]}"
	printf -v "SUM_git$S" '%s' "$(summary "$SD/tree" --format json .)"

	# --staged and FILE against their git floors.
	stage_five "$SD/manifest.tsv" "$SD/tree"
	f=$(pick_file "$SD/manifest.tsv" "$SD/tree.staged")
	((S == FILES)) && PML_FILE=$f
	setcmd "pmlstaged$S" "$PML" --staged
	setcmd "pmlfile$S" "$PML" "$f"
	record_floor "floorstaged$S" "$SD/tree" --staged
	record_floor "floorfile$S" "$SD/tree" "$f"
	ids=("pmlstaged$S" "pmlfile$S")
	for id in "floorstaged$S" "floorfile$S"; do
		declare -p "CMD_$id" >/dev/null 2>&1 && ids+=("$id")
	done
	log "$S files, --staged and FILE ($f): ${ids[*]} ($TIMER, $REPS rounds)"
	bench_group "$SD/tree" "${ids[@]}"

	if ((!KEEP)); then rm -rf "$SD/tree"; fi
done

# ---- the hook path of before (HOOK_FILES files) -------------------------------
REPO=$WORK/repo
"${GIT[@]}" -C "$REPO" init -q
"${GIT[@]}" -C "$REPO" add -A
"${GIT[@]}" -C "$REPO" commit -q -m "benchmark tree"
stage_five "$WORK/hook-manifest.tsv" "$REPO"
STAGED_COUNT=$(git -C "$REPO" diff --cached --name-only | wc -l)
CMD_pmlstaged=("$PML" --staged)
HOOK_IDS=(pmlstaged)
if [[ -n $GITLEAKS ]]; then
	CMD_glstaged=("$GITLEAKS" git --pre-commit --staged .)
	HOOK_IDS+=(glstaged)
fi
log "hook path: ${HOOK_IDS[*]} ($TIMER, $REPS rounds)"
bench_group "$REPO" "${HOOK_IDS[@]}"
HOOK_SUMMARY=$(summary "$REPO" --staged)

# ---- all-Postmark tree and one big YAML file -------------------------------------
if ((ALLPM_FILES > 0)); then
	gen allpm -files "$ALLPM_FILES" -seed "$SEED" -config 1 -postmark 1 -keys "$ALLPM_KEYS" "$WORK/allpm"
	ALLPM_BYTES=$(find "$WORK/allpm" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
	CMD_pmlallpm=("$PML" --format json allpm)
	log "all-Postmark tree: pmlallpm ($TIMER, $REPS rounds)"
	bench_group "$WORK" pmlallpm
	SUM_allpm=$(summary "$WORK" "${CMD_pmlallpm[@]:1}")
	((KEEP)) || rm -rf "$WORK/allpm"
fi
if ((BIG_YAML > 0)); then
	gen bigyaml -files 0 -seed "$SEED" -big-yaml "$BIG_YAML" "$WORK/bigyaml"
	BIG_BYTES=$(stat -c %s "$WORK/bigyaml/big.yaml")
	CMD_pmlbigyaml=("$PML" --max-file-size 1GB --format json bigyaml/big.yaml)
	log "big YAML: pmlbigyaml ($TIMER, $REPS rounds)"
	bench_group "$WORK" pmlbigyaml
	SUM_bigyaml=$(summary "$WORK" "${CMD_pmlbigyaml[@]:1}")
	((KEEP)) || rm -rf "$WORK/bigyaml"
fi

# ---- report -------------------------------------------------------------------
echo "## Results: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
machine_line "; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Versions: $(verline "$PML" version); $(go version | cut -d' ' -f3-); $(git --version)"
[[ -n $RG ]] && echo "- $(verline "$RG" --version)"
[[ -n $GITLEAKS ]] && echo "- gitleaks $GITLEAKS_VERSION (go install github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION)"
for S in "${SIZES[@]}"; do
	gk="GEN_$S" mk="MB_$S"
	echo "- Tree of $S: \`go run ./bench/gen -files $S -seed $SEED DIR\`: ${!gk}; ${!mk} MB on disk ($(df -T "$WORK" | awk 'NR==2 { print $2 }'))"
done
echo "- Timing: $(timer_desc); $REPS rounds after one warm-up run per tool, the first tool of each round rotating; warm page cache; wall time in seconds; CPU = user+system of the process and its children (hyperfine)"
echo "- Peak memory: largest \"Maximum resident set size\" of $RSS_RUNS runs under \`/usr/bin/time -v\` (MB = 1024 kB)"
echo
echo "### Whole tree, $FILES files (run in the tree's parent folder; not a git work tree)"
echo
echo "| tool | command | median s | min s | max s | peak RSS MB | × rg | × postmarklint |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
row "pmlplain$FILES" postmarklint rg "pmlplain$FILES"
if [[ -n $RG ]]; then
	row rg "rg" rg "pmlplain$FILES"
	row "rgplain$FILES" "rg --hidden" rg "pmlplain$FILES"
	row rghidden "rg --hidden --no-ignore (info)" rg "pmlplain$FILES"
fi
[[ -n $GITLEAKS ]] && row gitleaks gitleaks rg "pmlplain$FILES"
echo
sk="SUM_plain$FILES"
echo "postmarklint: \`${!sk}\`."
[[ -n ${RG_HITS:-} ]] && echo "rg -il postmark lists $RG_HITS files (it skips hidden files such as .env.production); with --hidden $RG_HIDDEN_HITS."
echo

echo "### Scale: plain folder and git checkout against \`rg -il --hidden --glob=!.git postmark\`"
echo
echo "Plain: \`postmarklint --format json tree\` in the tree's parent folder. Git: the same tree committed and packed, \`postmarklint --format json .\` inside it. rg gets the same path."
echo
echo "| files | layout | postmarklint s | CPU s | peak RSS MB | rg s | rg CPU s | × rg | × rg CPU | µs CPU per file | µs wall per file |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# peer_cells prints the cells a postmarklint row shares with its peer's:
# wall, CPU, peak memory, the peer's wall and CPU (n/a when the peer was
# not run), and the two ratios.
peer_cells() { # pml-id peer-id
	local pw pc rw=n/a rc=n/a
	pw=$(median_of "$1") pc=$(cpu_of "$1")
	if [[ -s $WORK/times/$2 ]]; then rw=$(median_of "$2") rc=$(cpu_of "$2"); fi
	printf '%s | %s | %s | %s | %s | %s | %s' "$pw" "$pc" "$(cat "$WORK/rss/$1")" "$rw" "$rc" "$(xratio "$pw" "$rw")" "$(xratio "$pc" "$rc")"
}
for S in "${SIZES[@]}"; do
	for L in plain git; do
		printf '| %s | %s | %s | %s | %s |\n' "$S" "$L" "$(peer_cells "pml$L$S" "rg$L$S")" \
			"$(per_file "$(cpu_of "pml$L$S")" "$S")" "$(per_file "$(median_of "pml$L$S")" "$S")"
	done
done
echo
for S in "${SIZES[@]}"; do
	a="SUM_plain$S" b="SUM_git$S"
	echo "- $S files: plain \`${!a}\`; git \`${!b}\`"
done
echo

echo "### --staged and FILE against their git floor (git checkouts above, 5 staged config files)"
echo
echo "The floor is the git commands postmarklint ran for the case, with the same arguments and standard input, replayed alone by \`/bin/sh\` (one after the other) in the same alternated rounds. They were recorded from one run of postmarklint with a recording \`git\` ahead on PATH, checked against the git processes a \`GIT_TRACE2_EVENT\` trace of that run saw. FILE is \`$PML_FILE\` at $FILES files (a committed file with a Postmark entry)."
echo
echo "| files | case | postmarklint s | CPU s | peak RSS MB | git floor s | floor CPU s | × floor | × floor CPU |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for S in "${SIZES[@]}"; do
	for c in staged file; do
		printf '| %s | %s | %s |\n' "$S" "$(case_label "$c")" "$(peer_cells "pml$c$S" "floor$c$S")"
	done
done
echo
for c in staged file; do
	k="FLOOR_floor$c$FILES"
	[[ -n ${!k:-} ]] && echo "- Floor of $(case_label "$c") at $FILES files: ${!k}."
done
echo

echo "### Hook path (git repository: first $HOOK_FILES files of the tree committed, $STAGED_COUNT staged config files modified)"
echo
echo "| tool | command | median s | min s | max s | peak RSS MB | × rg | × postmarklint |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
row pmlstaged "postmarklint --staged" "" pmlstaged
[[ -n $GITLEAKS ]] && row glstaged "gitleaks pre-commit" "" pmlstaged
echo
echo "postmarklint --staged: \`$HOOK_SUMMARY\`."
echo

if ((ALLPM_FILES > 0 || BIG_YAML > 0)); then
	echo "### Every file with a Postmark entry, and one big YAML file"
	echo
	echo "| input | command | median s | min s | max s | CPU s | MB/s | peak RSS MB |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|"
	if ((ALLPM_FILES > 0)); then
		read -r med min max < <(stat_of pmlallpm)
		printf '| %s files, %.1f MB, all with an entry | `%s` | %s | %s | %s | %s | %s | %s |\n' "$ALLPM_FILES" "$(awk -v b="$ALLPM_BYTES" 'BEGIN { print b / 1e6 }')" \
			"$(shown pmlallpm)" "$med" "$min" "$max" "$(cpu_of pmlallpm)" "$(awk -v b="$ALLPM_BYTES" -v s="$med" 'BEGIN { printf "%.1f", b / 1e6 / s }')" "$(cat "$WORK/rss/pmlallpm")"
	fi
	if ((BIG_YAML > 0)); then
		read -r med min max < <(stat_of pmlbigyaml)
		printf '| big.yaml, %.1f MB | `%s` | %s | %s | %s | %s | %s | %s |\n' "$(awk -v b="$BIG_BYTES" 'BEGIN { print b / 1e6 }')" \
			"$(shown pmlbigyaml)" "$med" "$min" "$max" "$(cpu_of pmlbigyaml)" "$(awk -v b="$BIG_BYTES" -v s="$med" 'BEGIN { printf "%.1f", b / 1e6 / s }')" "$(cat "$WORK/rss/pmlbigyaml")"
	fi
	echo
	((ALLPM_FILES > 0)) && echo "- all-Postmark: \`go run ./bench/gen -files $ALLPM_FILES -seed $SEED -config 1 -postmark 1 -keys $ALLPM_KEYS DIR\`: ${GEN_allpm:-}; postmarklint: \`$SUM_allpm\`"
	((BIG_YAML > 0)) && echo "- big YAML: \`go run ./bench/gen -files 0 -seed $SEED -big-yaml $BIG_YAML DIR\`: ${GEN_bigyaml:-}; postmarklint: \`$SUM_bigyaml\`"
	echo
fi

# ---- targets --------------------------------------------------------------------
echo "### Targets"
echo
echo "| target | measured | verdict |"
echo "|---|---|---|"
target() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
notmeasured() { target "$1" "not measured: $2" "–"; }
pml_med=$(median_of "pmlplain$FILES")
if [[ -n $RG ]]; then
	rg_med=$(median_of rg)
	target "whole tree ($FILES files) ≤ 2× \`rg -il postmark\`" "$(ratio "$pml_med" "$rg_med")×" "$(verdict "$pml_med <= 2 * $rg_med")"
else
	notmeasured "whole tree ≤ 2× \`rg -il postmark\`" "rg not installed"
fi
if [[ -n $GITLEAKS ]]; then
	gl_med=$(median_of gitleaks)
	target "whole tree ≥ 30× faster than \`gitleaks dir\`" "$(ratio "$gl_med" "$pml_med")×" "$(verdict "$gl_med >= 30 * $pml_med")"
else
	notmeasured "whole tree ≥ 30× faster than \`gitleaks dir\`" "gitleaks not run"
fi
# within_target: postmarklint's wall time at most 1.5× a peer's.
within_target() { # label pml-id peer-id
	local a b
	a=$(median_of "$2") b=$(median_of "$3")
	target "$1 (wall)" "$(ratio "$a" "$b")× (CPU $(xratio "$(cpu_of "$2")" "$(cpu_of "$3")"))" "$(verdict "$a <= 1.5 * $b")"
}
# rss_target: a peak memory under limit MB.
rss_target() { # label id limit
	local m
	m=$(cat "$WORK/rss/$2")
	if [[ $m == n/a ]]; then
		notmeasured "$1: peak memory < $3 MB" "/usr/bin/time not installed"
	else
		target "$1: peak memory < $3 MB" "$m MB" "$(verdict "$m < $3")"
	fi
}
LARGEST=${SIZES[-1]} SMALLEST=${SIZES[0]}
for S in "$FILES" "$BIG_FILES"; do
	((S > 0)) || continue
	for L in plain git; do
		if [[ -n $RG ]]; then
			within_target "$L, $S files: ≤ 1.5× \`rg -il --hidden\`" "pml$L$S" "rg$L$S"
		else
			notmeasured "$L, $S files: ≤ 1.5× \`rg -il --hidden\`" "rg not installed"
		fi
	done
done
if ((LARGEST > SMALLEST)); then
	for L in plain git; do
		a=$(cpu_of "pml$L$SMALLEST") b=$(cpu_of "pml$L$LARGEST") kind=CPU
		if [[ $a == n/a ]]; then a=$(median_of "pml$L$SMALLEST") b=$(median_of "pml$L$LARGEST") kind=wall; fi
		x=$(per_file "$a" "$SMALLEST") y=$(per_file "$b" "$LARGEST")
		target "$L: cost per file flat from $SMALLEST to $LARGEST files (≤ 1.5× the smallest's)" "$kind $x → $y µs per file ($(ratio "$y" "$x")×)" "$(verdict "$y <= 1.5 * $x")"
	done
fi
for L in plain git; do
	rss_target "$L, $LARGEST files" "pml$L$LARGEST" 100
done
((ALLPM_FILES > 0)) && rss_target "all-Postmark tree ($ALLPM_FILES files)" pmlallpm 150
((BIG_YAML > 0)) && rss_target "$BIG_YAML MiB YAML file (1 GB)" pmlbigyaml 1024
for S in "$FILES" "$BIG_FILES"; do
	((S > 0)) || continue
	for c in staged file; do
		if [[ -s $WORK/times/floor$c$S ]]; then
			within_target "$(case_label "$c"), $S files: ≤ 1.5× the git floor" "pml$c$S" "floor$c$S"
		else
			notmeasured "$(case_label "$c"), $S files: ≤ 1.5× the git floor" "no floor (see the notes)"
		fi
	done
done
if [[ -n $GITLEAKS ]]; then
	a=$(median_of pmlstaged) b=$(median_of glstaged)
	target "hook path ($HOOK_FILES files): \`--staged\` ≥ 20× faster than \`gitleaks git --pre-commit --staged\`" "$(ratio "$b" "$a")×" "$(verdict "$b >= 20 * $a")"
else
	notmeasured "hook path: \`--staged\` ≥ 20× faster than gitleaks" "gitleaks not run"
fi
if ((${#NOTES[@]})); then
	echo
	echo "Notes:"
	for n in "${NOTES[@]}"; do echo "- $n"; done
fi
