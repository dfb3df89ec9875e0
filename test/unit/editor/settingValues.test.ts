import * as assert from 'node:assert/strict';
import { booleanSetting, objectListSetting, positiveNumberSetting, recordSetting, textListSetting, textSetting } from '../../../src/editor/settingValues';

// What a hand-edited settings.json hands over: the values VS Code passes on whatever the schema says.
describe('setting values as settings.json really holds them', () => {
  it('a text setting: a number is its text, anything else the default', () => {
    assert.equal(textSetting('11.x', ''), '11.x');
    assert.equal(textSetting(11, ''), '11');
    assert.equal(textSetting(8.83, ''), '8.83');
    for (const odd of [null, undefined, true, {}, ['11'], Number.NaN]) assert.equal(textSetting(odd, 'default'), 'default', String(odd));
  });

  it('a list of paths: one text is a list of one, entries that are not texts are dropped, an empty list stays empty', () => {
    assert.deepEqual(textListSetting('database/migrations', ['x']), ['database/migrations']);
    assert.deepEqual(textListSetting(['a', null, 3, '', '  ', 'b', { p: 'c' }], ['x']), ['a', 'b']);
    assert.deepEqual(textListSetting([], ['x']), []);
    for (const odd of [null, undefined, 3, {}, '', ' ']) assert.deepEqual(textListSetting(odd, ['x']), ['x'], String(odd));
    const fallback = ['x'];
    assert.notEqual(textListSetting(undefined, fallback), fallback, 'the default is copied, never handed out to be changed');
  });

  it('a boolean is a boolean only', () => {
    assert.equal(booleanSetting(false, true), false);
    for (const odd of ['false', 0, null, undefined]) assert.equal(booleanSetting(odd, true), true, String(odd));
  });

  it('an object of rules, a list of connections: other shapes are empty, non-object entries dropped', () => {
    assert.deepEqual(recordSetting({ 'down-not-inverse': 'off' }), { 'down-not-inverse': 'off' });
    for (const odd of [null, 'off', ['off'], 3]) assert.deepEqual(recordSetting(odd), {}, String(odd));
    assert.deepEqual(objectListSetting([{ name: 'a' }, null, 'b', ['c'], 3]), [{ name: 'a' }]);
    for (const odd of [null, { name: 'a' }, 'a']) assert.deepEqual(objectListSetting(odd), [], String(odd));
  });

  it('a number of seconds: a numeric text counts, zero, negatives and other shapes are the default, the top is capped', () => {
    assert.equal(positiveNumberSetting(5, 30, 3600), 5);
    assert.equal(positiveNumberSetting('2.5', 30, 3600), 2.5);
    assert.equal(positiveNumberSetting(100_000, 30, 3600), 3600);
    for (const odd of [0, -1, '', ' ', 'soon', null, undefined, true, [5], Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(positiveNumberSetting(odd, 30, 3600), 30, String(odd));
  });
});
