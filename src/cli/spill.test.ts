import { describe, expect, it } from "vitest";
import { ByteColumn, bucketOf } from "./spill.js";

describe("bucketOf", () => {
  it("is FNV-1a modulo the bucket count: deterministic and spread", () => {
    // FNV-1a 32-bit of "a" is 0xe40c292c.
    expect(bucketOf("a", 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(bucketOf("prompt-17", 64)).toBe(bucketOf("prompt-17", 64));
    const counts = new Array<number>(16).fill(0);
    for (let g = 0; g < 16_000; g++) counts[bucketOf(`p${g}`, 16)]!++;
    // 1,000 expected per bucket; a hash this uniform stays well within ±15 %.
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
});

describe("ByteColumn", () => {
  it("grows past its initial capacity and keeps every value", () => {
    const column = new ByteColumn();
    for (let i = 0; i < 200_000; i++) column.push(i % 251);
    expect(column.length).toBe(200_000);
    expect(column.at(0)).toBe(0);
    expect(column.at(65_536)).toBe(65_536 % 251);
    expect(column.at(199_999)).toBe(199_999 % 251);
  });
});
