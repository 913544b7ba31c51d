// What every scenario script shares: the protocol with JUnit (one line "RESULT <json>" and exit 0,
// or "FAILED <message>" and exit 1), a deadline so that no script outlives its test, and helpers.
"use strict";

const DEADLINE_MS = 15000;

function fail(message) {
  console.log("FAILED " + message);
  process.exit(1);
}

/** Runs scenarios[name]() and reports its result. */
function runScenario(scenarios, name) {
  const deadline = setTimeout(() => fail("scenario timed out"), DEADLINE_MS);
  const run = scenarios[name];
  if (!run) {
    fail("unknown scenario " + name);
  }
  run().then((result) => {
    clearTimeout(deadline);
    console.log("RESULT " + JSON.stringify(result));
    process.exit(0);
  }, (err) => fail(err && err.stack || String(err)));
}

/** The arguments of the next `event` on `socket`. */
function once(socket, event) {
  return new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
}

/** A value as JSON can show it: binary as {binary: [bytes]}. */
function describe(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) {
    return { binary: Array.from(Buffer.from(value)) };
  }
  return value;
}

/**
 * Connects (with `connect(transports)`, socket.io-client 4.x or 2.x) over the given transports,
 * echoes text and binary both ways, and reports the transport used.
 */
async function echo(connect, transports) {
  const socket = connect(transports);
  const [welcome] = await once(socket, "welcome");
  if (transports.length > 1 && socket.io.engine.transport.name !== "websocket") {
    await new Promise((resolve) => socket.io.engine.once("upgrade", resolve));
  }
  socket.emit("echo", "text", 42, { nested: [true, null] }, Buffer.from([1, 2, 3]), { deep: { bytes: Buffer.from([9]) } });
  const echoed = await once(socket, "echo");
  const result = {
    welcomeIsSocketId: welcome === socket.id,
    transport: socket.io.engine.transport.name,
    echoed: echoed.map((arg) => (arg && arg.deep) ? { deep: { bytes: describe(arg.deep.bytes) } } : describe(arg)),
  };
  socket.close();
  return result;
}

module.exports = { fail, runScenario, once, describe, echo };
