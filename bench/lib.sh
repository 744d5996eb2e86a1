# Shared by bench/run.sh and bench/history.sh (sourced, not run): timing a
# group of tools in alternated rounds, peak memory, and the statistics of the
# report. They read WORK, REPS, TIMER (hyperfine or loop), RSS_RUNS, TIMEV and
# WARMUP (0: no warm-up run), and log(); a tool is an id whose command is the
# array CMD_<id>.
# shellcheck shell=bash

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
	cd "$dir"
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
	cd "$WORK"
}

stat_of() { # id [times|cpu] -> "median min max"
	sort -g "$WORK/${2:-times}/$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "n/a n/a n/a"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.4f %.4f %.4f\n", m, v[1], v[NR] }'
}
median_of() { stat_of "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
