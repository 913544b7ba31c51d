// A cluster peer driven from JUnit over stdin/stdout, one JSON object a line.
//
//   node peer.js server <adapter> <redisUrl> <keyPrefix> [<subscriptionMode>]
//                                                          a socket.io 4.8 server with Node's adapter
//                                                          (the mode: of the sharded adapter); a list
//                                                          of URLs separated by commas is a Redis Cluster
//   node peer.js client <url> <authJson>                   an official socket.io-client (drop, reconnectTo: recovery)
//   node peer.js emitter <redisUrl> <keyPrefix>            @socket.io/redis-emitter
//
// Commands come in as {"id":n,"op":"…",…}; every command is answered {"id":n,"result":…} or
// {"id":n,"error":"…"}. Things that happen by themselves are reported as {"event":"…",…}.
// Binary travels as {"$bin":[bytes]} in both directions. The process exits when stdin closes,
// and in any case after its deadline, so that no peer outlives its test.
"use strict";

const http = require("http");
const readline = require("readline");

const DEADLINE_MS = Number(process.env.PEER_DEADLINE_MS || 180000);
setTimeout(() => process.exit(3), DEADLINE_MS).unref();

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

/** JSON-safe form of a value: binary → {"$bin":[…]}. */
function out(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $bin: Array.from(Buffer.from(value.buffer ? value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) : value)) };
  }
  if (value instanceof Error) {
    return { $error: value.message };
  }
  if (Array.isArray(value)) {
    return value.map(out);
  }
  if (value && typeof value === "object") {
    const result = {};
    for (const [key, v] of Object.entries(value)) {
      result[key] = out(v);
    }
    return result;
  }
  return value;
}

/** Inverse of out(): {"$bin":[…]} → Buffer. */
function inp(value) {
  if (Array.isArray(value)) {
    return value.map(inp);
  }
  if (value && typeof value === "object") {
    if (Array.isArray(value.$bin)) {
      return Buffer.from(value.$bin);
    }
    const result = {};
    for (const [key, v] of Object.entries(value)) {
      result[key] = inp(v);
    }
    return result;
  }
  return value;
}

function serve(handlers) {
  const rl = readline.createInterface({ input: process.stdin });
  rl.on("line", async (line) => {
    if (!line.trim()) {
      return;
    }
    const command = JSON.parse(line);
    const handler = handlers[command.op];
    try {
      if (!handler) {
        throw new Error("unknown op " + command.op);
      }
      const result = await handler(command);
      send({ id: command.id, result: out(result === undefined ? null : result) });
    } catch (err) {
      send({ id: command.id, error: (err && err.message) || String(err) });
    }
  });
  rl.on("close", () => process.exit(0));
}

function target(io, command) {
  let operator = io.of(command.nsp || "/");
  for (const room of command.rooms || []) {
    operator = operator.to(room);
  }
  for (const room of command.except || []) {
    operator = operator.except(room);
  }
  if (command.volatile) {
    operator = operator.volatile;
  }
  if (command.local) {
    operator = operator.local;
  }
  if (command.timeout) {
    operator = operator.timeout(command.timeout);
  }
  return operator;
}

/** A node-redis client, or a cluster client (createCluster) when given several URLs. */
function redisClient(redisUrl) {
  const { createClient, createCluster } = require("redis");
  if (redisUrl.includes(",")) {
    return createCluster({ rootNodes: redisUrl.split(",").map((url) => ({ url })) });
  }
  return createClient({ url: redisUrl });
}

