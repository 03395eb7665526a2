// Builds countries-50m.geojson, countries.tsv and m49.tsv from the pinned npm
// packages that regen.sh unpacks. Run through regen.sh, which supplies the
// node_modules this script imports.
//
//   node build-geodata.mjs <visionscarto world/50m.json> <cldr-core dir> \
//        <cldr-localenames-full dir> <output dir>
//
// Output must be byte-for-byte reproducible: everything below iterates in a
// fixed order and all geometry cleaning is done on integers.
import fs from "node:fs";
import path from "node:path";
import * as topojson from "topojson-client";
import { geoEquirectangular } from "d3-geo";
import { geoProject } from "d3-geo-projection";
import polylabel from "polylabel";

const [, , topoPath, coreDir, namesDir, outDir] = process.argv;
if (!outDir) {
  console.error("usage: node build-geodata.mjs <50m.json> <cldr-core> <cldr-localenames-full> <outdir>");
  process.exit(2);
}
const readJson = (p) => JSON.parse(fs.readFileSync(p, "utf8"));
const fail = (msg) => { console.error(`build-geodata: ${msg}`); process.exit(1); };

// ---------------------------------------------------------------- CLDR -----
const codeMappings = readJson(`${coreDir}/supplemental/codeMappings.json`).supplemental.codeMappings;
const containment = readJson(`${coreDir}/supplemental/territoryContainment.json`).supplemental.territoryContainment;
const enNames = readJson(`${namesDir}/main/en/territories.json`).main.en.localeDisplayNames.territories;

// CLDR gives every territory one structural parent; the "_grouping" entries
// (202 Sub-Saharan Africa, 419 Latin America, 003, EU, UN, ...) overlap that
// tree. "X-status-grouping" says which region holds such a grouping;
// "X-status-deprecated" holds retired codes.
const parent = {};
const groupsOf = {};
for (const [key, v] of Object.entries(containment)) {
  if (key.endsWith("-status-deprecated")) continue;
  const code = key.replace(/-status-grouping$/, "");
  const grouping = v._grouping || key !== code;
  for (const child of v._contains) {
    if (grouping) (groupsOf[child] ??= []).push(code);
    else if (parent[child] && parent[child] !== code) fail(`${child} has two parents`);
    else parent[child] = code;
  }
}
const isM49 = (c) => /^\d{3}$/.test(c);

// ISO 3166-1 = CLDR leaf territories that have both an alpha-3 and a numeric
// code below 900. That drops private-use codes (XK=983, QM.., XA..), the
// reserved AC/CP/DG/TA (no numeric code) and deprecated codes (not in the tree).
const iso = [];
for (const [a2, m] of Object.entries(codeMappings)) {
  if (!/^[A-Z]{2}$/.test(a2) || !m._alpha3 || !m._numeric) continue;
  if (Number(m._numeric) >= 900 || !parent[a2]) continue;
  iso.push({ a2, a3: m._alpha3, n3: m._numeric });
}

// Boundary units that visionscarto keys by a non-ISO alpha-3. They borrow M49
// membership from the ISO territory they sit in or next to.
const NON_ISO = {
  XKX: { a2: "XK", name: null, regionsFrom: "XK" },            // CLDR knows Kosovo as XK/XKK; most news datasets use XKX
  CYN: { a2: "", name: "Northern Cyprus", regionsFrom: "CY" },
  SOL: { a2: "", name: "Somaliland", regionsFrom: "SO" },
  KAS: { a2: "", name: "Siachen Glacier", regionsFrom: "IN" },
  IOA: { a2: "", name: "Indian Ocean Territories", regionsFrom: "CX" }, // Christmas I. + Cocos (Keeling) Is. merged by NE
  ATC: { a2: "", name: "Ashmore and Cartier Islands", regionsFrom: "AU" },
};

// CLDR's own picks that read badly in a news map legend.
const NAME_FROM_ALT_SHORT = new Set(["HK", "MO", "PS"]);

function englishNames(a2) {
  const full = enNames[a2];
  if (!full) fail(`no English CLDR name for ${a2}`);
  let name = full;
  const alts = [];
  if (NAME_FROM_ALT_SHORT.has(a2)) {
    name = enNames[`${a2}-alt-short`];
    alts.push(full); // "Palestinian Territories" is still how many texts say it
  } else {
    const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(full); // "Myanmar (Burma)"
    if (m) { name = m[1]; alts.push(m[2]); }
  }
  for (const kind of ["short", "variant"]) {
    const v = enNames[`${a2}-alt-${kind}`];
    if (v) alts.push(v);
  }
  const uniq = [];
  for (const a of alts) if (a !== name && !uniq.includes(a)) uniq.push(a);
  for (const s of [name, ...uniq]) if (/[\t\n|]/.test(s)) fail(`separator inside name ${JSON.stringify(s)}`);
  return { name, alt: uniq.join("|") };
}

