#!/usr/bin/env bash
# A stand-in for the base image node:20-bookworm-slim, made from this machine's own files, for
# machines that cannot pull images (docker/ci.sh uses it only when the real one cannot be pulled).
# It holds what the Dockerfile and the running image use, as the real image has it: Node and npm,
# the libraries `ldd` lists and the dynamic loader, /bin/sh and env (npm runs scripts through
# them) and a few coreutils, a `node` user with uid 1000, and no CA bundle and no npmrc of the machine's (the real
# slim image has neither: Node uses its own CA store, and an extra CA is the build's EXTRA_CA_CERT).
#   docker/standin-base.sh [TAG]     (default node:20-bookworm-slim; needs DOCKER_HOST or a daemon)
set -euo pipefail
tag="${1:-node:20-bookworm-slim}"
docker="${DOCKER:-docker}"

node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
npm_dir="$(cd "$npm_dir" && pwd)"
sh_bin="$(readlink -f /bin/sh)"
env_bin="$(readlink -f "$(command -v env)")"
# A few of the coreutils every Debian image has, for RUN lines and `docker exec`.
coreutils=()
for tool in cat chown cp id ls mkdir mv rm; do coreutils+=("$(readlink -f "$(command -v "$tool")")"); done

rootfs="$(mktemp -d /tmp/linkstack-standin.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT

# Each file at its own path, symlinked libraries resolved to the file they name.
copy() {
  local src="$1" dst="$rootfs$1"
  mkdir -p "$(dirname "$dst")"
  cp -L "$src" "$dst"
}
for bin in "$node_bin" "$sh_bin" "$env_bin" "${coreutils[@]}"; do
  copy "$bin"
  # ldd lines: "libx.so => /lib/.../libx.so (0x…)" and "/lib64/ld-linux-x86-64.so.2 (0x…)".
  for lib in $(ldd "$bin" | grep -oE '/[^ ]+'); do copy "$lib"; done
done
mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib" "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/home/node"
chmod 1777 "$rootfs/tmp"
# Paths as in the real image: node and npm in /usr/local, /bin/sh and env where scripts expect them.
ln -sf "$node_bin" "$rootfs/usr/local/bin/node"
cp -a "$npm_dir" "$rootfs/usr/local/lib/npm"
ln -sf ../lib/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
[ "$sh_bin" = /bin/sh ] || ln -sf "$sh_bin" "$rootfs/bin/sh"
[ "$env_bin" = /usr/bin/env ] || { mkdir -p "$rootfs/usr/bin"; ln -sf "$env_bin" "$rootfs/usr/bin/env"; }
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$rootfs/etc/group"
chown 1000:1000 "$rootfs/home/node"

tar -C "$rootfs" -c . | "$docker" import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  - "$tag" >/dev/null
echo "standin-base: $tag made from this machine's node $("$node_bin" --version) and npm $(node "$npm_dir/bin/npm-cli.js" --version)"
