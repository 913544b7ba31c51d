// Scenarios run by JUnit with socket.io-client 2.x (Engine.IO v3, Socket.IO v4 protocol: what
// socketio.allow-eio3 serves) against a server started by the test, some beside the v4 client.
// Usage: node v2-scenarios.js <scenario> <baseUrl>
// Reports through harness.js: "RESULT <json>", or "FAILED <message>".
"use strict";
const io2 = require("socket.io-client-v2");
const { io } = require("socket.io-client");
const { runScenario, once, describe, echo } = require("./harness");

const [scenario, base] = process.argv.slice(2);

function connect(path, options) {
  return io2(base + path, Object.assign({ forceNew: true, reconnection: false }, options));
}

/** Resolves once condition() holds (checked every 10 ms; the harness deadline bounds it). */
function until(condition) {
  return new Promise((resolve) => {
    const check = setInterval(() => { if (condition()) { clearInterval(check); resolve(); } }, 10);
  });
}

/** Emits with an acknowledgement, as a promise of the ack's arguments. */
function ask(socket, ...args) {
  return new Promise((resolve) => socket.emit(...args, (...answer) => resolve(answer)));
}

const scenarios = {
  // connects with the given transports, echoes text and binary both ways, and reports the transport used
  echo(transports) { return echo((t) => connect("/", { transports: t }), transports); },
  websocket() { return scenarios.echo(["websocket"]); },
  polling() { return scenarios.echo(["polling"]); },
  upgrade() { return scenarios.echo(["polling", "websocket"]); },

  // acknowledgements in both directions
  async acks() {
    const socket = connect("/", { transports: ["polling"] });
    await once(socket, "welcome");
    const clientAck = await ask(socket, "ack", "a", Buffer.from([7]), { b: 1 });
    socket.on("question", (text, callback) => callback("answer to " + text, Buffer.from([5, 6])));
    socket.emit("ask-me");
    const [serverGot] = await once(socket, "answer-received");
    socket.close();
    return { clientAck: clientAck.map(describe), serverGot };
  },

  // namespaces: the query as auth (a refusing middleware, then accepted), dynamic, invalid
  async namespaces() {
    const refused = connect("/admin", { transports: ["websocket"], query: { token: "wrong" } });
    const [refusal] = await once(refused, "error");
    refused.close();
    const admin = connect("/admin", { transports: ["websocket"], query: { token: "secret" } });
    const [adminWelcome] = await once(admin, "admin-welcome");
    admin.close();
    const dynamic = connect("/dyn-42", { transports: ["polling"] });
    const [dynamicName] = await once(dynamic, "nsp");
    dynamic.close();
    const invalid = connect("/nowhere", { transports: ["websocket"] });
    const [invalidError] = await once(invalid, "error");
    invalid.close();
    return { refusal, adminWelcome, dynamicName, invalid: invalidError };
  },

  // a v2 client and a v4 client in one room get the same broadcast; a v2 client's broadcast
  // reaches the v4 client
  async mixedRoom() {
    const v2 = connect("/", { transports: ["polling"] });
    const v4 = io(base + "/", { forceNew: true, reconnection: false, transports: ["websocket"] });
    const sender = io(base + "/", { forceNew: true, reconnection: false, transports: ["websocket"] });
    await Promise.all([once(v2, "welcome"), once(v4, "welcome"), once(sender, "welcome")]);
    await ask(v2, "join", "blue");
    await v4.emitWithAck("join", "blue");
    const received = { v2: [], v4: [] };
    v2.on("news", (...args) => received.v2.push(args.map(describe)));
    v4.on("news", (...args) => received.v4.push(args.map(describe)));
    sender.emit("tell-room", "blue", "hello blue");
    await until(() => received.v2.length === 1 && received.v4.length === 1);
    v2.emit("tell-room", "blue", "from v2");
    await until(() => received.v4.length === 2);
    // the sender is left out of its own broadcast: a round trip proves nothing else came
    await ask(v2, "ack", "sync");
    [v2, v4, sender].forEach((c) => c.close());
    return received;
  },

  // disconnect(true) from the server is final ("io server disconnect"); a dropped connection is
  // reconnected by the client itself, with a new Engine.IO session and so a new socket id
  async reconnection() {
    const socket = io2(base + "/", { forceNew: true, transports: ["websocket"], reconnectionDelay: 100, reconnectionDelayMax: 200 });
    await once(socket, "welcome");
    const firstId = socket.id;
    socket.emit("drop-my-connection");
    const [dropReason] = await once(socket, "disconnect");
    const [welcomeAgain] = await once(socket, "welcome");
    const secondId = socket.id;
    socket.emit("disconnect-me");
    const [serverReason] = await once(socket, "disconnect");
    const result = { dropReason, serverReason, reconnected: welcomeAgain === secondId && firstId !== secondId };
    socket.close();
    return result;
  },

  // against a server without allow-eio3: the handshake is refused, over polling and WebSocket
  async refused() {
    const polling = connect("/", { transports: ["polling"] });
    const [pollingError] = await once(polling, "connect_error");
    polling.close();
    const websocket = connect("/", { transports: ["websocket"] });
    const [websocketError] = await once(websocket, "connect_error");
    websocket.close();
    return { polling: pollingError.message, pollingCode: pollingError.description, websocket: websocketError.message };
  },

  // heartbeats: the client pings, the server answers; the connection outlives several intervals
  async heartbeat() {
    const socket = connect("/", { transports: ["polling"] });
    await once(socket, "welcome");
    let pongs = 0;
    socket.on("pong", () => pongs++);
    await until(() => pongs >= 2);
    const result = { pongs: pongs >= 2, connected: socket.connected };
    socket.close();
    return result;
  },
};

runScenario(scenarios, scenario);
