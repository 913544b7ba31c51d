// socket.io-msgpack-parser 3.0 itself, for the Java tests (MsgpackPacketParserTests).
//   node parser.js encode          -> one JSON line per named packet, built as Node's server and client build them: its bytes
//   node parser.js decode < hex lines -> one JSON line per input: the packet the parser's Decoder read, or its error
// Values are described as describe.js says.
"use strict";
const { Encoder, Decoder } = require("socket.io-msgpack-parser");
const { describe } = require("./describe.js");

// key order as socket.io 4.8 builds its packets (socket.ts emit/ack/_onconnect/_error, client.ts connect)
const packets = {
  "event": { type: 2, data: ["message", 1, "2", { 3: [true] }, Buffer.from([1, 2, 3])], nsp: "/" },
  "event with ack": { type: 2, data: ["ping", { deep: [{ bin: Buffer.from([4]) }] }], id: 7, nsp: "/chat" },
  "ack": { id: 7, type: 3, data: [{ ok: true }, Buffer.from([5, 6])], nsp: "/chat" },
  "empty ack": { id: 0, type: 3, data: [], nsp: "/" },
  "connect": { type: 0, data: { sid: "abc" }, nsp: "/" },
  "connect error": { type: 4, data: { message: "nope", data: { code: 1 } }, nsp: "/admin" },
  "disconnect": { type: 1, nsp: "/chat" },
  // as socket.io-client 4.8 sends them: no auth is data undefined, emits carry options
  "client connect": { type: 0, data: undefined, nsp: "/" },
  "client event": { type: 2, data: ["hello", new Uint8Array([1, 2]).buffer], options: { compress: true }, id: 3, nsp: "/chat" },
};

const mode = process.argv[2];
if (mode === "encode") {
  for (const [name, packet] of Object.entries(packets)) {
    const [bytes] = new Encoder().encode(packet);
    console.log(JSON.stringify({ name, hex: Buffer.from(bytes).toString("hex") }));
  }
} else if (mode === "decode") {
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
  for (const hex of lines) {
    const decoder = new Decoder();
    let packet;
    decoder.on("decoded", (p) => (packet = p));
    try {
      decoder.add(Buffer.from(hex, "hex"));
      console.log(JSON.stringify({ packet: describe(packet) }));
    } catch (e) {
      console.log(JSON.stringify({ error: e.message }));
    }
  }
} else {
  console.error("usage: node parser.js encode | decode < hex lines");
  process.exit(2);
}
