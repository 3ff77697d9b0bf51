#!/usr/bin/env bash
# End-to-end checks of signed audit packages with the real outside tools, run by .ci/run after `npm run demo`:
# evidentia verify (exit 4 "signer NOT verified" without a trust anchor; 0 for folder and archive with the
# trial certificate as anchor; tampering caught), pdfsig, qpdf --check, openssl cms with the same anchor
# (accepts the manifest signature, rejects a tampered manifest), sha256sum as VERIFY.md says, then the HTML
# report in headless Chromium and the OSCAL file against its schema (check-reports.ts).
# Usage: test/e2e/run.sh [output-root]   (default: output/, the demo's output)
# The demo signs with the trial key; TRIAL_KEY names it (default .evidentia/keys/trial-signer.pem).
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT="${1:-output}"
EVIDENTIA="${EVIDENTIA:-node bin/evidentia.js}"
for tool in pdfsig qpdf openssl sha256sum; do
  command -v "$tool" >/dev/null || { echo "e2e: missing tool '$tool' (apt-get install poppler-utils qpdf openssl)"; exit 1; }
done

# The newest finished bundle of each profile (unfinished runs are hidden .partial folders, never matched).
bundles=()
for profile in "$OUT"/*/; do
  latest="$(find "$profile" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | sort | tail -n 1)"
  [ -n "$latest" ] && bundles+=("$latest")
done
[ "${#bundles[@]}" -gt 0 ] || { echo "e2e: no bundle under $OUT/ (run npm run demo first)"; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
pass() { echo "ok   $*"; }

# The trust anchor, as README tells an auditor of the demo: the trial key's certificate (not its key).
TRIAL_KEY="${TRIAL_KEY:-.evidentia/keys/trial-signer.pem}"
[ -f "$TRIAL_KEY" ] || { echo "e2e: no trial key at $TRIAL_KEY (set TRIAL_KEY)"; exit 1; }
trusted="$scratch/trial-cert.pem"
openssl x509 -in "$TRIAL_KEY" -out "$trusted"

for b in "${bundles[@]}"; do
  [ -f "$b.tar.gz" ] || fail "$b: no archive $b.tar.gz"
  for f in manifest.json manifest.json.p7s signer.pem VERIFY.md SHA256SUMS reports/report.pdf reports/evidence-detail.pdf; do
    [ -f "$b/$f" ] || fail "$b: missing $f"
  done

  # evidentia verify: without a trust anchor it must not say OK (exit 4, "signer NOT verified"); with the
  # trial certificate as anchor, the folder and the archive verify (exit 0).
  set +e
  $EVIDENTIA verify "$b" >"$scratch/verify.txt" 2>&1; code=$?
  set -e
  if [ "$code" = 4 ] && grep -q 'signer NOT verified' "$scratch/verify.txt"; then pass "verify $b without --trust: exit 4, signer NOT verified"
  else fail "verify $b without --trust exited $code"; cat "$scratch/verify.txt"; fi
  for target in "$b" "$b.tar.gz"; do
    if $EVIDENTIA verify "$target" --trust "$trusted" >"$scratch/verify.txt" 2>&1 && grep -q '^Trust:     verified' "$scratch/verify.txt"; then
      pass "verify $target --trust trial-cert.pem"
    else fail "verify $target --trust trial-cert.pem"; cat "$scratch/verify.txt"; fi
  done

  # pdfsig: every PDF's embedded signature is valid and covers the whole document.
  for pdf in "$b"/reports/*.pdf; do
    pdfsig "$pdf" >"$scratch/pdfsig.txt" 2>&1 || true
    if grep -q 'Signature Validation: Signature is Valid.' "$scratch/pdfsig.txt" && grep -q 'Total document signed' "$scratch/pdfsig.txt"; then
      pass "pdfsig $(basename "$pdf"): signature valid, whole document signed"
    else fail "$pdf: pdfsig did not report a valid signature"; cat "$scratch/pdfsig.txt"; fi
  done
  if grep -q '"kind": "trial"' "$b/manifest.json"; then
    pdftotext -l 1 "$b/reports/report.pdf" - 2>/dev/null | grep -q 'TRIAL KEY' && pass "cover says it is a trial key" \
      || fail "$b: the cover does not say the signer is a trial key"
  fi

  # qpdf: the signed PDF is structurally sound.
  if qpdf --check "$b/reports/report.pdf" >"$scratch/qpdf.txt" 2>&1; then pass "qpdf --check"; else fail "$b: qpdf --check"; cat "$scratch/qpdf.txt"; fi
  if qpdf --check "$b/reports/evidence-detail.pdf" >"$scratch/qpdf.txt" 2>&1; then pass "qpdf --check evidence-detail.pdf"; else fail "$b: qpdf --check evidence-detail.pdf"; cat "$scratch/qpdf.txt"; fi

  # openssl: the detached CMS signature over manifest.json, exactly as VERIFY.md tells an auditor.
  if (cd "$b" && openssl cms -verify -binary -inform DER -content manifest.json -in manifest.json.p7s \
      -CAfile "$trusted" -out /dev/null) 2>"$scratch/cms.txt"; then
    pass "openssl cms -verify accepts the manifest signature"
  else fail "$b: openssl cms -verify"; cat "$scratch/cms.txt"; fi
  if (cd "$b" && sha256sum -c --quiet SHA256SUMS) >"$scratch/sums.txt" 2>&1; then pass "sha256sum -c SHA256SUMS"; else fail "$b: SHA256SUMS"; cat "$scratch/sums.txt"; fi

  # Tampering: a changed manifest is refused by openssl and by verify; a changed report is named by verify.
  copy="$scratch/$(basename "$b")"
  rm -rf "$copy" && cp -r "$b" "$copy"
  sed -i 's/"organization": "/"organization": "X/' "$copy/manifest.json"
  if (cd "$copy" && openssl cms -verify -binary -inform DER -content manifest.json -in manifest.json.p7s \
      -CAfile "$trusted" -out /dev/null) >/dev/null 2>&1; then
    fail "$b: openssl cms -verify accepted a tampered manifest"
  else pass "openssl cms -verify rejects a tampered manifest"; fi
  set +e
  $EVIDENTIA verify "$copy" --trust "$trusted" >"$scratch/verify.txt" 2>&1; code=$?
  set -e
  if [ "$code" = 1 ] && grep -q 'MODIFIED.*manifest.json' "$scratch/verify.txt"; then pass "verify names the tampered manifest (exit 1)"
  else fail "$b: verify on a tampered manifest exited $code"; cat "$scratch/verify.txt"; fi
  rm -rf "$copy" && cp -r "$b" "$copy"
  printf ' ' >>"$copy/reports/report.html"
  set +e
  $EVIDENTIA verify "$copy" --trust "$trusted" >"$scratch/verify.txt" 2>&1; code=$?
  set -e
  if [ "$code" = 1 ] && grep -q 'MODIFIED.*reports/report.html' "$scratch/verify.txt"; then pass "verify names a modified report (exit 1)"
  else fail "$b: verify on a modified report exited $code"; cat "$scratch/verify.txt"; fi
  rm -rf "$copy"
done

# The HTML report in headless Chromium, and the OSCAL file against the OSCAL schema.
if npx --no-install tsx test/e2e/check-reports.ts "${bundles[@]}"; then :; else fail "report checks (check-reports.ts)"; fi

if [ "$failures" -gt 0 ]; then
  echo "e2e: $failures check(s) failed"
  exit 1
fi
echo "e2e: all checks passed for ${#bundles[@]} bundle(s)"
