#!/usr/bin/env bash
# The README's first command: sets up a fresh machine, builds, makes the example data with real Faiss/h5py, starts the
# in-memory Milvus-protocol test server, and runs examples/demo.yaml (every job: Faiss, HDF5, Milvus 1.x and 2.x → Milvus,
# Milvus → HDF5, each verified) with the milvusdm executable, as a user of the old MilvusDM would run a task file.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
dotnet build MilvusDM.sln -c Release --nologo -v quiet
/usr/bin/python3 examples/make_data.py

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
dotnet tests/MilvusDM.TestServer/bin/Release/net10.0/MilvusDM.TestServer.dll --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

echo "demo: test server on 127.0.0.1:$port; running examples/demo.yaml"
MILVUSDM_PORT=$port dotnet src/MilvusDM.Cli/bin/Release/net10.0/milvusdm.dll --yaml examples/demo.yaml
