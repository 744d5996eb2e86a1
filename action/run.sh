#!/usr/bin/env bash
# Runs postmarklint for the GitHub Action (action.yml): the report in the
# chosen format on standard output (workflow annotations with github),
# SARIF to a file when asked, and a job summary; exits as postmarklint
# does, so --fail-on decides whether the step fails.
#
# Environment: POSTMARKLINT (the binary), POSTMARKLINT_PATHS (separated
# by blanks or lines), POSTMARKLINT_FORMAT, POSTMARKLINT_FAIL_ON,
# POSTMARKLINT_ARGS (more flags), POSTMARKLINT_SARIF (true or false),
# RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as the runner sets
# them. cmd/postmarklint's TestAction runs this.
set -uo pipefail

bin=${POSTMARKLINT:-postmarklint}
out=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/postmarklint
mkdir -p "$out"
set -f # the inputs are paths and flags, not patterns for the shell
if [[ ${POSTMARKLINT_PATHS:-} == *$'\n'* ]]; then
	# One path a line: a path may hold blanks ("docs/My Settings").
	mapfile -t paths < <(printf '%s\n' "$POSTMARKLINT_PATHS" | sed -e 's/^[[:blank:]]*//' -e 's/[[:blank:]]*$//' -e '/^$/d')
else
	# shellcheck disable=SC2206
	paths=(${POSTMARKLINT_PATHS:-.})
fi
# shellcheck disable=SC2206
args=(${POSTMARKLINT_ARGS:-})
set +f
[[ ${#paths[@]} -gt 0 ]] || paths=(.)

"$bin" --format "${POSTMARKLINT_FORMAT:-github}" --fail-on "${POSTMARKLINT_FAIL_ON:-error}" "${args[@]}" -- "${paths[@]}" 2>"$out/stderr.txt"
code=$?
cat "$out/stderr.txt" >&2
summary=$(grep '^postmarklint: ' "$out/stderr.txt" | tail -n 1)
summary=${summary#postmarklint: }

if [[ ${POSTMARKLINT_SARIF:-false} == true ]]; then
	# A run that failed (exit 2: a missing path, a bad flag or
	# configuration) is not uploaded: its SARIF would lack findings, and
	# code scanning would close their alerts as fixed.
	rm -f "$out/postmarklint.sarif"
	"$bin" --format sarif --output "$out/postmarklint.sarif" --fail-on never "${args[@]}" -- "${paths[@]}" 2>/dev/null
	sarif_code=$?
	if [[ $sarif_code -ne 0 ]]; then
		echo "postmarklint: the SARIF run failed (exit $sarif_code): nothing to upload" >&2
	elif [[ -s $out/postmarklint.sarif && -n ${GITHUB_OUTPUT:-} ]]; then
		echo "sarif-file=$out/postmarklint.sarif" >>"$GITHUB_OUTPUT"
	fi
fi
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
	echo "exit-code=$code" >>"$GITHUB_OUTPUT"
fi

if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
	case $code in
	0) verdict="passed" ;;
	1) verdict="failed: findings at or above --fail-on ${POSTMARKLINT_FAIL_ON:-error}" ;;
	*) verdict="could not run (exit $code)" ;;
	esac
	{
		echo "### postmarklint $verdict"
		echo
		if [[ $code -ge 2 ]]; then
			# The errors say why, not the counts printed after them.
			echo "<pre>"
			grep -v '^postmarklint: [0-9]* files\{0,1\}, ' "$out/stderr.txt" | head -n 20 |
				sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
			echo "</pre>"
		else
			echo "${summary:-$(tail -n 1 "$out/stderr.txt")}"
		fi
		# The text report, redacted like every report, escaped for HTML
		# and cut well below the summary's 1 MiB limit.
		"$bin" --format text --no-color --fail-on never "${args[@]}" -- "${paths[@]}" 2>/dev/null >"$out/report.txt"
		if [[ -s $out/report.txt ]]; then
			echo
			echo "<details><summary>Findings</summary>"
			echo
			echo "<pre>"
			head -c 262144 "$out/report.txt" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
			echo "</pre>"
			echo "</details>"
		fi
	} >>"$GITHUB_STEP_SUMMARY"
fi
exit "$code"
