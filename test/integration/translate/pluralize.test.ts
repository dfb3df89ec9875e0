// constrained() derives the referenced table with Str::plural: our port against Laravel's own.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { pluralize } from '../../../src/core/translate/pluralize';
import { phpBinary } from '../../support/laravel';

const words = [
  'user', 'post', 'category', 'company', 'person', 'child', 'status', 'address', 'box', 'bus', 'quiz', 'ox', 'mouse',
  'matrix', 'index', 'vertex', 'hive', 'wife', 'wolf', 'analysis', 'medium', 'criterion', 'man', 'woman', 'foot',
  'tomato', 'photo', 'cactus', 'alias', 'series', 'data', 'sheep', 'fish', 'equipment', 'information', 'software',
  'transactions_history', 'order_item', 'blog_post', 'news', 'money', 'leaf', 'Person', 'USER', 'movie', 'cookie',
  'crisis', 'axis', 'testis', 'virus', 'day', 'key', 'toy', 'city', 'query', 'kiss', 'church', 'dish', 'half', 'roof',
  'safe', 'knife', 'life', 'hero', 'potato', 'echo', 'zoo', 'audio', 'feedback', 'metadata', 'pivot_table', 'tracking',
];

describe('translate: Str::plural port against Laravel 8.83', () => {
  it('pluralises every word as Illuminate\\Support\\Str::plural does', function () {
    this.timeout(30_000);
    const script = `require '/usr/share/php/Illuminate/autoload.php'; echo json_encode(array_map(fn ($w) => Illuminate\\Support\\Str::plural($w), json_decode($argv[1])));`;
    const laravel = JSON.parse(execFileSync(phpBinary, ['-r', script, JSON.stringify(words)], { encoding: 'utf8' })) as string[];
    assert.deepStrictEqual(words.map(pluralize), laravel);
  });
});
