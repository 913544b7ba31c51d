// Scenarios of AbstractEngineHooksTests: socket.conn events, allowRequest, addTrailingSlash, with the official client.
// Usage: node engine-hooks-scenarios.js <scenario> <baseUrl> [options as JSON]
// Reports through harness.js: "RESULT <json>", or "FAILED <message>".
"use strict";
const { io } = require("socket.io-client");
const { runScenario, once } = require("./harness");

const [scenario, base, arg] = process.argv.slice(2);

function connect(options) {
  return io(base + "/", Object.assign({ forceNew: true, reconnection: false }, options));
}

const scenarios = {
  // polling, then the upgrade; waits for the second heartbeat the server saw, then asks what socket.conn saw
  async connEvents() {
    const socket = connect({ transports: ["polling", "websocket"], query: { token: "ok" } });
    await once(socket, "connect");
    const engine = socket.io.engine;
    if (engine.transport.name !== "websocket") {
      await new Promise((resolve) => engine.once("upgrade", resolve));
    }
    await once(socket, "beat");
    const seen = await socket.timeout(5000).emitWithAck("conn-events");
    const result = { seen, engineId: engine.id };
    // the server closes the connection through socket.conn().close()
    socket.emit("close-me");
    const [reason] = await once(socket, "disconnect");
    result.disconnectReason = reason;
    return result;
  },

  // connects with the options given as JSON; reports the transport, or the connect_error
  async connect() {
    const socket = connect(JSON.parse(arg));
    const outcome = await Promise.race([
      once(socket, "connect").then(() => ({ connected: true, transport: socket.io.engine.transport.name })),
      once(socket, "connect_error").then(([err]) => ({ connected: false, error: err.message,
        description: String(err.description) })),
    ]);
    socket.close();
    return outcome;
  },
};

runScenario(scenarios, scenario);
