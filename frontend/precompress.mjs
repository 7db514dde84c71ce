// Writes a gzip and a brotli copy beside each text and WebAssembly file of the built site
// (`node frontend/precompress.mjs target/site`), at the highest levels, once per build: the
// server sends the copy a browser accepts instead of compressing the file on every request.
// A copy newer than its file is kept.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const COMPRESSIBLE = /\.(css|js|mjs|wasm|json|geojson|svg|txt)$/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

function fresh(copy, since) {
  try {
    return statSync(copy).mtimeMs >= since;
  } catch {
    return false;
  }
}

const root = process.argv[2];
if (!root) {
  console.error('usage: node frontend/precompress.mjs SITE_ROOT');
  process.exit(2);
}
for (const path of files(root)) {
  const modified = statSync(path).mtimeMs;
  if (fresh(`${path}.gz`, modified) && fresh(`${path}.br`, modified)) continue;
  const bytes = readFileSync(path);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }));
}
