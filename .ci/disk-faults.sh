#!/usr/bin/env bash
# build-index onto a full disk and onto a read-only index directory (small tmpfs mounts of the script's own):
# a clear one-line error, a non-zero exit, nothing published and nothing half-written left behind; and a build
# already published stays current. Then import into a PostgreSQL of the script's own whose disk fills up half-way:
# a clear error, a non-zero exit and none of the file's observations stored.
# usage: .ci/disk-faults.sh   (from the project root, after ./mvnw package; root, for the mounts)
#        SERVICE=target/analogcast-0.1.0-SNAPSHOT-runner .ci/disk-faults.sh    (the native executable)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
[ "$(id -u)" -eq 0 ] || { echo "disk-faults: needs root for its tmpfs mounts"; exit 1; }
WORK=$(mktemp -d)
chmod 711 "$WORK"  # the PostgreSQL cluster below runs as postgres
PGBIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin
PGPORT=54331
cleanup() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdisk/data" -m immediate stop > /dev/null 2>&1 || true
  umount "$WORK/full" "$WORK/readonly" "$WORK/pgdisk" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:5432/test ANALOGCAST_DB_USER=postgres
export ANALOGCAST_DB_SCHEMA=analogcast_ci_disk ANALOGCAST_DATA_SOURCE=demo ANALOGCAST_DEMO_YEARS=1
psql -q -h 127.0.0.1 -U postgres -d test -c "drop schema if exists $ANALOGCAST_DB_SCHEMA cascade" 2> /dev/null

# a published build first, on a disk with room; it must survive the failures below untouched
mkdir -p "$WORK/full" "$WORK/readonly"
mount -t tmpfs -o size=64m tmpfs "$WORK/full"
ANALOGCAST_INDEX_DIRECTORY=$WORK/full "${SERVICE[@]}" build-index > "$WORK/first.log" 2>&1 \
  || { tail -20 "$WORK/first.log"; echo "disk-faults: the first build failed"; exit 1; }
published=$(cat "$WORK/full/CURRENT")
used=$(du -sk "$WORK/full" | cut -f1)
# fill the disk to within 1 MiB of its end: the next build runs out of space half-way
mount -o remount,size=$(( used + 1024 ))k "$WORK/full"
head -c $(( ( $(df -k --output=avail "$WORK/full" | tail -1) - 256 ) * 1024 )) /dev/zero > "$WORK/full/.filler" 2>/dev/null || true
set +e
ANALOGCAST_INDEX_DIRECTORY=$WORK/full "${SERVICE[@]}" build-index > "$WORK/full.log" 2>&1
code=$?
set -e
rm -f "$WORK/full/.filler"
[ "$code" -ne 0 ] || { tail -5 "$WORK/full.log"; echo "disk-faults: a build on a full disk exited 0"; exit 1; }
grep -q '^build-index: .*nothing published' "$WORK/full.log" \
  || { tail -20 "$WORK/full.log"; echo "disk-faults: no clear error for a full disk"; exit 1; }
test "$(cat "$WORK/full/CURRENT")" = "$published"
leftovers=$(find "$WORK/full" -mindepth 1 -maxdepth 1 ! -name "$published" ! -name CURRENT ! -name PUBLISHED)
[ -z "$leftovers" ] || { echo "$leftovers"; echo "disk-faults: a failed build left files behind"; exit 1; }
echo "disk-faults: full disk: exit $code, '$(grep '^build-index: ' "$WORK/full.log" | cut -c1-160)', $published still current, nothing left behind"

mount -t tmpfs -o ro,size=1m tmpfs "$WORK/readonly"
set +e
ANALOGCAST_INDEX_DIRECTORY=$WORK/readonly "${SERVICE[@]}" build-index > "$WORK/readonly.log" 2>&1
code=$?
set -e
[ "$code" -ne 0 ] || { echo "disk-faults: a build into a read-only directory exited 0"; exit 1; }
grep -q '^build-index: .*nothing published' "$WORK/readonly.log" \
  || { tail -20 "$WORK/readonly.log"; echo "disk-faults: no clear error for a read-only directory"; exit 1; }
echo "disk-faults: read-only directory: exit $code, '$(grep '^build-index: ' "$WORK/readonly.log" | cut -c1-160)'"

# PostgreSQL's data files on a 48 MiB disk (its write-ahead log elsewhere, so the server reports the full disk as an
# error instead of stopping); the Beijing file needs more than that
beijing=../shared/data/beijing-multisite-2013-2017.csv.gz
mkdir -p "$WORK/pgdisk" "$WORK/pgwal"
mount -t tmpfs -o size=48m tmpfs "$WORK/pgdisk"
chown postgres "$WORK/pgdisk" "$WORK/pgwal"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pgdisk/data" --waldir="$WORK/pgwal/wal" -A trust -U postgres \
  > "$WORK/initdb.log" 2>&1 || { tail "$WORK/initdb.log"; exit 1; }
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pgdisk/data" -l "$WORK/pgwal/postgres.log" -w \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $WORK/pgwal" start > /dev/null
set +e
ANALOGCAST_DB_URL=jdbc:postgresql://127.0.0.1:$PGPORT/postgres ANALOGCAST_DB_SCHEMA=public \
  "${SERVICE[@]}" import beijing-csv "$beijing" > "$WORK/import.log" 2>&1
code=$?
set -e
[ "$code" -ne 0 ] || { tail -5 "$WORK/import.log"; echo "disk-faults: an import into a full database exited 0"; exit 1; }
grep -q '^import: .*no observation of .* was stored' "$WORK/import.log" \
  || { tail -20 "$WORK/import.log"; echo "disk-faults: no clear error for a full database disk"; exit 1; }
stored=$(psql -qtA -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c 'select count(*) from observation')
[ "$stored" -eq 0 ] || { echo "disk-faults: $stored observations of a failed import were stored"; exit 1; }
echo "disk-faults: import into a full database: exit $code, '$(grep '^import: ' "$WORK/import.log" | cut -c1-160)', 0 observations stored"
