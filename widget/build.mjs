// Builds the widget: dist/widget.js (minified IIFE for the <script> tag) and dist/fundus.mjs
// (ES module exporting mount). The CSS is minified and inlined as a string: it goes into the
// Shadow DOM, so there is no separate stylesheet to load.
// Usage: node widget/build.mjs   (prints the sizes; needs `npm ci` in widget/ for esbuild)

import { readFile, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('widget/build.mjs: esbuild is missing; run `npm ci` in widget/ (scripts/install-deps does)');
  process.exit(1);
}

const inlineCss = {
  name: 'inline-css',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await esbuild.transform(await readFile(args.path, 'utf8'), { loader: 'css', minify: true });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  minify: true,
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
  legalComments: 'none',
  plugins: [inlineCss],
  logLevel: 'warning',
  charset: 'utf8',
};

await mkdir(dist, { recursive: true });
await esbuild.build({ ...common, entryPoints: [join(here, 'src/auto.js')], outfile: join(dist, 'widget.js'), format: 'iife' });
await esbuild.build({ ...common, entryPoints: [join(here, 'src/index.js')], outfile: join(dist, 'fundus.mjs'), format: 'esm' });

for (const name of ['widget.js', 'fundus.mjs']) {
  const file = join(dist, name);
  const bytes = (await stat(file)).size;
  const gzipped = gzipSync(await readFile(file), { level: 9 }).length;
  console.log(`widget: dist/${name} ${(bytes / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
}
