// What the build changes in php-parser's code when it bundles it (dist/lazy/php-parser.js): calls
// written in a way that costs more than they need, each rewritten to the very same call. Read by
// scripts/build.mjs and by test/unit/analysis/phpParserBundle.test.ts, which compares the trees
// and the lexer's tokens of the rewritten code with php-parser's own, node for node and in order.
'use strict';
const { readFileSync } = require('node:fs');

/** php-parser's node classes, its list readers and its lexer's token table. */
const files = /[\\/]php-parser[\\/]src[\\/](ast[\\/][\w-]+|parser[\\/]utils|lexer[\\/]tokens)\.js$/;

const rewrites = [
  // Every node class calls its parent class with `Parent.apply(this, [KIND, docs, location])`: a
  // new array per level of every node (two to four per node), which the parse allocates and the
  // collector frees. `Parent.call(this, KIND, docs, location)` calls the same function with the
  // same arguments: the same properties, set in the same order.
  { from: /\b([A-Z]\w*)\.apply\(this, \[([^\]]*)\]\)/g, to: '$1.call(this, $2)' },
  // A list item reader and a token's function, called with an empty array each time.
  { from: /\b(item|fn)\.apply\(this, \[\]\)/g, to: '$1.call(this)' },
];

/** The text of a php-parser file as bundled: `text` with every rewrite applied. */
function rewritePhpParser(text) {
  return rewrites.reduce((out, { from, to }) => out.replace(from, to), text);
}

/** The esbuild plugin that applies them (a file they do not match is bundled as it is). */
const phpParserRewrites = {
  name: 'php-parser-rewrites',
  setup(build) {
    build.onLoad({ filter: files }, (args) => ({ contents: rewritePhpParser(readFileSync(args.path, 'utf8')), loader: 'js' }));
  },
};

module.exports = { phpParserRewrites, rewritePhpParser };
