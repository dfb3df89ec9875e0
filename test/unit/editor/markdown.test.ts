// Names from a .env, a database or a migration file shown in a Markdown tooltip stay text: no
// link, image, HTML, heading or theme icon can be made of them.
import * as assert from 'node:assert/strict';
import { connectionHeading, inertLinks, labelText, markdownText } from '../../../src/editor/markdown';

/** What Markdown shows for text where every ASCII punctuation after a backslash is literal. */
const shown = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** The characters Markdown, HTML or a theme icon would act on, left without a backslash. */
const active = (markdown: string): string[] => [...markdown.replace(/\\[!-/:-@[-`{-~]/g, '').matchAll(/[\\`*_{}[\]()#+\-.!|<>$&~]/g)].map((m) => m[0]);

describe('Markdown tooltips escape what they quote', () => {
  const hostile = [
    'shop](command:migrationDoctor.repair?%5B%5D)',
    '![x](https://tracker.example/p.png)',
    '<img src=x onerror=alert(1)>',
    '$(alert) ~~gone~~ &lt; # heading',
    '`code` *em* _em_ | a | b |',
  ];

  it('markdownText: shows the text as written, nothing left active', () => {
    for (const text of hostile) {
      const md = markdownText(text);
      assert.equal(shown(md), text);
      assert.deepEqual(active(md), [], md);
    }
  });

  it('the status bar heading of a connection: the database and host from a .env stay text', () => {
    for (const text of hostile) {
      const md = connectionHeading({ database: text, host: text, port: 3306 });
      assert.equal(md, `**${markdownText(text)}** (${markdownText(`${text}:3306`)})`);
      assert.deepEqual(active(md.slice(2, md.indexOf('** ('))), [], md);
    }
  });

  it('inertLinks: a link VS Code would make in a notification is no longer one, the text shown alike', () => {
    // VS Code's own pattern for links in notifications (vs/base/common/linkedText.ts).
    const link = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
    const text = "Unknown column 'a[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)' in 'field list'";
    assert.ok(link.test(text));
    link.lastIndex = 0;
    const inert = inertLinks(text);
    assert.equal(link.test(inert), false, inert);
    assert.equal(inert.replace(/\u200b/g, ''), text);
    assert.equal(inertLinks(inert), inert);
    assert.equal(inertLinks('plain'), 'plain');
  });

  it('a name holding a line break stays on one line: in a tooltip, a tree label, the status bar', () => {
    // A blank line would end the bold name and start a paragraph reading like a state of its own.
    const name = '2020_01_01_000000_x\n\nRan \u00b7 batch 1\r\u2028\tz';
    const md = markdownText(name);
    assert.doesNotMatch(md, /[\n\r\t\u2028]/);
    assert.equal(shown(md), '2020_01_01_000000_x\\u000a\\u000aRan \u00b7 batch 1\\u000d\\u2028\\u0009z');
    assert.equal(labelText(name), '2020_01_01_000000_x\\u000a\\u000aRan \u00b7 batch 1\\u000d\\u2028\\u0009z');
    // A theme icon of its own would show a state's icon beside the name.
    assert.equal(labelText('shop $(check) up to date'), 'shop $\u200b(check) up to date');
  });
});

