// Scenarios of the observability tests, run by JUnit with the official socket.io-client against a
// server with the actuator, a meter registry and a tracer (AbstractObservabilityTests).
// Usage: node observability-scenarios.js <scenario> <baseUrl>
// Reports through harness.js: "RESULT <json>", or "FAILED <message>".
"use strict";
const { io } = require("socket.io-client");
const { runScenario, once } = require("./harness");

const [scenario, base] = process.argv.slice(2);

function connect(path, options) {
  return io(base + path, Object.assign({ forceNew: true, reconnection: false }, options));
}

/** Resolves with the error of the next connect_error. */
function refused(socket) {
  return new Promise((resolve) => socket.once("connect_error", (err) => resolve({ message: err.message, data: err.data })));
}

const scenarios = {
  // Everything the meters, spans and the endpoint count, then "READY": the client stays until JUnit
  // disconnects it through DELETE /actuator/socketio/sockets/{id}.
  async traffic() {
    // polling first, then the upgrade to WebSocket
    const main = connect("/");
    main.on("question", (value, callback) => callback(value * 2));
    const askedPromise = once(main, "asked");
    await once(main, "welcome");
    if (main.io.engine.transport.name !== "websocket") {
      await new Promise((resolve) => main.io.engine.once("upgrade", resolve));
    }
    const hello = await main.timeout(5000).emitWithAck("hello", "ann");
    const failed = await main.timeout(5000).emitWithAck("fail");
    main.emit("made-up", 1);
    main.emit("secret", 2);
    const asked = await askedPromise;

    const denied = await refused(connect("/private", { transports: ["websocket"] }));
    const invalid = await refused(connect("/nowhere", { transports: ["websocket"] }));
    const rooms = [connect("/room-1", { transports: ["websocket"] }), connect("/room-2", { transports: ["websocket"] })];
    await Promise.all(rooms.map((socket) => once(socket, "connect")));

    const disconnected = new Promise((resolve) => main.once("disconnect", resolve));
    const id = main.id;
    console.log("READY");
    const reason = await disconnected;
    rooms.forEach((socket) => socket.close());
    return { id, hello, failed, asked: asked[0], denied, invalid, reason };
  },
};

runScenario(scenarios, scenario);
