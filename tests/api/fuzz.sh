#!/usr/bin/env bash
# Fuzzes the REST API with schemathesis (issue 14): the release server on a demo database of its
# own, the OpenAPI document it serves as the contract, as an anonymous caller and with a token
# of each role (the county board's writes). Fails on any server error, and on any answer whose
# status, content type, headers or body the document does not describe. Bounded: a fixed number
# of cases per operation and caller, with a fixed seed, so that a run takes about a minute and a
# failure repeats.
#
#   tests/api/fuzz.sh SERVER SITE_ROOT SCHEMATHESIS
set -euo pipefail
server=$1 site_root=$2 schemathesis=$3
examples=${LAGESBILD_FUZZ_EXAMPLES:-40}
seed=${LAGESBILD_FUZZ_SEED:-20261207}

work=$(mktemp -d)
log="$work/server.log"
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Port 0: the server picks a free one and says which.
LAGESBILD_ADDR=127.0.0.1:0 LAGESBILD_DATA_DIR="$work/data" LAGESBILD_DEMO=1 \
  LEPTOS_SITE_ROOT="$site_root" RUST_LOG=warn "$server" >"$log" 2>&1 &
pid=$!
base=
for _ in $(seq 1 100); do
  base=$(sed -n 's|^Lägesbild is running at \(http://[^/]*\)/$|\1|p' "$log")
  [ -n "$base" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "the server stopped" >&2; exit 1; }
  sleep 0.2
done
[ -n "$base" ] || { cat "$log"; echo "the server did not start" >&2; exit 1; }

# A token of the demo account `email` with `scope`, made as a person does on their account page.
token() {
  local email=$1 scope=$2 jar="$work/$1.jar"
  curl -sf -c "$jar" -b "$jar" -o /dev/null -H 'Accept: application/json' \
    --data-urlencode "email=$email" --data "password=lagesbild-demo&next=/" "$base/api/sign_in"
  curl -sf -c "$jar" -b "$jar" -H 'Accept: application/json' \
    --data "name=schemathesis&scope=$scope&days=1" "$base/api/create_access_token" | tr -d '"'
}

# The stateful phase chains operations by the links schemathesis infers from the document. Its
# second way, from the Location headers it sees, links a new funding line to the regional rows'
# operations (schemathesis 4.32.5), which stops the phase: only the first is used.
cat >"$work/schemathesis.toml" <<'TOML'
[phases.stateful.inference]
algorithms = ["dependency-analysis"]
TOML

run() {
  local who=$1
  shift
  echo "== schemathesis: $who"
  # In the scratch directory: schemathesis keeps a cache where it runs.
  (cd "$work" && "$schemathesis" run "$base/api/v1/openapi.json" "$@" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples "$examples" --seed "$seed" --no-color --warnings off)
}

run anonymous
for account in ministry:handlaggare@a.demo.invalid:read_write \
  agency:rapportor@jam.demo.invalid:read_write \
  county_board:rapportor@lst24.demo.invalid:read_write \
  oversight:granskare@imr.demo.invalid:read \
  admin:admin@demo.invalid:read_write; do
  IFS=: read -r role email scope <<<"$account"
  run "$role ($scope)" -H "Authorization: Bearer $(token "$email" "$scope")"
done

# Nothing the fuzzing sent may have made the server fail where it does not answer (a panic in
# a task after its response, say).
if grep -q "panicked" "$log"; then
  grep -B2 -A8 "panicked" "$log" >&2
  echo "the server panicked while it was fuzzed" >&2
  exit 1
fi
echo "== schemathesis: no server errors, every answer as the OpenAPI document describes"
