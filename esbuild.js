// Bundles the extension (Node, vscode external) and the CLI, as the `yo code` template does, and
// the same extension for VS Code's web worker extension host (vscode.dev, github.dev).
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the `[watch]` problem-matcher format VS Code's tasks understand. */
const problemMatcher = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcher],
};

/**
 * Resolves `katex` to dist/katex.js instead of bundling it: KaTeX (~270 kB minified) is first
 * needed when a formula is typeset, but a bundle is compiled whole when it is loaded, so inside
 * dist/extension.js it would slow every activation. The sources keep a plain `require('katex')`
 * where they first need it, which tsc's out/ (the unit tests) resolves in node_modules.
 */
const katexApart = {
  name: 'katex-apart',
  setup(build) {
    build.onResolve({ filter: /^katex$/ }, () => ({ path: './katex.js', external: true }));
  },
};

/**
 * The same for markdown-it (dist/markdown-it.js, ~160 kB with its entity table): its module code
 * ran at every activation, and at every `rnn-math check`, though findBlocks needs it only for the
 * notes its own fence scanner cannot settle (src/markdown/blocks.ts requires it then).
 */
const markdownItApart = {
  name: 'markdown-it-apart',
  setup(build) {
    build.onResolve({ filter: /^markdown-it$/ }, () => ({ path: './markdown-it.js', external: true }));
  },
};

/**
 * `rnn-math render`'s code (the page, the solution cards, markdown-it's KaTeX plugin) as
 * dist/cli-render.js, and `variants` (which writes pages too) as dist/cli-variants.js, which
 * src/cli/main.ts requires for those commands only: `check` on a 1,000-block
 * note is a short process, and compiling code it never runs was a part of it.
 */
const renderApart = {
  name: 'render-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/(render|variants)$/ }, (args) =>
      /[\\/]cli[\\/]main\.ts$/.test(args.importer) ? { path: `./cli-${args.path.slice(2)}.js`, external: true } : undefined,
    );
  },
};

/**
 * Node's globals, each defined as a marker the web bundle must not contain: esbuild already
 * refuses `import … from 'fs'` (or any built-in module) for platform `browser`, but a bare
 * `process`, `Buffer` or `setImmediate` would bundle silently and throw in the worker host.
 */
const NODE_GLOBALS = ['process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', '__dirname', '__filename'];
const NODE_MARK = '__nodeOnlyGlobal_';

/** Fails the web build when Node's globals, or a `require` of anything but `vscode`, got in. */
const webOnly = {
  name: 'web-only',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [
        { text: `"${args.path}" is a Node built-in: the web extension host has none (use vscode.workspace.fs, vscode.Uri or a web API)` },
      ],
    }));
    build.onEnd((result) => {
      if (result.errors.length || !result.outputFiles) return;
      for (const file of result.outputFiles) {
        if (!file.path.endsWith('.js')) continue;
        const text = file.text;
        const found = new Set();
        for (const m of text.matchAll(new RegExp(`${NODE_MARK}(\\w+)`, 'g'))) found.add(m[1]);
        for (const name of found) {
          result.errors.push({
            text: `the web bundle uses Node's global \`${name}\`, which the web worker extension host does not have (src/extension/host.ts has web-standard stand-ins)`,
          });
        }
        for (const m of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
          if (m[1] !== 'vscode')
            result.errors.push({ text: `the web bundle requires "${m[1]}" at run time: the worker host loads only "vscode"` });
        }
      }
      // write only a clean bundle: a failed build must not leave one that looks fine
      if (!result.errors.length) {
        const fs = require('fs');
        const path = require('path');
        for (const file of result.outputFiles) {
          fs.mkdirSync(path.dirname(file.path), { recursive: true });
          fs.writeFileSync(file.path, file.contents);
        }
      }
    });
  },
};

const entries = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    loader: { '.md': 'text', '.code-snippets': 'text' },
    plugins: [problemMatcher, katexApart, markdownItApart],
  },
  {
    // The web worker extension host's entry (package.json `browser`): the same sources, with
    // KaTeX and markdown-it inside, since a worker host loads one file and `vscode`, nothing else.
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/web/extension.js',
    loader: { '.md': 'text', '.code-snippets': 'text' },
    platform: 'browser',
    target: 'es2022',
    external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
    define: Object.fromEntries(NODE_GLOBALS.map((g) => [g, NODE_MARK + g])),
    write: false,
    plugins: [webOnly, problemMatcher],
  },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [problemMatcher, katexApart, markdownItApart, renderApart] },
  { entryPoints: ['src/cli/render.ts'], outfile: 'dist/cli-render.js', plugins: [problemMatcher, katexApart, markdownItApart] },
  { entryPoints: ['src/cli/variants.ts'], outfile: 'dist/cli-variants.js', plugins: [problemMatcher, katexApart, markdownItApart] },
  { entryPoints: [require.resolve('katex')], outfile: 'dist/katex.js' },
  { entryPoints: [require.resolve('markdown-it')], outfile: 'dist/markdown-it.js' },
];

/**
 * Copies KaTeX's stylesheet and woff2 fonts into media/katex/ (the step panel, the Markdown
 * preview and `rnn-math render` load them from there). Only woff2 is kept: every browser engine
 * VS Code runs on reads it, and the extension stays small.
 */
function copyKatex() {
  const fs = require('fs');
  const path = require('path');
  const src = path.dirname(require.resolve('katex/dist/katex.min.css'));
  const dest = path.join(__dirname, 'media', 'katex');
  fs.mkdirSync(path.join(dest, 'fonts'), { recursive: true });
  const css = fs.readFileSync(path.join(src, 'katex.min.css'), 'utf8').replace(/src:([^;}]+)/g, (whole, list) => {
    const woff2 = list.split(/,(?=\s*url\()/).find((s) => /\.woff2\)/.test(s));
    return woff2 ? `src:${woff2.trim()}` : whole;
  });
  fs.writeFileSync(path.join(dest, 'katex.min.css'), css);
  for (const font of fs.readdirSync(path.join(src, 'fonts'))) {
    if (font.endsWith('.woff2')) fs.copyFileSync(path.join(src, 'fonts', font), path.join(dest, 'fonts', font));
  }
}

async function main() {
  const fs = require('fs');
  copyKatex();
  const contexts = [];
  for (const entry of entries) {
    if (!fs.existsSync(entry.entryPoints[0])) continue;
    contexts.push(await esbuild.context({ ...common, ...entry }));
  }
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    // Dispose even when a build fails, or the esbuild service keeps the process alive.
    try {
      for (const c of contexts) {
        // errors a plugin's onEnd adds (webOnly) do not reject the rebuild
        if ((await c.rebuild()).errors.length) process.exitCode = 1;
      }
    } finally {
      await Promise.all(contexts.map((c) => c.dispose()));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
