// A JavaScript value as JSON for the Java tests: as JSON.stringify would write it (a Date as its ISO text,
// an undefined key left out, undefined in an array as null), except a Buffer/ArrayBuffer as {"$bin":"<hex>"},
// NaN/Infinity as {"$number":"<text>"} and undefined itself as {"$undefined":true}.
"use strict";

function describe(v) {
  if (v === undefined) return { $undefined: true };
  if (v === null) return null;
  if (Buffer.isBuffer(v)) return { $bin: v.toString("hex") };
  if (v instanceof ArrayBuffer) return { $bin: Buffer.from(v).toString("hex") };
  if (v instanceof Date) return v.toJSON();
  if (Array.isArray(v)) return v.map((e) => (e === undefined ? null : describe(e)));
  if (typeof v === "number" && !Number.isFinite(v)) return { $number: String(v) };
  if (typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v)) if (v[k] !== undefined) o[k] = describe(v[k]);
    return o;
  }
  return v;
}

module.exports = { describe };
