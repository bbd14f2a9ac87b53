#!/usr/bin/env bash
# Peak server memory for the largest upload accepted (64 MiB) on the string-import route:
# a release `callsheet serve` on a fresh SQLite file, a producer's token, then one upload at a
# time of (1) a 64 MiB CSV string table with 729,000 short strings (more than one import
# takes), (1b) a 64 MiB CSV with 95,000 long strings (within it), (2) a large XLSX, (3) the 1.6 KB
# workbook with cells at A1 and XFD1048576, (4) a workbook whose sheet unzips to 300 MB, and
# (5) one whose shared strings declare 10^11 strings. Prints each answer's status and the
# server's peak RSS (VmHWM) after it. Target: under 500 MB throughout.
#
#   bench/imports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p callsheet
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
bin="$PWD/target/release/callsheet"
mkdir -p bench/results
exec > >(tee "bench/results/imports-$(date -u +%Y%m%dT%H%M%SZ).txt")
echo "# imports, $(date -u), $(nproc) cores, commit $(git rev-parse --short HEAD)"
db="$work/cs.db"
"$bin" --database-url "$db" init >/dev/null
"$bin" --database-url "$db" person create pat --name Pat --studio-role producer >/dev/null
"$bin" --database-url "$db" --as pat project create NJ Nightjar >/dev/null
token=$("$bin" --database-url "$db" --as pat --json token create bench | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
python3 - "$work" <<'PY'
import sys, zipfile, io, os
work = sys.argv[1]
# (1) a 64 MiB CSV table: key, en, fr
rows, size = ["key,en,fr\n"], 10
i = 0
while size < 63 * 2**20:
    row = f"k.{i},Source line number {i} with some words %s,Ligne source {i} avec des mots %s\n"
    rows.append(row); size += len(row); i += 1
open(f"{work}/big.csv", "w").write("".join(rows))
# (1b) as large, within the 100,000 strings one import takes: long lines
rows, size, i = ["key,en,fr\n"], 10, 0
while size < 63 * 2**20 and i < 95_000:
    words = " ".join(f"word{(i * 7 + j) % 997}" for j in range(40))
    row = f"k.{i},{words} %s,{words[::-1]} %s\n"
    rows.append(row); size += len(row); i += 1
open(f"{work}/long.csv", "w").write("".join(rows))
def book(path, sheet, strings, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Strings" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", strings)
head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
# (2) an XLSX as large as the route takes: inline strings, incompressible enough to reach 64 MiB
import random
random.seed(7)
parts, n, approx = [head], 0, 0
parts.append('<row r="1"><c r="A1" t="inlineStr"><is><t>key</t></is></c><c r="B1" t="inlineStr"><is><t>en</t></is></c><c r="C1" t="inlineStr"><is><t>fr</t></is></c></row>')
while approx < 60 * 2**20:
    n += 1
    words = " ".join("".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(8))
    row = f'<row r="{n+1}"><c r="A{n+1}" t="inlineStr"><is><t>k.{n}</t></is></c><c r="B{n+1}" t="inlineStr"><is><t>{words}</t></is></c><c r="C{n+1}" t="inlineStr"><is><t>{words[::-1]}</t></is></c></row>'
    parts.append(row); approx += len(row) // 2
    if n >= 95_000: break
parts.append('</sheetData></worksheet>')
book(f"{work}/big.xlsx", "".join(parts), '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>')
# (3) cells at A1 and XFD1048576
book(f"{work}/far.xlsx", head + '<row r="1"><c r="A1" t="inlineStr"><is><t>key</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
# (4) a sheet that unzips to 300 MB
book(f"{work}/bomb.xlsx", head + " " * (300 * 2**20) + "</sheetData></worksheet>", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
# (5) a made-up string count
book(f"{work}/count.xlsx", head + "</sheetData></worksheet>", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="99999999999"><si><t>a</t></si></sst>')
for f in ["big.csv", "long.csv", "big.xlsx", "far.xlsx", "bomb.xlsx", "count.xlsx"]:
    print(f"{f}: {os.path.getsize(f'{work}/{f}') / 2**20:.2f} MiB", file=sys.stderr)
PY
port=18080
"$bin" --database-url "$db" serve --bind 127.0.0.1:$port --rate-limit 0 >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
hwm() { awk '/VmHWM/ {printf "%d MB", $2/1024}' /proc/$server/status; }
echo "server at rest: peak RSS $(hwm)"
for f in big.csv long.csv big.xlsx far.xlsx bomb.xlsx count.xlsx; do
    size=$(du -m "$work/$f" | cut -f1)
    code=$(curl -s -o "$work/answer" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
        --data-binary "@$work/$f" "http://127.0.0.1:$port/api/v1/projects/NJ/strings/import?name=$f")
    detail=$(python3 -c 'import json,sys
try:
    d=json.load(open(sys.argv[1])); print(d.get("detail") or ", ".join(f"{k}={v}" for k,v in d.items() if isinstance(v,int)))
except Exception: print("")' "$work/answer" | cut -c1-110)
    printf '%-11s %4s MiB  -> %s  peak RSS %s  %s\n' "$f" "$size" "$code" "$(hwm)" "$detail"
done