// The brief's convention: subregion = CLDR structural parent, intermediate =
// the UN grouping above it (202 or 419). 003 "North America" overlaps 419 so it
// is listed in m49.tsv but never used as a country's intermediate region.
const INTERMEDIATE = new Set(["202", "419"]);
function m49For(a2) {
  const sub = parent[a2];
  if (!sub || !isM49(sub)) return { region: "", subregion: "", intermediate: "" }; // AQ sits in CLDR-only QO
  const region = parent[sub];
  const inter = (groupsOf[sub] || []).filter((g) => INTERMEDIATE.has(g));
  if (inter.length > 1) fail(`${a2}: several intermediate regions`);
  return { region: isM49(region) ? region : "", subregion: sub, intermediate: inter[0] || "" };
}

// UN wording; CLDR's display names are "Southeast Asia", "Australasia", ...
const M49_NAMES = {
  "001": "World", "002": "Africa", "009": "Oceania", "019": "Americas", "142": "Asia", "150": "Europe",
  "003": "North America", "005": "South America", "011": "Western Africa", "013": "Central America",
  "014": "Eastern Africa", "015": "Northern Africa", "017": "Middle Africa", "018": "Southern Africa",
  "021": "Northern America", "029": "Caribbean", "030": "Eastern Asia", "034": "Southern Asia",
  "035": "South-eastern Asia", "039": "Southern Europe", "053": "Australia and New Zealand",
  "054": "Melanesia", "057": "Micronesia", "061": "Polynesia", "143": "Central Asia",
  "145": "Western Asia", "151": "Eastern Europe", "154": "Northern Europe", "155": "Western Europe",
  "202": "Sub-Saharan Africa", "419": "Latin America and the Caribbean",
};

// ------------------------------------------------------------ geometry -----
const Q = 1e4; // 4 decimals (~11 m); the source grid is 0.00036 x 0.00017 deg, so no vertices merge
const E180 = 180 * Q;
// geoProject leaves vertices a few grid steps short of the cut line next to the
// ones it puts on it; snapping them closes the resulting slivers and spikes.
const SNAP = E180 - 10;
const q = (v) => Math.round(v * Q);
const snapX = (x) => (x >= SNAP ? E180 : x <= -SNAP ? -E180 : x);

const ringArea2 = (r) => { // twice the signed area, closed ring, exact on integers
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return s;
};

// Drops vertices where the ring doubles back on itself (collinear and not
// between its neighbours). Such back-tracks are what make the cut rings of
// Russia, Fiji and Antarctica self-intersect.
function despike(open) {
  const o = open;
  let changed = true;
  while (changed && o.length >= 3) {
    changed = false;
    for (let i = 0; i < o.length && o.length >= 3; i++) {
      const a = o[(i + o.length - 1) % o.length], b = o[i], c = o[(i + 1) % o.length];
      const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
      const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
      if (cross === 0 && dot <= 0) {
        o.splice(i, 1);
        changed = true;
        for (let j = 0; j < o.length && o.length > 1; j++) {
          const n = o[(j + 1) % o.length];
          if (n[0] === o[j][0] && n[1] === o[j][1]) { o.splice(j, 1); j--; }
        }
        i = Math.max(-1, i - 2);
      }
    }
  }
  return o;
}

// y comes in flipped: the projection is y-down (reflectY mis-nests holes).
function cleanRing(ring) {
  const o = [];
  for (const [x, y] of ring) {
    const p = [snapX(q(x)), q(-y)];
    const last = o[o.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) o.push(p);
  }
  if (o.length > 1 && o[0][0] === o[o.length - 1][0] && o[0][1] === o[o.length - 1][1]) o.pop();
  despike(o);
  if (o.length < 3) return null;
  o.push([o[0][0], o[0][1]]);
  return ringArea2(o) === 0 ? null : o;
}

function cleanGeometry(g) {
  if (!g) return [];
  const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  const out = [];
  for (const poly of polys) {
    if (!poly.length) continue;
    const ext = cleanRing(poly[0]);
    if (!ext) continue; // exterior collapsed by quantization (Vatican, Ashmore)
    const rings = [ext, ...poly.slice(1).map(cleanRing).filter(Boolean)];
    // RFC 7946: exterior counter-clockwise, holes clockwise
    rings.forEach((r, i) => { if ((i === 0) !== (ringArea2(r) > 0)) r.reverse(); });
    out.push(rings);
  }
  return out;
}

