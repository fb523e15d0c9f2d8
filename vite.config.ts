/**
 * Build of every browser app (kiosk, counter, display, admin, ticket page) as one
 * multi-page Vite project, plus the Workbox service worker that lets the staff apps and
 * the ticket page open with no network. The service worker never caches `/api/`: devices
 * are shared, so one person's data must never be served to the next one from a cache.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { hashInputs, pagesBuiltAt, writeRecord } from './scripts/buildInputs.mjs';

const root = import.meta.dirname;

/** The build's version as devices report it in heartbeats: package version + commit, e.g. 0.1.0+d0e65c1. */
function appVersion(): string {
  const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return /^[0-9a-f]{4,40}$/.test(commit) ? `${version}+${commit}` : version;
  } catch {
    return version;
  }
}

/** The apps; each is `<name>/index.html`. */
const APPS = ['kiosk', 'counter', 'display', 'admin', 't'] as const;

/** Apps a device installs (the ticket page is a plain phone page: no manifest, no install prompt). */
const INSTALLABLE: Record<string, { shortName: string; display: 'fullscreen' | 'standalone' }> = {
  kiosk: { shortName: 'Kiosk', display: 'fullscreen' },
  counter: { shortName: 'Counter', display: 'standalone' },
  display: { shortName: 'Display', display: 'fullscreen' },
  admin: { shortName: 'Console', display: 'standalone' },
};

const ICONS = [
  { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
  { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
  { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
  { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
];

/**
 * One web app manifest per installable app ("Jawazat mall office – Kiosk", start_url
 * /kiosk/, ...), emitted next to its index.html and linked from it. A single manifest
 * would give every installed device the same start page.
 */
function appManifests(): Plugin {
  return {
    name: 'jawazat:app-manifests',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const app = ctx.path.split('/')[1] ?? '';
        if (!INSTALLABLE[app]) return html;
        return html.replace('</head>', `  <link rel="manifest" href="/${app}/manifest.webmanifest">\n  </head>`);
      },
    },
    generateBundle() {
      for (const [app, { shortName, display }] of Object.entries(INSTALLABLE)) {
        const manifest = {
          id: `/${app}/`,
          name: `Jawazat mall office – ${shortName}`,
          short_name: shortName,
          description: 'Jawazat mall office',
          start_url: `/${app}/`,
          scope: '/',
          display,
          orientation: 'any',
          background_color: '#ffffff',
          theme_color: '#005a2b',
          icons: ICONS,
        };
        this.emitFile({ type: 'asset', fileName: `${app}/manifest.webmanifest`, source: JSON.stringify(manifest, null, 2) });
      }
    },
  };
}

/**
 * Records what this build was made from (scripts/buildInputs.mjs), so `npm start` can tell
 * an unchanged tree from a changed one without building again. The hash is taken as the
 * build starts: a file saved while it runs is newer than the record and gets checked.
 */
function buildInputsRecord(): Plugin {
  let checkedAt = 0;
  let hash = '';
  return {
    name: 'jawazat:build-inputs',
    apply: 'build',
    buildStart() {
      checkedAt = Date.now();
      hash = hashInputs(root);
    },
    // After the pages are written (never after a failed build): the record names this build by them.
    writeBundle() {
      const builtAt = pagesBuiltAt(root);
      if (builtAt > 0 && resolve(root, this.environment.config.build.outDir) === resolve(root, 'dist')) writeRecord(root, { hash, checkedAt, builtAt });
    },
  };
}

export default defineConfig({
  root,
  appType: 'mpa',
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(appVersion()) },
  // Dexie's modern ES module build (dist/modern, for browsers with optional chaining; the
  // build targets ES2022) instead of its default ES5 bundle behind a wrapper that guards
  // against two copies of Dexie, which one bundle cannot have: 1.8 KB gzip less per device app.
  resolve: { alias: [{ find: /^dexie$/, replacement: resolve(root, 'node_modules/dexie/dist/modern/dexie.mjs') }] },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false, // shared/ui/registerServiceWorker.ts registers it with workbox-window
      manifest: false, // per-app manifests: see appManifests()
      includeManifestIcons: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,json,svg,png,woff2,wav,webmanifest}'],
        directoryIndex: 'index.html',
        // /kiosk/?enroll=X must open from the precache offline.
        ignoreURLParametersMatching: [/.*/],
        // /t/<code> has no file of its own: every ticket link opens the ticket page shell.
        navigateFallback: '/t/index.html',
        navigateFallbackAllowlist: [/^\/t\//],
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // A new version waits until the device says it is safe (UpdatePrompt).
        clientsClaim: false,
        skipWaiting: false,
        // Explicit: the API is never cached (shared devices; data is per person). The live
        // event stream is left out on purpose: a stream held open by the worker is a fetch
        // event that never ends, and Chromium will not activate a new version while the old
        // one still handles a fetch, so updates would wait forever (test/e2e/update.spec.ts).
        runtimeCaching: [
          { urlPattern: ({ url }) => url.pathname.startsWith('/api/') && url.pathname !== '/api/sync/events', handler: 'NetworkOnly', method: 'GET' },
          { urlPattern: ({ url }) => url.pathname.startsWith('/api/'), handler: 'NetworkOnly', method: 'POST' },
        ],
      },
    }),
    appManifests(),
    buildInputsRecord(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: Object.fromEntries(APPS.map((app) => [app, resolve(root, app, 'index.html')])),
    },
  },
});
