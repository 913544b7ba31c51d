// The Admin UI protocol (@socket.io/admin-ui 0.5), spoken by the official socket.io-client as the UI
// speaks it, against a server with socketio.admin-ui.enabled (AbstractAdminUiTests).
// Usage: node admin-ui-scenarios.js <scenario> <baseUrl> <password>
// Reports through harness.js: "RESULT <json>", or "FAILED <message>".
"use strict";
const { io } = require("socket.io-client");
const { runScenario, once } = require("./harness");

const [scenario, base, password] = process.argv.slice(2);

function connect(path, options) {
  return io(base + path, Object.assign({ forceNew: true, reconnection: false, transports: ["websocket"] }, options));
}

/** Resolves with the first value of `event` whose arguments pass `test`. */
function until(socket, event, test) {
  return new Promise((resolve) => {
    const listener = (...args) => {
      if (test(...args)) {
        socket.off(event, listener);
        resolve(args);
      }
    };
    socket.on(event, listener);
  });
}

const scenarios = {
  // a user connects; the admin logs in, sees it, makes it join a room, then disconnects it
  async lifecycle() {
    const wrong = connect("/admin", { auth: { username: "admin", password: "wrong" } });
    const [refused] = await once(wrong, "connect_error");

    const user = connect("/");
    await once(user, "connect");
    const userId = user.id; // the client forgets it once disconnected
    const admin = connect("/admin", { auth: { username: "admin", password } });
    const aggregatedTypes = new Set();
    admin.on("server_stats", (s) => s.aggregatedEvents.forEach((e) => aggregatedTypes.add(e.type)));
    const session = once(admin, "session");
    const config = once(admin, "config");
    const allSockets = once(admin, "all_sockets");
    const stats = until(admin, "server_stats", (s) => s.clientsCount >= 2);
    const [sessionId] = await session;
    const [{ supportedFeatures }] = await config;
    const [sockets] = await allSockets;
    const [serverStats] = await stats;
    const listed = sockets.find((s) => s.id === userId);

    const received = until(admin, "event_received", (nsp, id) => id === userId);
    user.emit("chat", "hello admin");
    const [eventNsp, , eventArgs] = await received;

    const joined = until(admin, "room_joined", (nsp, room, id) => room === "vip" && id === userId);
    admin.emit("join", "/", "vip", userId);
    const [joinedNsp, joinedRoom] = await joined;

    const disconnectedByAdmin = once(user, "disconnect");
    const seen = until(admin, "socket_disconnected", (nsp, id) => id === userId);
    admin.emit("_disconnect", "/", false, userId);
    const [userReason] = await disconnectedByAdmin;
    const [, , adminReason] = await seen;

    // the statistics every two seconds aggregate what happened meanwhile
    await once(admin, "server_stats");

    // the session id logs in again without the password
    const again = connect("/admin", { auth: { sessionId } });
    await once(again, "connect");
    // its connection is counted in the next statistics (the earlier ones may have been sent before
    // the admin joined: the timer does not wait for it)
    if (!aggregatedTypes.has("rawConnection")) {
      await until(admin, "server_stats", () => aggregatedTypes.has("rawConnection"));
    }
    again.close();
    admin.close();
    wrong.close();
    return {
      refused: refused.message,
      supportedFeatures,
      listed: listed && { nsp: listed.nsp, rooms: listed.rooms, transport: listed.transport,
        hasAddress: !!listed.handshake.address, clientIdLength: listed.clientId.length },
      stats: { serverId: serverStats.serverId, namespaces: serverStats.namespaces.map((n) => n.name).sort(),
        aggregatedTypes: [...aggregatedTypes].sort() },
      event: { nsp: eventNsp, args: eventArgs },
      joined: { nsp: joinedNsp, room: joinedRoom },
      userReason,
      adminReason,
    };
  },
};

runScenario(scenarios, scenario);
