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
# shellcheck disable=SC2206
paths=(${POSTMARKLINT_PATHS:-.})
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
	"$bin" --format sarif --output "$out/postmarklint.sarif" --fail-on never "${args[@]}" -- "${paths[@]}" 2>/dev/null
	if [[ -s $out/postmarklint.sarif && -n ${GITHUB_OUTPUT:-} ]]; then
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
		echo "${summary:-$(tail -n 1 "$out/stderr.txt")}"
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
