// Scenarios of the official client with socket.io-msgpack-parser, run by MsgpackNodeClientTests:
//   node msgpack-scenarios.js <scenario> <baseUrl> <transport>
"use strict";
const { io } = require("socket.io-client");
const parser = require("socket.io-msgpack-parser");
const { runScenario, once } = require("../js/harness.js");

const [, , scenario, baseUrl, transport] = process.argv;

function connect(nsp, options = {}) {
  return io(baseUrl + nsp, { parser, transports: [transport], forceNew: true, reconnection: false, ...options });
}

/** A value as JSON can show it, binary at any depth as {binary: [bytes]}. */
function show(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) return { binary: Array.from(Buffer.from(value)) };
  if (Array.isArray(value)) return value.map(show);
  if (value && typeof value === "object") {
    const o = {};
    for (const k of Object.keys(value)) o[k] = show(value[k]);
    return o;
  }
  return value;
}

/** The error of the next connect_error, or "connected" when the namespace let the client in. */
function connectError(socket) {
  return new Promise((resolve) => {
    socket.on("connect", () => resolve({ connected: true }));
    socket.on("connect_error", (err) => resolve({ message: err.message, data: err.data }));
  });
}

const scenarios = {
  async roundtrip() {
    const socket = connect("/");
    await once(socket, "connect");
    const result = { transport: socket.io.engine.transport.name };

    socket.emit("echo", "text", 42, 1.5, -7, { nested: [true, null] }, Buffer.from([1, 2, 3]),
      { deep: { bytes: Buffer.from([9]) } }, [[new Uint8Array([7, 8]).buffer]]);
    result.echoed = show(await once(socket, "echo"));

    result.acked = show(await new Promise((resolve) =>
      socket.emit("ack-me", "a", { bin: Buffer.from([4, 5]) }, (...answer) => resolve(answer))));

    socket.on("question", (text, bytes, callback) => {
      result.question = show([text, bytes]);
      callback("answer", { nested: Buffer.from([1, 2]) });
    });
    socket.emit("ask-me");
    result.serverGot = show(await once(socket, "answer-received"));
    socket.disconnect();

    const chat = connect("/chat", { auth: { token: "abc", n: 1 } });
    result.chatAuth = show(await once(chat, "auth"));
    chat.disconnect();

    result.guarded = await connectError(connect("/guarded"));
    result.unknown = await connectError(connect("/random"));
    return result;
  },
};

runScenario(scenarios, scenario);
