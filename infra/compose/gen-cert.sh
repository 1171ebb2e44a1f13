#!/usr/bin/env bash
# Writes a self-signed certificate for nginx into certs/ (gitignored): tls.crt and tls.key for
# localhost, valid 30 days. For a real host, put its certificate there under the same names.
set -euo pipefail
cd "$(dirname "$0")"
host="${1:-localhost}"
mkdir -p certs
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 30 \
  -keyout certs/tls.key -out certs/tls.crt \
  -subj "/CN=${host}" \
  -addext "subjectAltName=DNS:${host},DNS:localhost,IP:127.0.0.1"
chmod 644 certs/tls.crt
# nginx's master reads the key as root before dropping privileges.
chmod 600 certs/tls.key
echo "wrote $(pwd)/certs/tls.crt and tls.key for ${host}"
