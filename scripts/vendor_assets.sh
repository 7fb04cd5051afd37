#!/bin/sh
# Copies the front-end files the pages use from node_modules (installed by `npm ci` from
# package-lock.json) to static/vendor/, which whitenoise serves. Nothing is fetched at run time.
set -eu
cd "$(dirname "$0")/.."
dest=static/vendor
rm -rf "$dest"
mkdir -p "$dest"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts.min.js"
cp node_modules/topojson-client/dist/topojson-client.min.js "$dest/topojson-client.min.js"
cp node_modules/world-atlas/countries-110m.json "$dest/countries-110m.json"
cp node_modules/world-atlas/countries-50m.json "$dest/countries-50m.json"
cp node_modules/echarts/LICENSE "$dest/LICENSE.echarts"
cp node_modules/world-atlas/LICENSE "$dest/LICENSE.world-atlas"
cp node_modules/topojson-client/LICENSE "$dest/LICENSE.topojson-client"
cp node_modules/tabulator-tables/dist/js/tabulator.min.js "$dest/tabulator.min.js"
cp node_modules/tabulator-tables/dist/css/tabulator.min.css "$dest/tabulator.min.css"
# Their source maps too: the files name them, and production's static storage (a manifest of
# hashed names) refuses to collect a file whose reference it cannot find.
cp node_modules/tabulator-tables/dist/js/tabulator.min.js.map "$dest/tabulator.min.js.map"
cp node_modules/tabulator-tables/dist/css/tabulator.min.css.map "$dest/tabulator.min.css.map"
cp node_modules/tabulator-tables/LICENSE "$dest/LICENSE.tabulator-tables"
