#!/usr/bin/env node
// Renders media/icon.svg into media/icon.png (the Marketplace and Open VSX want a PNG of
// at least 128 px) with the Chromium the editor tests already use: run after editing the SVG.
//   node scripts/package-icon.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'media/icon.svg'), 'utf8');
const size = 256;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  writeFileSync(join(root, 'media/icon.png'), png);
} finally {
  await browser.close();
}
