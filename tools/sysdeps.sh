#!/usr/bin/env bash
# Installs the Debian packages the suite needs (build headers for Odoo's requirements, PostgreSQL,
# Chromium for tours, wkhtmltopdf for PDF reports). Does nothing when they are all present; needs
# root (or sudo) otherwise.
set -euo pipefail

packages=(
    build-essential python3-dev libpq-dev libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev
    libjpeg-dev zlib1g-dev libffi-dev libssl-dev postgresql postgresql-contrib chromium
    wkhtmltopdf
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
