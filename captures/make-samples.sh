#!/usr/bin/env bash
# Makes captures/t1587-samples.pcapng with real tools: certificates by openssl and keytool, handshakes by
# openssl s_server/s_client over loopback, captured by tcpdump (then written as pcapng by editcap).
# Needs root (tcpdump on lo), openssl, keytool (any JDK), tcpdump, editcap (Debian: tcpdump, wireshark-common).
# The scenarios mirror T1587.003 tradecraft:
#   8441  a leaf issued by a forged "Microsoft IT TLS CA 5" (Storm-0501), chain of two
#   8442  OpenSSL's default DN (Internet Widgits Pty Ltd), self-signed
#   8443  a Cobalt Strike-shaped keytool certificate (Major Cobalt Strike DN)
#   8444  one certificate on three addresses (Gamaredon-style reuse): 127.0.0.3, .4, .5
#   8445  mutual TLS: the server asks for and gets a client certificate (WellMess-style)
#   8446  TLS 1.3: the chain travels encrypted
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

# Storm-0501: a self-signed CA carrying the genuine intermediate's exact subject, and a leaf it signs.
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca5.key -out ca5.pem -days 3650 -set_serial 0x0888cd525f1924444d14a58291deb952 \
  -subj "/C=US/ST=Washington/L=Redmond/O=Microsoft Corporation/OU=Microsoft IT/CN=Microsoft IT TLS CA 5" \
  -addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout login.key -out login.csr -subj "/CN=login.microsoftonline-auth.com" 2>/dev/null
printf 'subjectAltName=DNS:login.microsoftonline-auth.com\nextendedKeyUsage=serverAuth\n' > login.ext
openssl x509 -req -in login.csr -CA ca5.pem -CAkey ca5.key -set_serial 4242 -days 365 -extfile login.ext -out login.pem 2>/dev/null

# OpenSSL's defaults: -batch takes the config's default DN.
openssl req -x509 -newkey rsa:2048 -nodes -keyout widgits.key -out widgits.pem -days 365 -batch 2>/dev/null

# Cobalt Strike's documented default keystore DN, made with keytool as the teamserver script does.
keytool -genkeypair -keystore cs.p12 -storetype PKCS12 -storepass samplepass -alias cs -keyalg RSA -keysize 2048 -validity 3650 \
  -dname "CN=Major Cobalt Strike, OU=AdvancedPenTesting, O=cobaltstrike, L=Somewhere, ST=Cyberspace, C=Earth" 2>/dev/null
openssl pkcs12 -in cs.p12 -passin pass:samplepass -nodes -out cs.pem 2>/dev/null

# One certificate for three servers.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout reuse.key -out reuse.pem -days 90 -subj "/CN=update-check.net" 2>/dev/null

# Mutual TLS: server and client certificates from one private CA.
openssl req -x509 -newkey rsa:2048 -nodes -keyout mca.key -out mca.pem -days 365 -subj "/CN=Private Root" -addext basicConstraints=critical,CA:TRUE 2>/dev/null
for who in server client; do
  openssl req -new -newkey rsa:2048 -nodes -keyout "m$who.key" -out "m$who.csr" -subj "/CN=$who" 2>/dev/null
  openssl x509 -req -in "m$who.csr" -CA mca.pem -CAkey mca.key -set_serial $RANDOM -days 30 -out "m$who.pem" 2>/dev/null
done

out="$work/samples.pcap"
tcpdump -i lo -U -w "$out" 'tcp portrange 8441-8446' 2>/dev/null &
sleep 1

serve() { # addr port cert key [extra s_server args…]
  local addr=$1 port=$2 cert=$3 key=$4; shift 4
  openssl s_server -accept "$addr:$port" -cert "$cert" -key "$key" -www -quiet "$@" >/dev/null 2>&1 &
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/$addr/$port") 2>/dev/null && break; sleep 0.1; done
}
hello() { # addr port sni [extra s_client args…]
  local addr=$1 port=$2 sni=$3; shift 3
  openssl s_client -connect "$addr:$port" -servername "$sni" "$@" </dev/null >/dev/null 2>&1 || true
}

serve 127.0.0.1 8441 login.pem login.key -cert_chain ca5.pem
hello 127.0.0.1 8441 login.microsoftonline-auth.com -tls1_2
serve 127.0.0.1 8442 widgits.pem widgits.key
hello 127.0.0.1 8442 127.0.0.1 -tls1_2
serve 127.0.0.1 8443 cs.pem cs.pem
hello 127.0.0.1 8443 cdn-edge-check.com -tls1_2
for a in 3 4 5; do serve "127.0.0.$a" 8444 reuse.pem reuse.key; hello "127.0.0.$a" 8444 update-check.net -tls1_2; done
serve 127.0.0.1 8445 mserver.pem mserver.key -Verify 1 -CAfile mca.pem
hello 127.0.0.1 8445 server -tls1_2 -cert mclient.pem -key mclient.key -CAfile mca.pem
serve 127.0.0.1 8446 widgits.pem widgits.key
hello 127.0.0.1 8446 tls13.example -tls1_3

sleep 1
kill -INT %1
wait %1 2>/dev/null || true
editcap -F pcapng "$out" "$here/t1587-samples.pcapng"
echo "wrote $here/t1587-samples.pcapng"
