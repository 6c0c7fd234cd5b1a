# Sourced by benches/compare/run and scripts/compare-ner (bash): makes sure a
# Python virtual environment with underthesea (pinned) exists and sets
# COMPARE_PY to its interpreter. The environment lives under target/ (never in
# the source tree) unless VNEXTRACT_COMPARE_VENV names another directory.
# Everything comes from PyPI through pip; underthesea's default (CRF) models
# ship inside the wheel, so nothing else is downloaded at run time.

UNDERTHESEA_VERSION=${UNDERTHESEA_VERSION:-9.5.0}

compare_die() {
    echo "$(basename "$0"): $*" >&2
    exit 2
}

# compare_venv REPO_ROOT: create/reuse the venv, install underthesea, set COMPARE_PY.
compare_venv() {
    local root=$1
    local venv=${VNEXTRACT_COMPARE_VENV:-$root/target/compare-venv}
    command -v python3 >/dev/null || compare_die "python3 not found"
    if [ ! -x "$venv/bin/python" ]; then
        echo "creating virtual environment $venv" >&2
        python3 -m venv "$venv" || compare_die "python3 -m venv $venv failed (is the venv module installed?)"
    fi
    COMPARE_PY=$venv/bin/python
    local have
    have=$("$COMPARE_PY" -c 'import importlib.metadata as m; print(m.version("underthesea"))' 2>/dev/null || true)
    if [ "$have" != "$UNDERTHESEA_VERSION" ]; then
        echo "installing underthesea==$UNDERTHESEA_VERSION from PyPI into $venv" >&2
        "$COMPARE_PY" -m pip install --quiet --disable-pip-version-check "underthesea==$UNDERTHESEA_VERSION" >&2 ||
            compare_die "pip could not install underthesea==$UNDERTHESEA_VERSION (is PyPI reachable?)"
    fi
    # Fail now, with a clear message, if the wheel's models cannot be loaded offline.
    HF_HUB_OFFLINE=1 "$COMPARE_PY" -c 'from underthesea import ner; ner("Ông Putin thăm Hà Nội.")' >/dev/null 2>&1 ||
        compare_die "underthesea is installed but its NER does not run offline in $venv"
}
