// Produces and reads MessagePack with notepack.io for the Java tests (NotepackCompatibilityTests).
//   node notepack.js vectors          -> one JSON line per named value: its bytes as written by notepack 2.2 and 3.0
//   node notepack.js decode < hex lines -> one JSON line per input line: what notepack 2.2 and 3.0 read, and 3.0's re-encoding
// Values are described as JSON.stringify would write them (a Date as its ISO text, an undefined key left out,
// undefined in an array as null), except a Buffer/ArrayBuffer as {"$bin":"<hex>"}, NaN/Infinity as
// {"$number":"<text>"} and undefined itself as {"$undefined":true}.
"use strict";
const notepack3 = require("notepack.io");
const notepack2 = require("notepack2");

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

const bytes = (n) => Buffer.from(Array.from({ length: n }, (_, i) => i % 256));
const text = (n) => "x".repeat(n);

const vectors = {
  "positive integers": [0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, 9007199254740991],
  "negative integers": [-1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649, -9007199254740991],
  "floats": [0.5, -1.25, 3.141592653589793, -2.5e-300, 1.5e-10],
  "integral floats": [2, -3, -0, 4294967296.0],
  // notepack writes integral numbers from 2^63 up as a uint64 it gets wrong (it reads back 0)
  "huge integral float": 1e300,
  "non-finite numbers": [NaN, Infinity, -Infinity],
  "strings": ["", "a", text(31), text(32), text(255), text(256), text(65535), text(65536), "héllo ✓ 😀"],
  "binary": [bytes(0), bytes(3), bytes(255), bytes(256), bytes(65535), bytes(65536)],
  "scalars": [true, false, null],
  "nested": { a: 1, b: [true, false, null], c: { d: "e", "": [] }, bin: Buffer.from([1, 2, 3]) },
  "array sizes": [Array.from({ length: 15 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => i), Array.from({ length: 65536 }, () => 0)],
  "map 15 keys": Object.fromEntries(Array.from({ length: 15 }, (_, i) => ["k" + i, i])),
  "map 16 keys": Object.fromEntries(Array.from({ length: 16 }, (_, i) => ["k" + i, i])),
  "map 65536 keys": Object.fromEntries(Array.from({ length: 65536 }, (_, i) => ["k" + i, 0])),
  "undefined in object": { a: undefined, b: 1 },
  "undefined in array": [undefined, 1],
  "typed array": new Uint8Array([1, 2, 3]),
  "date with milliseconds": new Date(1700000000123),
  "date in whole seconds": new Date(1700000000000),
  "date before 1970": new Date(-1000),
  "event packet": { type: 2, data: ["message", { text: "hi", n: 1.5 }, Buffer.from([1, 2, 3])], id: 5, nsp: "/chat" },
};

const mode = process.argv[2];
if (mode === "vectors") {
  for (const [name, value] of Object.entries(vectors)) {
    console.log(JSON.stringify({
      name,
      v2: notepack2.encode(value).toString("hex"),
      v3: notepack3.encode(value).toString("hex"),
    }));
  }
} else if (mode === "decode") {
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
  for (const hex of lines) {
    const input = Buffer.from(hex, "hex");
    const line = {};
    for (const [version, notepack] of [["v2", notepack2], ["v3", notepack3]]) {
      try {
        const value = notepack.decode(input);
        line[version] = describe(value);
        if (version === "v3") line.reencoded = notepack.encode(value).toString("hex");
      } catch (e) {
        line[version + "Error"] = e.message;
      }
    }
    console.log(JSON.stringify(line));
  }
} else {
  console.error("usage: node notepack.js vectors | decode < hex lines");
  process.exit(2);
}
