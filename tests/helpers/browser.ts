import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import sirv from 'sirv';
import { afterAll, beforeAll } from 'vitest';
import { DIST, requireBuild } from './dist';

/** Debian's Chromium; `.ci/run` installs it. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with no background traffic (the machine's network is closed).
 * `scrollbars`: draw classic scroll bars that take room beside the page, as on Windows and Linux;
 * headless Chromium hides them unless told.
 */
export function launchBrowser({ scrollbars = false } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    ...(scrollbars ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Serves a built site on 127.0.0.1 at a random port, the way a static host would. */
export async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const handler = sirv(dir, { dev: false, etag: true, single: false });
  const server: Server = createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    }),
  );
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    // A page left open may hold a connection the browser opened ahead of time and never used;
    // `server.close()` alone waits for it forever, so every connection is closed too.
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Addresses a page may ask for without leaving the machine: the local server, the disk, inline data. */
export const STAYS_HERE = /^(https?:\/\/127\.0\.0\.1[:/]|file:|data:|blob:|about:)/;

/**
 * Records what a page does that a reader would notice or that leaks: console errors, uncaught
 * exceptions, and requests to anything but the local server or the local disk.
 */
export function watchPage(page: Page) {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!STAYS_HERE.test(url)) problems.push(`request left the machine: ${url}`);
  });
  return problems;
}

/** The built site on a local server and a browser, for the tests of one file. */
export interface ServedSite {
  /** The site's address, with a trailing slash. */
  url: string;
  browser: Browser;
}

/**
 * Serves the built site and launches Chromium before the tests of the calling file (after checking
 * that the site is built), and closes both after them. Read `url` and `browser` inside the tests.
 */
export function servedSite(): ServedSite {
  const site = {} as ServedSite;
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  beforeAll(async () => {
    requireBuild();
    server = await serve(DIST);
    site.url = server.url;
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    await server?.close();
  });
  return site;
}
