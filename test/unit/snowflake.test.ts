import { describe, expect, it } from 'vitest';
import { snowflake } from '../../src/sandbox/fake-kit.js';

describe('snowflake ids of the fake networks', () => {
  it('never repeat when made in a tight loop, and grow in the order they were made', () => {
    const ids = Array.from({ length: 20_000 }, () => BigInt(snowflake()));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });

  it('carry the time they were made in the high bits, as X and Graph do', () => {
    const before = Date.now();
    const id = BigInt(snowflake());
    expect(Number(id / 4194304n)).toBeGreaterThanOrEqual(before);
    expect(Number(id / 4194304n)).toBeLessThanOrEqual(Date.now() + 1);
  });
});
