#!/bin/sh
# Registers the named search attributes as Keyword on the Temporal cluster at $TEMPORAL_ADDRESS,
# in namespace $TEMPORAL_NAMESPACE (default "default"), as releases need them before they
# start. Waits until the server answers and the namespace exists (auto-setup creates it a little
# after the server is up); an attribute already registered is left alone, so the stack can be
# started again and again.
# Usage: register-search-attributes.sh NAME...
set -eu
namespace="${TEMPORAL_NAMESPACE:-default}"

until temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; do
  echo "Waiting for Temporal at ${TEMPORAL_ADDRESS:-127.0.0.1:7233} and namespace $namespace ..."
  sleep 2
done

for name in "$@"; do
  if temporal operator search-attribute list --namespace "$namespace" | grep -qw "$name"; then
    echo "Search attribute $name already registered"
  else
    temporal operator search-attribute create --namespace "$namespace" --name "$name" --type Keyword
    echo "Registered search attribute $name (Keyword)"
  fi
done
