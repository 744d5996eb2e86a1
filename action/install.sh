#!/usr/bin/env bash
# Installs postmarklint for the GitHub Action (action.yml): the release
# binary for this runner's OS and architecture, checked against the
# release's checksums file, or, where there is no such release (a commit
# or branch asked for, an OS without a build), go install. A checksum
# that does not match stops here: it never falls back.
#
# Environment: POSTMARKLINT_VERSION (a release such as 1.2.3 or v1.2.3,
# "latest", or a commit or branch for go install; empty: the action's own
# tag, else latest), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH,
# GITHUB_OUTPUT as the runner sets them. POSTMARKLINT_RELEASES_URL and
# POSTMARKLINT_MODULE name where releases and the module are (tests point
# them at a fake release). cmd/postmarklint's TestAction runs this.
set -euo pipefail

releases=${POSTMARKLINT_RELEASES_URL:-https://github.com/postmarklint/postmarklint/releases}
module=${POSTMARKLINT_MODULE:-github.com/postmarklint/postmarklint}
bin_dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/postmarklint/bin

say() { echo "postmarklint: $*" >&2; }
fail() {
	say "$*"
	exit 1
}

want=${POSTMARKLINT_VERSION:-}
if [[ -z $want ]]; then
	# The action pinned by a release tag installs that release.
	if [[ ${GITHUB_ACTION_REF:-} =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
		want=$GITHUB_ACTION_REF
	else
		want=latest
	fi
fi

case ${RUNNER_OS:-$(uname -s)} in
Linux) os=linux ;;
macOS | Darwin) os=darwin ;;
Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
*) os= ;;
esac
case ${RUNNER_ARCH:-$(uname -m)} in
X64 | x86_64 | amd64) arch=amd64 ;;
ARM64 | aarch64 | arm64) arch=arm64 ;;
*) arch= ;;
esac
exe=postmarklint ext=tar.gz
if [[ $os == windows ]]; then
	exe=postmarklint.exe ext=zip
fi

sha256() {
	if command -v sha256sum >/dev/null; then
		sha256sum "$1" | cut -d' ' -f1
	else
		shasum -a 256 "$1" | cut -d' ' -f1
	fi
}

# release TAG: installs the release's binary and returns 0; returns 1
# when the release or its archive for this runner does not exist.
release() {
	local tag=$1 version=${1#v} tmp archive sums expected actual
	tmp=$(mktemp -d)
	archive=postmarklint_${version}_${os}_${arch}.${ext}
	sums=postmarklint_${version}_checksums.txt
	if ! curl -fsSL --retry 3 -o "$tmp/$archive" "$releases/download/$tag/$archive"; then
		say "no $archive in release $tag"
		return 1
	fi
	curl -fsSL --retry 3 -o "$tmp/$sums" "$releases/download/$tag/$sums" ||
		fail "release $tag has $archive but no $sums: an unverified binary is not installed"
	expected=$(awk -v f="$archive" '{ sub(/^\*/, "", $2) } $2 == f { print $1 }' "$tmp/$sums")
	[[ -n $expected ]] || fail "$sums does not list $archive: an unverified binary is not installed"
	actual=$(sha256 "$tmp/$archive")
	[[ $actual == "$expected" ]] ||
		fail "checksum mismatch for $archive of release $tag: sha256 $actual, $sums says $expected; not installed"
	if [[ $ext == zip ]] && command -v unzip >/dev/null; then
		unzip -q -o "$tmp/$archive" "$exe" -d "$tmp/x"
	elif [[ $ext == zip ]]; then
		7z x -y -bd -o"$tmp/x" "$tmp/$archive" "$exe" >/dev/null
	else
		mkdir "$tmp/x" && tar -xzf "$tmp/$archive" -C "$tmp/x" "$exe"
	fi
	mkdir -p "$bin_dir"
	mv -f "$tmp/x/$exe" "$bin_dir/$exe"
	chmod +x "$bin_dir/$exe"
	rm -rf "$tmp"
	say "installed release $tag for $os/$arch (sha256 checked against $sums)"
}

# build REF: go install at a version, tag, commit or branch.
build() {
	command -v go >/dev/null ||
		fail "no release binary for $os/$arch at $1, and no Go to build one (add actions/setup-go before this action)"
	mkdir -p "$bin_dir"
	GOBIN=$bin_dir go install "$module/cmd/postmarklint@$1"
	say "built $module/cmd/postmarklint@$1 with $(go env GOVERSION)"
}

tag=
if [[ $want == latest ]]; then
	# The latest release's page redirects to its tag; no API token needed.
	url=$(curl -fsSL --retry 3 -o /dev/null -w '%{url_effective}' "$releases/latest") || url=
	if [[ $url == */tag/* ]]; then
		tag=${url##*/tag/}
	fi
elif [[ $want =~ ^v?[0-9]+\.[0-9]+\.[0-9]+ ]]; then
	tag=v${want#v}
fi

if [[ -n $tag && -n $os && -n $arch ]] && release "$tag"; then
	:
else
	build "${tag:-$want}"
fi

if [[ -n ${GITHUB_PATH:-} ]]; then
	echo "$bin_dir" >>"$GITHUB_PATH"
fi
version=$("$bin_dir/$exe" version)
version=${version%%$'\n'*}
version=${version#postmarklint }
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
	echo "version=$version" >>"$GITHUB_OUTPUT"
	echo "path=$bin_dir/$exe" >>"$GITHUB_OUTPUT"
fi
"$bin_dir/$exe" version
