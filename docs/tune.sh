#!/usr/bin/env bash
# Tuning of the forecast defaults on Beijing data before 2016-03-01 only (the test year is never touched):
# indices from the data before each origin, validation forecasts 2015-03-01..2016-02-29 every 12 h, three sites.
# Exact (FlatIP) indices throughout, so index approximation does not blur the comparison.
# Needs the packaged service and the Beijing file imported into ANALOGCAST_DB_* (see README, "Production").
# Usage: docs/tune.sh NAME [-Dkey=value ...]    -> target/tuning/NAME.txt
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; shift
mkdir -p target/tuning
java -Danalogcast.index.type.24h=FlatIP -Danalogcast.index.type.48h=FlatIP "$@" \
     -jar target/quarkus-app/quarkus-run.jar evaluate --from 2015-03-01 --to 2016-03-01 \
     --stations dongsi,huairou,gucheng --stride-hours 12 --refit-days 92 --out "target/tuning/$name" 2>/dev/null \
  | grep -E '^ |forecasts' > "target/tuning/$name.txt"
echo "$name $*: mean CRPSS clim/pers over t2m d2m msl wspd:" \
  "$(sed 's/[][,]/ /g' "target/tuning/$name.txt" \
      | awk '$1 ~ /^(t2m|d2m|msl|wspd)$/ {c+=$5; p+=$9; n++} END {printf "%.4f %.4f", c/n, p/n}')"