async function server(adapterType, redisUrl, keyPrefix, subscriptionMode) {
  const { Server } = require("socket.io");
  const pub = redisClient(redisUrl);
  pub.on("error", (err) => send({ event: "redis-error", message: err.message }));
  await pub.connect();
  let adapter;
  const closers = [() => pub.quit()];
  if (adapterType === "redis") {
    const sub = pub.duplicate();
    sub.on("error", () => {});
    await sub.connect();
    closers.push(() => sub.quit());
    adapter = require("@socket.io/redis-adapter").createAdapter(pub, sub, { key: keyPrefix, requestsTimeout: 3000 });
  } else if (adapterType === "redis-sharded") {
    const sub = pub.duplicate();
    sub.on("error", () => {});
    await sub.connect();
    closers.push(() => sub.quit());
    adapter = require("@socket.io/redis-adapter").createShardedAdapter(pub, sub, { channelPrefix: keyPrefix, subscriptionMode: subscriptionMode || "dynamic" });
  } else if (adapterType === "redis-streams") {
    adapter = require("@socket.io/redis-streams-adapter").createAdapter(pub, { streamName: keyPrefix, channelPrefix: keyPrefix });
  } else {
    throw new Error("unknown adapter " + adapterType);
  }
  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    adapter,
    connectionStateRecovery: adapterType === "redis-streams" ? { maxDisconnectionDuration: 60000 } : undefined,
  });
  const serverSideEvents = [];
  io.on("connection", (socket) => {
    if (socket.recovered) {
      // id, rooms and data come back from the session (possibly persisted by another node)
      send({ event: "recovered", sid: socket.id, rooms: [...socket.rooms].sort(), data: socket.data });
    } else {
      socket.data = { node: "node", user: (socket.handshake.auth && socket.handshake.auth.user) || null };
      for (const room of (socket.handshake.auth && socket.handshake.auth.rooms) || []) {
        socket.join(room);
      }
    }
    socket.on("relay", (command, ack) => {
      // a client asks this server to broadcast: lets tests trigger socket.to(...).emit on a node
      target(io, inp(command)).emit(command.event, ...inp(command.args || []));
      if (ack) ack("relayed");
    });
  });
  for (const event of ["sse", "sse-bin"]) {
    io.on(event, (...args) => {
      const last = args[args.length - 1];
      const withAck = typeof last === "function";
      const data = withAck ? args.slice(0, -1) : args;
      serverSideEvents.push({ event, args: out(data) });
      if (withAck) {
        last("pong from node");
      }
    });
  }
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));

  serve({
    emit: (c) => { target(io, c).emit(c.event, ...inp(c.args || [])); },
    emitWithAck: async (c) => target(io, c).emitWithAck(c.event, ...inp(c.args || [])),
    fetchSockets: async (c) => (await target(io, c).fetchSockets()).map((s) => ({
      id: s.id, rooms: [...s.rooms].sort(), data: s.data,
      handshake: { address: s.handshake.address, query: s.handshake.query, headers: s.handshake.headers, time: s.handshake.time },
    })),
    remoteEmit: async (c) => {
      const sockets = await target(io, c).fetchSockets();
      for (const s of sockets) s.emit(c.event, ...inp(c.args || []));
      return sockets.length;
    },
    remoteEmitWithAck: async (c) => {
      const sockets = await target(io, c).fetchSockets();
      return Promise.all(sockets.map((s) => s.timeout(c.ackTimeout || 3000).emitWithAck(c.event, ...inp(c.args || []))));
    },
    remoteJoin: async (c) => {
      const sockets = await target(io, c).fetchSockets();
      for (const s of sockets) s.join(c.join);
      return sockets.length;
    },
    remoteLeave: async (c) => {
      const sockets = await target(io, c).fetchSockets();
      for (const s of sockets) s.leave(c.leave);
      return sockets.length;
    },
    remoteDisconnect: async (c) => {
      const sockets = await target(io, c).fetchSockets();
      for (const s of sockets) s.disconnect(!!c.close);
      return sockets.length;
    },
    socketsJoin: (c) => { target(io, c).socketsJoin(c.join); },
    socketsLeave: (c) => { target(io, c).socketsLeave(c.leave); },
    disconnectSockets: (c) => { target(io, c).disconnectSockets(!!c.close); },
    serverSideEmit: (c) => { io.of(c.nsp || "/").serverSideEmit(c.event, ...inp(c.args || [])); },
    serverSideEmitWithAck: async (c) => io.of(c.nsp || "/").serverSideEmitWithAck(c.event, ...inp(c.args || [])),
    serverCount: async (c) => io.of(c.nsp || "/").adapter.serverCount(),
    serverSideEvents: () => serverSideEvents.splice(0),
    localSockets: (c) => [...io.of(c.nsp || "/").sockets.values()].map((s) => ({ id: s.id, rooms: [...s.rooms].sort() })),
    close: async () => {
      io.close();
      for (const close of closers) await close().catch(() => {});
    },
  });
  send({ event: "ready", port: httpServer.address().port });
}

function client(url, authJson) {
  const { io } = require("socket.io-client");
  const auth = JSON.parse(authJson);
  const socket = io(url, { transports: ["websocket"], auth, reconnection: false });
  const answers = {};
  socket.onAny((event, ...args) => {
    const last = args[args.length - 1];
    const withAck = typeof last === "function";
    const data = withAck ? args.slice(0, -1) : args;
    send({ event: "received", name: event, args: out(data) });
    if (withAck) {
      last(answers[event] !== undefined ? answers[event] : "ack from " + socket.id);
    }
  });
  socket.on("connect", () => send({ event: "connect", sid: socket.id, recovered: socket.recovered }));
  socket.on("connect_error", (err) => send({ event: "connect_error", message: err.message }));
  socket.on("disconnect", (reason) => send({ event: "disconnect", reason }));
  serve({
    emit: (c) => { socket.emit(c.event, ...inp(c.args || [])); },
    emitWithAck: async (c) => socket.timeout(c.timeout || 5000).emitWithAck(c.event, ...inp(c.args || [])),
    answer: (c) => { answers[c.event] = inp(c.value); },
    // the transport closes under the socket ("transport close": recoverable); no reconnection
    drop: () => {
      const state = { pid: socket._pid, offset: socket._lastOffset };
      // the WebSocket closes as when the network drops: "transport close" on both sides
      socket.io.engine.transport.ws.close();
      return state;
    },
    // the same socket (pid and last offset) comes back through another server, as behind a
    // load balancer that sent it elsewhere
    reconnectTo: (c) => {
      socket.io.uri = c.url;
      socket.connect();
    },
    close: () => { socket.close(); },
  });
}

async function emitter(redisUrl, keyPrefix) {
  const { createClient } = require("redis");
  const { Emitter } = require("@socket.io/redis-emitter");
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  const io = new Emitter(redis, { key: keyPrefix });
  serve({
    emit: (c) => { target(io, c).emit(c.event, ...inp(c.args || [])); },
    socketsJoin: (c) => { target(io, c).socketsJoin(c.join); },
    socketsLeave: (c) => { target(io, c).socketsLeave(c.leave); },
    disconnectSockets: (c) => { target(io, c).disconnectSockets(!!c.close); },
    serverSideEmit: (c) => { io.of(c.nsp || "/").serverSideEmit(c.event, ...inp(c.args || [])); },
    close: () => redis.quit(),
  });
  send({ event: "ready" });
}

const [mode, ...args] = process.argv.slice(2);
const modes = { server, client, emitter };
if (!modes[mode]) {
  console.error("usage: node peer.js server|client|emitter …");
  process.exit(2);
}
Promise.resolve(modes[mode](...args)).catch((err) => {
  send({ event: "fatal", message: (err && err.stack) || String(err) });
  process.exit(1);
});