const topo = readJson(topoPath);
const raw = topojson.feature(topo, topo.objects.countries);
// d3's spherical clipping is what cuts the geostitched rings at +-180; scale
// 180/pi with no translation makes projected units degrees.
const projection = geoEquirectangular().scale(180 / Math.PI).translate([0, 0]).precision(0);
const cut = geoProject(raw, projection);
if (cut.features.length !== raw.features.length) fail("geoProject changed the feature count");

const units = new Map(); // a3 -> { polys (integer coords), fallbackLabel }
raw.features.forEach((f, i) => {
  const a3 = f.properties.a3;
  if (!/^[A-Z]{3}$/.test(a3)) fail(`bad a3 ${a3}`);
  if (units.has(a3)) fail(`duplicate a3 ${a3}`);
  const polys = cleanGeometry(cut.features[i].geometry);
  // Units that collapse at 50m keep a marker: the mean of their distinct vertices.
  let fallback = null;
  if (!polys.length && f.geometry) {
    const seen = new Map();
    const walk = (c) => (typeof c[0] === "number" ? seen.set(`${c[0]},${c[1]}`, c) : c.forEach(walk));
    walk(f.geometry.coordinates);
    const pts = [...seen.values()];
    if (pts.length) fallback = [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
  }
  units.set(a3, { polys, fallback });
});

// ---------------------------------------------------------------- table ----
const rows = [];
const isoByA3 = new Map(iso.map((t) => [t.a3, t]));
for (const t of iso) rows.push({ a3: t.a3, a2: t.a2, n3: t.n3, ...englishNames(t.a2), ...m49For(t.a2) });
for (const [a3, spec] of Object.entries(NON_ISO)) {
  if (!units.has(a3)) fail(`visionscarto no longer has ${a3}`);
  const names = spec.name ? { name: spec.name, alt: "" } : englishNames(spec.a2);
  rows.push({ a3, a2: spec.a2, n3: "", ...names, ...m49For(spec.regionsFrom) });
}
for (const a3 of units.keys()) if (!isoByA3.has(a3) && !NON_ISO[a3]) fail(`unmapped visionscarto unit ${a3}`);
rows.sort((a, b) => (a.a3 < b.a3 ? -1 : a.a3 > b.a3 ? 1 : 0));

const fmt = (v) => (v / Q).toFixed(4);
const fmtDeg = (v) => (Math.round(v * Q) / Q).toFixed(4);

function pointInRing(x, y, r) {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i], [xj, yj] = r[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function labelPoint(polys) {
  let best = null, bestArea = -Infinity;
  for (const p of polys) {
    const a = p.reduce((s, r) => s + ringArea2(r), 0); // holes are negative
    if (a > bestArea) { bestArea = a; best = p; }
  }
  const deg = best.map((r) => r.map(([x, y]) => [x / Q, y / Q]));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of deg[0]) { minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y); }
  // 0.01 deg is ~1 km; atolls such as Tuvalu are narrower than that.
  const precision = Math.min(0.01, Math.min(maxX - minX, maxY - minY) / 100);
  const [x, y] = polylabel(deg, precision);
  const lx = Math.round(x * Q), ly = Math.round(y * Q);
  const inside = pointInRing(lx, ly, best[0]) && best.slice(1).every((h) => !pointInRing(lx, ly, h));
  if (!inside) fail(`label point ${x},${y} not inside its polygon`);
  return [fmt(lx), fmt(ly)];
}

const tsv = ["iso_a3\tiso_a2\tiso_n3\tname\talt_names\tregion\tsubregion\tintermediate\tlabel_lon\tlabel_lat\thas_polygon"];
const features = [];
for (const r of rows) {
  const u = units.get(r.a3);
  let label = ["", ""];
  if (u?.polys.length) {
    label = labelPoint(u.polys);
    const coordinates = u.polys.map((p) => p.map((ring) => ring.map(([x, y]) => [x / Q, y / Q])));
    features.push(JSON.stringify({ type: "Feature", properties: { iso_a3: r.a3, name: r.name }, geometry: { type: "MultiPolygon", coordinates } }));
  } else if (u?.fallback) {
    label = [fmtDeg(u.fallback[0]), fmtDeg(u.fallback[1])];
  }
  tsv.push([r.a3, r.a2, r.n3, r.name, r.alt, r.region, r.subregion, r.intermediate, label[0], label[1], u?.polys.length ? "1" : "0"].join("\t"));
}

// ---------------------------------------------------------------- checks ---
const withPolygon = new Set(rows.filter((r) => units.get(r.a3)?.polys.length).map((r) => r.a3));
const a2to3 = Object.fromEntries(iso.map((t) => [t.a2, t.a3]));
const unMembers = containment.UN._contains.map((a2) => a2to3[a2]);
if (unMembers.length !== 193 || unMembers.some((a3) => !a3)) fail("CLDR UN grouping is not 193 ISO members");
const required = [...unMembers, "HKG", "MAC", "TWN", "XKX", "PSE", "ESH",
  "PLW", "TON", "TUV", "NRU", "KIR", "MHL", "FSM", "WSM", "VUT", "FJI", "SLB", "PNG"];
