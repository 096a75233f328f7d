// Where the bytes of a Go wasm program go (issue #11's size target): its
// sections, and its code summed per Go package, raw and gzip -9. make size
// runs it on build/bench/svertka-names.wasm, the site's engine built with
// its function names (the name section, which -s strips).
//
//   node scripts/bench/wasmsize.mjs [--top N] file.wasm
//
// A package's gzip figure compresses its functions' code alone, so the
// figures show the proportions; they do not add up to the file's.
// Data (section 11: strings, type descriptors, the pc tables) has no
// names and is reported whole.

import { readFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 40;
const file = args[0];
if (!file || !Number.isInteger(top) || top < 1) {
  console.error('usage: node scripts/bench/wasmsize.mjs [--top N] file.wasm');
  process.exit(2);
}

const SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'];
const gzip = (bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(9);

const { sections, bodies, names } = parse(readFileSync(file));
if (names.size === 0) {
  console.error(`wasmsize: ${file} has no function names; build it without -ldflags='-s -w'`);
  process.exit(1);
}

console.log(`${'section'.padEnd(24)}${'raw KB'.padStart(9)}${'gzip KB'.padStart(9)}`);
for (const s of sections) console.log(`${s.name.padEnd(24)}${kb(s.bytes.length)}${kb(gzip(s.bytes))}`);
const whole = readFileSync(file);
console.log(`${'the file'.padEnd(24)}${kb(whole.length)}${kb(gzip(whole))}`);

const byPackage = new Map();
for (const [index, body] of bodies.entries()) {
  const pkg = packageOf(names.get(index) ?? '?');
  if (!byPackage.has(pkg)) byPackage.set(pkg, []);
  byPackage.get(pkg).push(body);
}
const rows = [...byPackage].map(([pkg, list]) => {
  const code = Buffer.concat(list);
  return { pkg, funcs: list.length, raw: code.length, gz: gzip(code) };
}).sort((a, b) => b.raw - a.raw);
console.log(`\n${'code by package'.padEnd(48)}${'raw KB'.padStart(9)}${'gzip KB'.padStart(9)}${'funcs'.padStart(7)}`);
for (const r of rows.slice(0, top)) console.log(`${r.pkg.padEnd(48)}${kb(r.raw)}${kb(r.gz)}${String(r.funcs).padStart(7)}`);
if (rows.length > top) {
  const rest = rows.slice(top);
  console.log(`${`(${rest.length} more packages)`.padEnd(48)}${kb(rest.reduce((s, r) => s + r.raw, 0))}`);
}

// packageOf names a function's package. The linker writes package paths
// with '/' and '.' as '_' (github.com's dot stays), so the first '.' after
// the path ends it: "encoding_json_v2.Unmarshal", "github.com_x_y.(*T).M".
// The path is shown with '/' for every '_', which is right for this
// program's packages (none has an '_' of its own).
function packageOf(name) {
  const dot = name.indexOf('.', name.startsWith('github.com') ? 'github.com'.length : 0);
  if (dot < 0) return '(the runtime\'s assembly: memchr, callRet…)';
  const pkg = name.slice(0, dot);
  return pkg === 'type_' ? '(type: equality functions)' : pkg.replaceAll('_', '/');
}

// parse reads the sections, the function bodies (indexed like the name
// section: after the imported functions) and the function names.
function parse(buf) {
  let p = 8; // magic and version
  const uleb = () => {
    let result = 0;
    let shift = 0;
    let b;
    do {
      b = buf[p++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  const name = () => {
    const n = uleb();
    p += n;
    return buf.toString('utf8', p - n, p);
  };
  const limits = () => {
    const flags = buf[p++];
    uleb();
    if (flags & 1) uleb();
  };
  const sections = [];
  const bodies = new Map();
  const names = new Map();
  let imported = 0;
  while (p < buf.length) {
    const id = buf[p++];
    const size = uleb();
    const start = p;
    const end = p + size;
    let label = SECTIONS[id] ?? `section ${id}`;
    if (id === 0) {
      label = `custom "${name()}"`;
      if (label === 'custom "name"') {
        while (p < end) {
          const sub = buf[p++];
          const subEnd = uleb() + p;
          if (sub === 1) for (let n = uleb(); n > 0; n--) names.set(uleb(), name());
          p = subEnd;
        }
      }
    } else if (id === 2) {
      for (let n = uleb(); n > 0; n--) {
        name();
        name();
        const kind = buf[p++];
        if (kind === 0) {
          uleb();
          imported++;
        } else if (kind === 1) {
          p++; // reftype
          limits();
        } else if (kind === 2) {
          limits();
        } else {
          p += 2; // global: valtype and mutability
        }
      }
    } else if (id === 10) {
      for (let n = uleb(), i = 0; i < n; i++) {
        const len = uleb();
        bodies.set(imported + i, buf.subarray(p, p + len));
        p += len;
      }
    }
    sections.push({ name: label, bytes: buf.subarray(start, end) });
    p = end;
  }
  return { sections, bodies, names };
}
