#!/usr/bin/env bash
# Installs what building and testing MilvusDM needs on a fresh Debian machine with the .NET SDK:
# Node.js/npm (the official Milvus Node SDK judges the test server), the npm packages of tests/NodeSdk,
# Debian's python3-faiss and h5py (real Faiss and HDF5 write the fixtures), and mariadb-server (MySQL metadata).
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

if ! have dotnet; then
  echo "setup: the .NET SDK (dotnet) is required and was not found on PATH." >&2
  exit 1
fi

missing=()
have node || missing+=(nodejs)
have npm || missing+=(npm)
# Real Faiss writes the index fixtures the tests read (tests/fixtures/make_faiss.py).
/usr/bin/python3 -c "import faiss, numpy" >/dev/null 2>&1 || missing+=(python3-faiss python3-numpy)
/usr/bin/python3 -c "import h5py" >/dev/null 2>&1 || missing+=(python3-h5py)
have h5dump || missing+=(hdf5-tools)
# A real MariaDB serves Milvus 1.x MySQL metadata in the tests (started by the test run as the current user).
have mariadbd || missing+=(mariadb-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d tests/NodeSdk/node_modules/@zilliz/milvus2-sdk-node ]; then
  echo "setup: installing the Milvus Node SDK (npm ci in tests/NodeSdk)"
  (cd tests/NodeSdk && npm ci --no-audit --no-fund --loglevel=error)
fi

# Real PowerShell (the .NET global tool) and Pester 5 (a NuGet package) run the Pester suite (scripts/pester.sh).
export PATH="$PATH:$HOME/.dotnet/tools"
if ! pwsh -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null | grep -q '^7\.6\.9$'; then
  echo "setup: installing PowerShell 7.6.9 (dotnet tool)"
  dotnet tool update --global PowerShell --version 7.6.9 >/dev/null
fi
dotnet restore tests/Pester/tools/PesterDownload.csproj --verbosity quiet
# A second Google.Protobuf version for the isolation test (tests/Pester/Isolation.Tests.ps1).
dotnet restore tests/Pester/IsolationProbe/ProtobufDownload.csproj --verbosity quiet

dotnet restore MilvusDM.sln --verbosity quiet
echo "setup: done"