const missing = required.filter((a3) => !withPolygon.has(a3));
if (missing.length) fail(`required units without a polygon: ${missing.join(" ")}`);
for (const f of features) {
  const g = JSON.parse(f).geometry.coordinates;
  for (const p of g) for (const r of p) for (let i = 0; i < r.length; i++) {
    const [x, y] = r[i];
    if (Math.abs(x) > 180 || Math.abs(y) > 90) fail(`coordinate out of range ${x},${y}`);
    if (i && Math.abs(x - r[i - 1][0]) > 180) fail("ring crosses the antimeridian");
  }
}

// ----------------------------------------------------------------- m49 -----
const m49Codes = new Set();
for (const [code, v] of Object.entries(containment)) {
  if (code.includes("-status-") || !isM49(code)) continue;
  m49Codes.add(code);
  for (const c of v._contains) if (isM49(c)) m49Codes.add(c);
}
// Smallest M49 container, so 014 -> 202 -> 002 and 013 -> 419 -> 019.
function m49Parent(code) {
  const inter = (groupsOf[code] || []).filter((g) => INTERMEDIATE.has(g));
  if (inter.length) return inter[0];
  const p = parent[code] ?? (groupsOf[code] || []).find(isM49);
  return p && isM49(p) ? p : "";
}
const m49 = ["code\tname\tparent"];
for (const code of [...m49Codes].sort()) {
  if (!M49_NAMES[code]) fail(`no UN name written for M49 ${code}`);
  m49.push(`${code}\t${M49_NAMES[code]}\t${m49Parent(code)}`);
}

// ------------------------------------------------------- other languages --
// Territory names in the languages geomention reads, as CLDR writes them
// (dictionary forms only; inflections and demonyms are hand-written in
// geodata/lang/). `-alt-short`/`-alt-variant` become aliases; a name with a
// parenthesised part ("Myanmar (Birmanie)") gives both halves.
const LOCALES = ["fr", "es", "pt", "de", "it", "nl", "id", "ms", "fil", "vi", "th", "zh", "zh-Hant",
  "ja", "ko", "ru", "uk", "ar", "fa", "tr", "my", "km", "lo", "hi", "bn", "sw"];
const LANG_TAG = { fil: "tl", zh: "zh-Hans" };
const localeRows = ["lang\tiso_a3\tkind\tform"];
for (const loc of LOCALES) {
  const file = `${namesDir}/main/${loc}/territories.json`;
  if (!fs.existsSync(file)) fail(`no CLDR territories for ${loc}`);
  const names = readJson(file).main[loc].localeDisplayNames.territories;
  const tag = LANG_TAG[loc] ?? loc;
  for (const r of rows) {
    const a2 = r.a2 || (NON_ISO[r.a3] && NON_ISO[r.a3].a2);
    if (!a2) continue;
    const seen = new Set();
    const emit = (kind, form) => {
      form = form.trim();
      if (!form || seen.has(form)) return;
      if (/[\t\n]/.test(form)) fail(`separator inside ${loc} name ${JSON.stringify(form)}`);
      seen.add(form);
      localeRows.push(`${tag}\t${r.a3}\t${kind}\t${form}`);
    };
    // A parenthesised part is another name only where English has one too
    // ("Myanmar (Burma)"); elsewhere it qualifies the name ("Congo
    // (Republic)", "RAE de Hong Kong (China)") and is dropped.
    const englishHasAlias = /\(([^()]+)\)$/.test(enNames[a2] ?? "");
    const split = (kind, s) => {
      if (!s) return;
      const m = /^(.*\S)\s*[(（]([^()（）]+)[)）]$/.exec(s);
      if (!m) return emit(kind, s);
      emit(kind, m[1]);
      if (englishHasAlias && kind === "name") emit("alias", m[2]);
    };
    split("name", names[a2]);
    for (const alt of ["short", "variant"]) split("alias", names[`${a2}-alt-${alt}`]);
  }
}

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "countries-50m.geojson"),
  `{"type":"FeatureCollection","features":[\n${features.join(",\n")}\n]}\n`);
fs.writeFileSync(path.join(outDir, "countries.tsv"), tsv.join("\n") + "\n");
fs.writeFileSync(path.join(outDir, "m49.tsv"), m49.join("\n") + "\n");
fs.writeFileSync(path.join(outDir, "names-cldr.tsv"), localeRows.join("\n") + "\n");
console.error(`build-geodata: ${features.length} features, ${rows.length} table rows, ${m49.length - 1} M49 codes`);
