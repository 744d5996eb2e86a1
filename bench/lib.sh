# Shared by bench/run.sh and bench/history.sh (sourced, not run): finding
# the peers, the work folder, timing a group of tools in alternated rounds,
# peak memory, and the statistics and machine lines of the report. They read
# WORK, REPS, TIMER (auto, hyperfine or loop), RSS_RUNS, TIMEV, WARMUP (0: no
# warm-up run), KEEP and GITLEAKS_VERSION, and call log(); a tool is an id
# whose command is the array CMD_<id>.
# shellcheck shell=bash

NOTES=()
# note records a line for the report's notes, and logs it.
note() { NOTES+=("$*"); log "$*"; }

# install_peers installs the peers with apt-get (time, hyperfine, jq and
# the packages named) and gitleaks with go install, for --install.
install_peers() {
	log "installing peers (apt-get: time hyperfine jq $*; go install gitleaks $GITLEAKS_VERSION)"
	apt-get update >&2
	apt-get install -y time hyperfine jq "$@" >&2
	(cd /tmp && go install "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION") >&2
}

# find_peers sets GITLEAKS (from $GITLEAKS, the PATH or GOPATH/bin), TIMEV
# (/usr/bin/time, when it takes -v) and HYPERFINE, notes what is missing,
# and settles TIMER: hyperfine (which needs jq) when auto finds it.
find_peers() {
	GITLEAKS=${GITLEAKS:-$(command -v gitleaks || true)}
	if [[ -z $GITLEAKS && -x "$(go env GOPATH)/bin/gitleaks" ]]; then
		GITLEAKS="$(go env GOPATH)/bin/gitleaks"
	fi
	TIMEV=""
	[[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1 && TIMEV=/usr/bin/time
	HYPERFINE=""
	command -v hyperfine >/dev/null && command -v jq >/dev/null && HYPERFINE=$(command -v hyperfine)
	[[ -n $GITLEAKS ]] || note "gitleaks is not installed: skipped (run with --install, or go install github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION)"
	[[ -n $TIMEV ]] || note "/usr/bin/time (Debian package time) is not installed: peak memory not measured"
	case $TIMER in
	auto) if [[ -n $HYPERFINE ]]; then TIMER=hyperfine; else TIMER=loop; fi ;;
	hyperfine) [[ -n $HYPERFINE ]] || { log "hyperfine and jq are not installed"; exit 2; } ;;
	loop) ;;
	*) log "--timer must be auto, hyperfine or loop"; exit 2 ;;
	esac
}

# make_work creates the work folder WORK (named after $1, in TMPDIR) with
# its subfolders, removed at exit unless KEEP.
make_work() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	if [[ $WORK == *[[:space:]]* ]]; then
		log "the work folder $WORK has a space in its name; set TMPDIR"
		exit 2
	fi
	trap 'if ((KEEP)); then log "kept $WORK"; else rm -rf "$WORK"; fi' EXIT
	mkdir -p "$WORK/bin" "$WORK/times" "$WORK/cpu" "$WORK/rss" "$WORK/log"
}

# build_tools builds postmarklint (PML) and the generator from ROOT into
# WORK/bin.
build_tools() {
	log "building postmarklint and the generator in $ROOT"
	(cd "$ROOT" && go build -o "$WORK/bin/postmarklint" ./cmd/postmarklint && go build -o "$WORK/bin/gen" ./bench/gen)
	# shellcheck disable=SC2034 # the scripts run it
	PML=$WORK/bin/postmarklint
}

# verline prints the first line a command writes.
verline() {
	local out
	out=$("$@" 2>/dev/null) || true
	echo "${out%%$'\n'*}"
}

# machine_line prints the report's line about the machine.
machine_line() {
	local mem cpu
	mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	echo "- Machine: $(nproc) cores ($cpu), $mem memory (/proc/meminfo MemTotal), $(uname -sr)$*"
}

# timer_desc says how the runs were timed.
timer_desc() {
	if [[ $TIMER == hyperfine ]]; then
		echo "hyperfine $(hyperfine --version | cut -d' ' -f2) -N --runs 1 per round (one command line per tool, tools alternated)"
	else
		echo "own loop (date +%s%N around each run)"
	fi
}

# A tool is an id, a label and a command held in the array CMD_<id>. Each
# group of tools runs in one folder: one warm-up each, then REPS rounds; each
# round runs every tool once, starting with a different tool each round, so
# that no tool always runs first or after the same neighbour.

