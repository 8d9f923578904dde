// Trunk's post-build hook: in a release build, minifies the JavaScript Trunk
// staged (the wasm-bindgen glue and the Rust crates' JS snippets), which
// Trunk's own `minify` leaves as written, and gives the page the new files'
// integrity hashes. Names other files import are kept: esbuild renames only
// what is local to a file.
//
//     TRUNK_PROFILE=release TRUNK_STAGING_DIR=… node scripts/minify.mjs
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { require } from './browser.mjs';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('scripts/minify.mjs: Trunk sets TRUNK_STAGING_DIR for its hooks');
  process.exit(1);
}
let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  console.error('scripts/minify.mjs: esbuild is missing from .tools/; make serve or make test installs it');
  process.exit(1);
}

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
const hashes = new Map();
for (const file of files(staging).filter((path) => path.endsWith('.js'))) {
  const { code } = esbuild.transformSync(readFileSync(file, 'utf8'), { minify: true, format: 'esm' });
  writeFileSync(file, code);
  const digest = createHash('sha384').update(code).digest('base64');
  hashes.set(relative(staging, file).split(sep).join('/'), `sha384-${digest}`);
}
// The page names each file with its hash (`href=./x.js integrity=sha384-…`):
// the old hash would make the browser refuse the minified file.
for (const page of files(staging).filter((path) => path.endsWith('.html'))) {
  let html = readFileSync(page, 'utf8');
  for (const [path, integrity] of hashes) {
    const link = new RegExp(`(href="?\\./${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"?[^>]*?integrity=)"?sha384-[A-Za-z0-9+/=]+"?`, 'g');
    html = html.replace(link, `$1${integrity}`);
  }
  writeFileSync(page, html);
}
