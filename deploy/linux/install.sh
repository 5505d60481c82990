#!/usr/bin/env bash
# Publishes IvrService.Host and installs it as the systemd unit "ivrservice".
# Safe to run again: it upgrades the binaries in place and restarts the service; data in
# /var/lib/ivrservice and configuration in /etc/ivrservice are kept.
#
#   sudo deploy/linux/install.sh [--prefix DIR] [--from DIR] [--self-contained] [--no-start]
set -euo pipefail

service=ivrservice
user=ivrservice
state_dir=/var/lib/ivrservice
config_dir=/etc/ivrservice
unit_path=/etc/systemd/system/$service.service
dropin_dir=/etc/systemd/system/$service.service.d

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
unit_template=$repo_root/deploy/linux/ivrservice.service

prefix=/opt/ivrservice
from=
self_contained=false
start=true

usage() {
  cat <<USAGE
usage: $0 [options]
  --prefix DIR       install directory (default: /opt/ivrservice)
  --from DIR         install an already published IvrService.Host from DIR instead of
                     running dotnet publish (for machines without the .NET SDK)
  --self-contained   publish with the .NET runtime included (no runtime needed on the machine)
  --no-start         install and enable, but do not start or restart the service
  -h, --help         this text
USAGE
}

say() { printf 'install: %s\n' "$*"; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --from) [ $# -ge 2 ] || die "--from needs a directory"; from=$2; shift 2 ;;
    --from=*) from=${1#*=}; shift ;;
    --self-contained) self_contained=true; shift ;;
    --no-start) start=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

case $prefix in
  /*) ;;
  *) die "--prefix must be an absolute path: $prefix" ;;
esac
prefix=${prefix%/}
[ -n "$prefix" ] || die "--prefix must not be /"
case $prefix in
  /home/*|/root/*|/run/user/*) die "--prefix $prefix is hidden from the service by ProtectHome=yes" ;;
  *[[:space:]]*) die "--prefix must not contain spaces" ;;
esac

[ "$(id -u)" -eq 0 ] || die "run as root (sudo $0 ...)"
command -v systemctl >/dev/null || die "systemctl not found: this script needs systemd"
[ -f "$unit_template" ] || die "unit template not found: $unit_template"

# 1. Build the application into a staging directory, so a failed publish leaves the
#    installed version untouched.
staging=$(mktemp -d "${TMPDIR:-/tmp}/ivrservice-publish.XXXXXX")
trap 'rm -rf "$staging"' EXIT

if [ -n "$from" ]; then
  [ -x "$from/IvrService.Host" ] || die "$from/IvrService.Host not found or not executable"
  say "using published files from $from"
  cp -a "$from/." "$staging/"
else
  command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK, or use --from DIR"
  publish_args=(publish "$repo_root/src/IvrService.Host" -c Release -o "$staging" --nologo)
  if $self_contained; then
    case $(uname -m) in
      x86_64) rid=linux-x64 ;;
      aarch64) rid=linux-arm64 ;;
      *) die "no .NET runtime identifier known for $(uname -m)" ;;
    esac
    publish_args+=(-r "$rid" --self-contained true)
  fi
  say "publishing IvrService.Host (Release$($self_contained && printf ', self-contained'))"
  dotnet "${publish_args[@]}"
fi
[ -x "$staging/IvrService.Host" ] || die "publish produced no IvrService.Host"

# A framework-dependent build finds the runtime through DOTNET_ROOT or the standard locations.
dotnet_root=
if [ ! -f "$staging/libhostpolicy.so" ] && command -v dotnet >/dev/null; then
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  case $dotnet_root in
    /home/*|/root/*) die "the .NET runtime in $dotnet_root is hidden from the service by ProtectHome=yes; use --self-contained" ;;
  esac
fi

# 2. The service user. The embedded PostgreSQL refuses to run as root, and initdb/pg_ctl run
#    as this user, so it owns the state directory.
if id -u "$user" >/dev/null 2>&1; then
  say "user $user exists"
else
  say "creating system user $user"
  useradd --system --user-group --home-dir "$state_dir" --no-create-home \
    --shell /usr/sbin/nologin --comment "IvrService" "$user"
fi

# 3. Directories. systemd creates and chowns the state directory (StateDirectory=) on start;
#    creating it here too lets an admin put files in place before the first start.
install -d -m 0750 -o "$user" -g "$user" "$state_dir"
install -d -m 0750 -o root -g "$user" "$config_dir"

# 4. Binaries: swap the whole directory, so no stale files of an older version remain and the
#    running process never sees half-copied files.
was_active=false
if systemctl is-active --quiet "$service"; then was_active=true; fi

say "installing to $prefix"
install -d -m 0755 "$(dirname "$prefix")"
rm -rf "$prefix.new" "$prefix.old"
cp -a "$staging" "$prefix.new"
cp "$repo_root/deploy/README.md" "$prefix.new/README.md" 2>/dev/null || true
chown -R root:root "$prefix.new"
chmod -R u=rwX,go=rX "$prefix.new"
if $was_active; then
  say "stopping the running service (calls in progress may take up to 60 s to end)"
  systemctl stop "$service"
fi
if [ -e "$prefix" ]; then mv "$prefix" "$prefix.old"; fi
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"

# The production configuration lives in /etc; the host reads it from its content root.
if [ -f "$config_dir/appsettings.Production.json" ]; then
  ln -sfn "$config_dir/appsettings.Production.json" "$prefix/appsettings.Production.json"
  say "linked $config_dir/appsettings.Production.json"
else
  say "no $config_dir/appsettings.Production.json: using defaults (embedded PostgreSQL);"
  say "  see deploy/appsettings.Production.sample.json, then run this script again"
fi

# 5. The unit, with the install directory substituted, and a drop-in for DOTNET_ROOT when the
#    runtime is not where the application host looks by default.
say "installing $unit_path"
sed "/^#/!s|/opt/ivrservice|$prefix|g" "$unit_template" > "$unit_path.tmp"
chmod 0644 "$unit_path.tmp"
mv "$unit_path.tmp" "$unit_path"

if [ -n "$dotnet_root" ] && [ "$dotnet_root" != /usr/share/dotnet ] && [ "$dotnet_root" != /usr/lib/dotnet ] \
   && [ ! -f /etc/dotnet/install_location ]; then
  install -d -m 0755 "$dropin_dir"
  printf '[Service]\nEnvironment=DOTNET_ROOT=%s\n' "$dotnet_root" > "$dropin_dir/10-dotnet-root.conf"
  say "runtime in $dotnet_root: wrote $dropin_dir/10-dotnet-root.conf"
else
  rm -f "$dropin_dir/10-dotnet-root.conf"
fi

if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit_path" || say "warning: systemd-analyze verify reported the problems above"
fi

systemctl daemon-reload
if $start; then
  # enable + restart rather than enable --now: --now leaves an already running (old) process alone.
  systemctl enable "$service"
  systemctl restart "$service"
  say "started; status: systemctl status $service; logs: journalctl -u $service -f"
else
  systemctl enable "$service"
  say "enabled, not started (--no-start); start with: systemctl start $service"
  if $was_active; then say "note: the service was running before and is now stopped"; fi
fi