# exit codes 0 and 1 mean "clean" and "found something" for all three tools.
check_rc() { # id rc errfile
	if (($2 > 1)); then
		log "$1 exited $2:"
		head -5 "$3" >&2
		return 1
	fi
}

run_once_loop() { # id -> prints seconds
	local -n cmd="CMD_$1"
	local t0 t1 rc=0
	t0=$(date +%s%N)
	"${cmd[@]}" >/dev/null 2>"$WORK/log/$1.err" || rc=$?
	t1=$(date +%s%N)
	check_rc "$1" "$rc" "$WORK/log/$1.err" || return 1
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", (b - a) / 1e9 }'
}

# With hyperfine, each run's CPU time (user and system, the processes it
# waited for included) goes to cpu/<id> too.
run_round_hyperfine() { # ids... -> appends each tool's time to times/<id>
	local args=() id json=$WORK/log/round.json
	for id in "$@"; do
		local -n cmd="CMD_$id"
		args+=(--command-name "$id" "${cmd[*]}")
		unset -n cmd
	done
	hyperfine -N -i --runs 1 --style none --export-json "$json" "${args[@]}" >"$WORK/log/hyperfine.txt" 2>&1 || {
		cat "$WORK/log/hyperfine.txt" >&2
		return 1
	}
	mkdir -p "$WORK/cpu"
	jq -r '.results[] | "\(.command) \(.times[0]) \(.exit_codes[0]) \(.user + .system)"' "$json" | while read -r id t rc cpu; do
		check_rc "$id" "$rc" /dev/null
		printf '%.6f\n' "$t" >>"$WORK/times/$id"
		printf '%.6f\n' "$cpu" >>"$WORK/cpu/$id"
	done
}

peak_rss() { # id -> largest peak RSS of RSS_RUNS runs, in MB (1 MB = 1024 kB)
	local -n cmd="CMD_$1"
	local i max=0 kb
	for ((i = 0; i < RSS_RUNS; i++)); do
		"$TIMEV" -v -o "$WORK/rss/$1.txt" "${cmd[@]}" >/dev/null 2>&1 || true
		kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$WORK/rss/$1.txt")
		((kb > max)) && max=$kb
	done
	awk -v k="$max" 'BEGIN { printf "%.1f", k / 1024 }'
}

bench_group() { # dir ids...
	local dir=$1 id r i n
	shift
	local ids=("$@")
	n=${#ids[@]}
	cd "$dir" || return
	mkdir -p "$WORK/cpu"
	for id in "${ids[@]}"; do
		: >"$WORK/times/$id"
		: >"$WORK/cpu/$id"
		if ((${WARMUP:-1})); then
			log "warm-up: $id"
			run_once_loop "$id" >/dev/null
		fi
	done
	for ((r = 0; r < REPS; r++)); do
		local order=()
		for ((i = 0; i < n; i++)); do order+=("${ids[(r + i) % n]}"); done
		log "round $((r + 1))/$REPS: ${order[*]}"
		if [[ $TIMER == hyperfine ]]; then
			run_round_hyperfine "${order[@]}"
		else
			for id in "${order[@]}"; do run_once_loop "$id" >>"$WORK/times/$id"; done
		fi
	done
	for id in "${ids[@]}"; do
		if [[ -n $TIMEV ]]; then
			log "peak memory: $id"
			peak_rss "$id" >"$WORK/rss/$id"
		else
			echo "n/a" >"$WORK/rss/$id"
		fi
	done
	cd "$WORK" || return
}

# shown is a tool's command line as a report prints it: the work folder's
# bin/ and log/ left out, gitleaks and rg by name.
shown() { # id
	local -n cmd="CMD_$1"
	local s=${cmd[*]}
	s=${s//$WORK\/bin\//}
	s=${s//$WORK\/log\//}
	[[ -n ${GITLEAKS:-} ]] && s=${s//$GITLEAKS/gitleaks}
	[[ -n ${RG:-} ]] && s=${s//$RG/rg}
	echo "$s"
}

stat_of() { # id [times|cpu] -> "median min max"
	sort -g "$WORK/${2:-times}/$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "n/a n/a n/a"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.4f %.4f %.4f\n", m, v[1], v[NR] }'
}
median_of() { stat_of "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
