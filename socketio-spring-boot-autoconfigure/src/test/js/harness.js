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

module.exports = { fail, runScenario, once, describe };
