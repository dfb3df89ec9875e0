#!/usr/bin/env node
// Takes the README's screenshot (docs/demo.png) from the real page: the URL scripts/demo.sh
// prints, opened in headless Chromium (as scripts/test-vscode.mjs drives it). It waits for the
// wrong table literal's underline, opens the Problems panel and the Migrations view on its first
// problem, then shoots the window.
//   scripts/demo.sh &            # wait for its URL
//   node scripts/demo-screenshot.mjs '<the URL>' [docs/demo.png]
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [url, output = join(root, 'docs', 'demo.png')] = process.argv.slice(2);
if (!url) {
  console.error('usage: node scripts/demo-screenshot.mjs <URL printed by scripts/demo.sh> [out.png]');
  process.exit(2);
}

/** Runs a command by its title through the command palette, as a user would. */
async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
  await page.goto(url);
  // The extension's diagnostic on the literal: an error squiggle in the open editor.
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: 120_000 });
  await runCommand(page, 'View: Focus Problems');
  await page.locator('.markers-panel .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
  await runCommand(page, 'Migration Doctor: Show Migration Problems');
  await page.locator('.monaco-list-row.selected', { hasText: '2025_09_23_120134' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  // Back to the editor, on the underlined literal, with the hover that explains it.
  // (A picture without the hover is still right: it is a nicety.)
  await page.locator('.monaco-editor .squiggly-error >> visible=true').first().hover({ timeout: 10_000 })
    .then(() => page.locator('.monaco-hover', { hasText: 'name-table-mismatch' }).first().waitFor({ state: 'visible', timeout: 10_000 }))
    .catch(() => console.error('demo-screenshot: no hover on the literal; the picture is taken without it.'));
  mkdirSync(dirname(resolve(output)), { recursive: true });
  await page.screenshot({ path: output });
  console.log(`demo-screenshot: ${output}`);
} finally {
  await browser.close();
}
