#!/usr/bin/env bash
# Removes the "ivrservice" systemd unit and its binaries. Data (/var/lib/ivrservice: the
# embedded PostgreSQL cluster, recordings), configuration (/etc/ivrservice) and the service
# user are kept unless --purge is given. Safe to run again.
#
#   sudo deploy/linux/uninstall.sh [--prefix DIR] [--purge]
set -euo pipefail

service=ivrservice
user=ivrservice
state_dir=/var/lib/ivrservice
config_dir=/etc/ivrservice
unit_path=/etc/systemd/system/$service.service
dropin_dir=/etc/systemd/system/$service.service.d

prefix=/opt/ivrservice
purge=false

usage() {
  cat <<USAGE
usage: $0 [options]
  --prefix DIR   install directory given to install.sh (default: /opt/ivrservice)
  --purge        also delete $state_dir (all call data!), $config_dir and the user $user
  -h, --help     this text
USAGE
}

say() { printf 'uninstall: %s\n' "$*"; }
die() { printf 'uninstall: error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --purge) purge=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

case $prefix in
  /*) ;;
  *) die "--prefix must be an absolute path: $prefix" ;;
esac
prefix=${prefix%/}
# Refuse to delete system directories when given a wrong --prefix.
case $prefix in
  ''|/opt|/usr|/usr/*bin|/usr/lib|/usr/local|/etc|/var|/var/lib|/home|/root|/srv) die "refusing to delete $prefix" ;;
esac
if [ -d "$prefix" ] && [ ! -e "$prefix/IvrService.Host" ]; then
  die "$prefix does not look like an IvrService install (no IvrService.Host); not deleting it"
fi

[ "$(id -u)" -eq 0 ] || die "run as root (sudo $0 ...)"

if command -v systemctl >/dev/null && [ -e "$unit_path" ]; then
  say "stopping and disabling $service (calls in progress may take up to 60 s to end)"
  systemctl disable --now "$service" || true
fi
rm -f "$unit_path"
rm -rf "$dropin_dir"
if command -v systemctl >/dev/null; then
  systemctl daemon-reload
  systemctl reset-failed "$service" 2>/dev/null || true
fi

if [ -d "$prefix" ]; then
  say "removing $prefix"
  rm -rf "$prefix"
fi

if $purge; then
  say "purging $state_dir, $config_dir and user $user"
  rm -rf "$state_dir" "$config_dir"
  if id -u "$user" >/dev/null 2>&1; then userdel "$user"; fi
  if getent group "$user" >/dev/null; then groupdel "$user"; fi
else
  say "kept $state_dir (data), $config_dir (configuration) and user $user; --purge removes them"
fi
say "done"
