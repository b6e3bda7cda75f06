#!/usr/bin/env python3
"""Writes real observations in NOAA's ISD-Lite layout, for trying the isd-lite importer without NOAA's servers.

Reads the UCI Beijing file in ../shared/data (real hourly observations, CC BY 4.0) and writes, for each chosen
site, one gzipped file per year named USAF-WBAN-YEAR, plus an isd-history.csv station list. The ids are made up
(999xxx-99999, labelled in the list): these are Beijing's urban sites in ISD-Lite's layout, not NOAA stations.
Usage: docs/own-data/beijing-as-isd-lite.py OUT_DIR [site ...]    (default: Dongsi and Tiantan)
"""
import csv
import gzip
import os
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone

SOURCE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "beijing-multisite-2013-2017.csv.gz")
COMPASS = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]
COORDINATES = {"Dongsi": (39.929, 116.417), "Tiantan": (39.886, 116.407), "Dingling": (40.292, 116.220)}


def scaled(text, factor=10):
    return -9999 if text in ("", "NA") else round(float(text) * factor)


def direction(wd, speed):
    if wd in ("", "NA"):
        return -9999
    if wd == "CV":  # calm or variable: ISD-Lite has no such code; a calm hour has speed 0
        return 0 if speed == 0 else -9999
    return round(COMPASS.index(wd) * 22.5) or 360


def main():
    out = sys.argv[1]
    sites = sys.argv[2:] or ["Dongsi", "Tiantan"]
    os.makedirs(out, exist_ok=True)
    ids = {site: "9990%02d-99999" % (i + 1) for i, site in enumerate(sites)}
    files = defaultdict(list)
    with gzip.open(SOURCE, "rt", newline="") as source:
        for row in csv.DictReader(source):
            if row["station"] not in ids:
                continue
            local = datetime.fromisoformat(row["time_local_cst"])
            utc = local.astimezone(timezone.utc)
            speed = scaled(row["WSPM"])
            fields = [scaled(row["TEMP"]), scaled(row["DEWP"]), scaled(row["PRES"]), direction(row["wd"], speed),
                      speed, -9999, scaled(row["RAIN"]), -9999]
            line = "%4d %02d %02d %02d" % (utc.year, utc.month, utc.day, utc.hour) + "".join("%6d" % f for f in fields)
            files[(ids[row["station"]], utc.year)].append(line)
    for (station, year), lines in sorted(files.items()):
        with gzip.open(os.path.join(out, "%s-%d.gz" % (station, year)), "wt") as f:
            f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "..", "isd-history.csv"), "w") as f:
        f.write('"USAF","WBAN","STATION NAME","CTRY","STATE","ICAO","LAT","LON","ELEV(M)","BEGIN","END"\n')
        for site, station in ids.items():
            lat, lon = COORDINATES.get(site, ("", ""))
            usaf, wban = station.split("-")
            f.write('"%s","%s","%s (UCI BEIJING DATA IN ISD-LITE LAYOUT)","CH","","","%s","%s","","20130301","20170228"\n'
                    % (usaf, wban, site.upper(), lat, lon))
    print("wrote %d files for %s into %s" % (len(files), ", ".join(sites), out))


if __name__ == "__main__":
    main()
