// Scenarios of the Spring Security integration, run by JUnit with the official socket.io-client
// against a secured server (SecurityScenarioApplication).
// Usage: node security-scenarios.js <scenario> <baseUrl> <options as JSON>
//   options: { namespace, transports, extraHeaders (cookie, authorization…), auth, emits: [[event, ...args]] }
// Reports through harness.js: "RESULT <json>", or "FAILED <message>".
"use strict";
const { io } = require("socket.io-client");
const { runScenario } = require("./harness");

const [scenario, base, json] = process.argv.slice(2);
const options = JSON.parse(json || "{}");

function connect() {
  return io(base + (options.namespace || "/"), {
    forceNew: true,
    reconnection: false,
    transports: options.transports || ["polling", "websocket"],
    extraHeaders: options.extraHeaders || {},
    auth: options.auth || {},
  });
}

// resolves with "connected", or with the CONNECT_ERROR's {message, data}
function joined(socket) {
  return new Promise((resolve) => {
    socket.once("connect", () => resolve(null));
    socket.once("connect_error", (err) => resolve({ message: err.message, data: err.data }));
  });
}

function upgraded(socket) {
  return new Promise((resolve) => {
    if (socket.io.engine.transport.name === "websocket") {
      resolve();
    } else {
      socket.io.engine.once("upgrade", () => resolve());
    }
  });
}

const scenarios = {
  // connects, sends every event of options.emits with an ack and collects the answers
  async emits() {
    const socket = connect();
    socket.io.engine.on("upgrade", () => console.log("step: upgraded"));
    socket.io.engine.on("upgradeError", (err) => console.log("step: upgrade error " + err.message));
    const error = await joined(socket);
    if (error) {
      socket.close();
      return { connected: false, error };
    }
    console.log("step: connected over " + socket.io.engine.transport.name);
    if ((options.transports || ["polling", "websocket"]).includes("websocket") && options.awaitUpgrade) {
      await upgraded(socket);
    }
    const acks = [];
    for (const [event, ...args] of options.emits || []) {
      acks.push(await socket.timeout(5000).emitWithAck(event, ...args));
      console.log("step: ack for " + event + " over " + socket.io.engine.transport.name);
    }
    const transport = socket.io.engine.transport.name;
    socket.close();
    return { connected: true, transport, acks };
  },

  // connects, says so, and reports how the server ended the connection
  async "await-disconnect"() {
    const socket = connect();
    const error = await joined(socket);
    if (error) {
      return { connected: false, error };
    }
    const reason = new Promise((resolve) => socket.once("disconnect", (why) => resolve(why)));
    console.log("CONNECTED");
    return { connected: true, reason: await reason };
  },
};

runScenario(scenarios, scenario);
