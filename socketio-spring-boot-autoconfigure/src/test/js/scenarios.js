// Scenarios run by JUnit with the official socket.io-client against a server started by the test.
// Usage: node scenarios.js <scenario> <baseUrl>
// Reports through harness.js: "RESULT <json>", or "FAILED <message>".
"use strict";
const { io } = require("socket.io-client");
const { runScenario, once, describe, echo } = require("./harness");

const [scenario, base] = process.argv.slice(2);

function connect(path, options) {
  const socket = io(base + path, Object.assign({ forceNew: true, reconnection: false }, options));
  socket.on("connect_error", (err) => socket.lastError = err);
  return socket;
}

const scenarios = {
  // connects with the given transports, echoes text and binary both ways, and reports the transport used
  echo(transports) { return echo((t) => connect("/", { transports: t }), transports); },
  websocket() { return scenarios.echo(["websocket"]); },
  polling() { return scenarios.echo(["polling"]); },
  upgrade() { return scenarios.echo(["polling", "websocket"]); },

  // acknowledgements in both directions, and a server-side ack timeout
  async acks() {
    const socket = connect("/", { transports: ["websocket"] });
    await once(socket, "welcome");
    const clientAck = await socket.timeout(5000).emitWithAck("ack", "a", Buffer.from([7]), { b: 1 });
    socket.on("question", (text, callback) => callback("answer to " + text, Buffer.from([5, 6])));
    socket.emit("ask-me");
    const [serverGot] = await once(socket, "answer-received");
    socket.emit("ask-me-without-answer");
    const [timedOut] = await once(socket, "ack-timed-out");
    let clientTimeout = null;
    try {
      await socket.timeout(200).emitWithAck("never-acked");
    } catch (err) {
      clientTimeout = err.message;
    }
    socket.close();
    return { clientAck: describe(clientAck), serverGot, timedOut, clientTimeout };
  },

  // static namespace with a refusing middleware, dynamic namespaces, invalid namespace
  async namespaces() {
    const refused = connect("/admin", { transports: ["websocket"], auth: { token: "wrong" } });
    const [refusal] = await once(refused, "connect_error");
    refused.close();
    const admin = connect("/admin", { transports: ["websocket"], auth: { token: "secret" } });
    const [adminWelcome] = await once(admin, "admin-welcome");
    admin.close();
    const dynamic = connect("/dyn-42", { transports: ["websocket"] });
    const [dynamicName] = await once(dynamic, "nsp");
    dynamic.close();
    const invalid = connect("/nowhere", { transports: ["websocket"] });
    const [invalidError] = await once(invalid, "connect_error");
    invalid.close();
    return { refusal: { message: refusal.message, data: refusal.data }, adminWelcome, dynamicName,
      invalid: invalidError.message };
  },

  // rooms and broadcasts: three clients, two in a room; the sender is left out of its own broadcast
  async rooms() {
    const clients = [0, 1, 2].map(() => connect("/", { transports: ["websocket"] }));
    await Promise.all(clients.map((c) => once(c, "welcome")));
    await clients[0].emitWithAck("join", "blue");
    await clients[1].emitWithAck("join", "blue");
    const received = [[], [], []];
    clients.forEach((c, i) => c.on("news", (text) => received[i].push(text)));
    const until = (condition) => new Promise((resolve) => {
      const check = setInterval(() => { if (condition()) { clearInterval(check); resolve(); } }, 10);
    });
    clients[0].emit("tell-room", "blue", "hello blue");
    // two clients' emits have no order between them: send the second once the first arrived
    await until(() => received[1].length === 1);
    clients[2].emit("tell-all", "hello all");
    await new Promise((resolve) => {
      const check = setInterval(() => {
        if (received[1].length === 2 && received[0].length === 1 && received[2].length === 0) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    // a late broadcast to all would reach 0 and 1; give the server a round trip to prove nothing else comes
    await clients[2].emitWithAck("ack", "sync");
    clients.forEach((c) => c.close());
    return { received };
  },

  // disconnect(true) from the server is final for the client ("io server disconnect": no automatic
  // reconnection); a dropped connection ("transport close") is reconnected automatically
  async reconnection() {
    const socket = io(base + "/", { forceNew: true, transports: ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 200 });
    await once(socket, "welcome");
    const firstId = socket.id;
    socket.emit("disconnect-me");
    const [serverReason] = await once(socket, "disconnect");
    socket.connect();
    await once(socket, "welcome");
    const secondId = socket.id;
    socket.emit("drop-my-connection");
    const [dropReason] = await once(socket, "disconnect");
    await once(socket, "welcome");
    const result = { serverReason, dropReason, reconnected: socket.connected,
      newIds: firstId !== secondId && secondId !== socket.id };
    socket.close();
    return result;
  },

  // connection state recovery: the server cuts the transport, emits while the client is away,
  // and the client gets its id, rooms and the missed event back
  async recovery() {
    const socket = io(base + "/", { forceNew: true, transports: ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 200 });
    await once(socket, "welcome");
    const firstId = socket.id;
    await socket.emitWithAck("join", "green");
    const missed = [];
    socket.on("news", (text) => missed.push(text));
    socket.emit("drop-me-and-tell", "green", "while you were away");
    await once(socket, "disconnect");
    await new Promise((resolve) => socket.once("connect", resolve));
    await new Promise((resolve) => { const t = setInterval(() => { if (missed.length) { clearInterval(t); resolve(); } }, 10); });
    const result = { recovered: socket.recovered, sameId: socket.id === firstId, missed };
    socket.close();
    return result;
  },
};

// connects over WebSocket and over polling, prints READY, then reports how both were disconnected
// (the test stops the server after READY)
scenarios.shutdown = async () => {
  const clients = { websocket: connect("/", { transports: ["websocket"] }), polling: connect("/", { transports: ["polling"] }) };
  await Promise.all(Object.values(clients).map((c) => once(c, "welcome")));
  const reasons = Object.entries(clients).map(([name, c]) => once(c, "disconnect").then(([reason]) => [name, reason]));
  console.log("READY");
  return Object.fromEntries(await Promise.all(reasons));
};

runScenario(scenarios, scenario);
