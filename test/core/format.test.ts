// Figures for people (core/src/format.ts): at most three significant digits in
// a unit that keeps the number below 1000, exact values without a decimal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesText, countText, durationText, grouped, loadText, msText, pct, rateText } from '../../core/src/format';

test('the issue\'s figures: 743 µs, 75.0 s, 1.0 MiB, 1.7k/s', () => {
  assert.equal(msText(0.74283), '743 µs'); // was "742.83 µs"
  assert.equal(msText(75_000.243), '75.0 s'); // was "75,000.243 ms"
  assert.equal(bytesText(1000 * 1024), '1.0 MiB'); // was "1,000 KiB"
  assert.equal(rateText(1675.8), '1.7k/s');
});

test('exact values keep no decimal; rounded ones keep one below 100', () => {
  assert.equal(rateText(20_000), '20k/s');
  assert.equal(rateText(2048.2), '2.0k/s');
  assert.equal(rateText(186.2), '186/s');
  assert.equal(rateText(0.67), '0.67/s');
  assert.equal(rateText(2.5e6), '2.5M/s');
  assert.equal(bytesText(2 * 1024 ** 3), '2 GiB');
  assert.equal(bytesText(512), '512 B');
  assert.equal(durationText(5e-5), '50 µs'); // float noise of 5e-5 x 1e6 is not a decimal
  assert.equal(durationText(1), '1 s');
  assert.equal(durationText(150), '2.5 min');
  assert.equal(durationText(3 * 3600), '3 h');
});

test('no "1,000" of a unit: the next unit up', () => {
  assert.equal(rateText(999.97), '1.0k/s');
  assert.equal(durationText(0.00099999), '1.0 ms');
  assert.equal(bytesText(1023.9 * 1024), '1.0 MiB');
});

test('percentages, load factors, counts; null and non-finite never print NaN', () => {
  assert.equal(pct(0.391), '39%');
  assert.equal(pct(0.004), '<1%');
  assert.equal(pct(2.5), '250%');
  assert.equal(loadText(2.55741), '2.56x');
  assert.equal(loadText(1), '1x');
  assert.equal(loadText(15_000.2), '15,000x');
  assert.equal(countText(18), '18');
  assert.equal(countText(1.3612), '1.36');
  for (const f of [rateText, bytesText, pct, loadText, countText]) assert.equal(f(null), '—');
  assert.equal(msText(null), 'unbounded');
  assert.equal(durationText(Infinity), 'unbounded');
});

test('grouped writes whole numbers as Intl.NumberFormat en-US does, without loading ICU', () => {
  const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const values = [0, -0, 7, -12, 999, 1000, -1234, 999_999, 1e6, 2 ** 53, 2 ** 53 + 2, 2 ** 60, 1e20, 1e21, 1.2345e25, 2 ** 70, -5e22, 1e300, Number.MAX_VALUE, NaN, Infinity, -Infinity];
  // Whole numbers across every magnitude, from a fixed seed.
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < 5000; i++) values.push(Math.round((random() - 0.5) * 10 ** (random() * 40)));
  for (const v of values) assert.equal(grouped(v), intl.format(v), String(v));
});
