// Node's socket.io with the same handlers as our benchmark server:
// "echo" acknowledges with its arguments, "broadcast" re-emits its arguments to the whole namespace.
// GET /__bench/heap runs two full GCs (node --expose-gc) and answers process.memoryUsage().
// With REDIS_URL set (broadcast-cluster), the server joins a cluster through @socket.io/redis-adapter.
// Usage: [REDIS_URL=redis://127.0.0.1:6379] node --expose-gc server.js <port> [pingIntervalMs] [pingTimeoutMs]
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 3000);
const pingInterval = Number(process.argv[3] || 25000);
const pingTimeout = Number(process.argv[4] || 20000);

const httpServer = http.createServer((req, res) => {
  if (req.url === "/__bench/heap") {
    if (global.gc) {
      global.gc();
      global.gc();
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(process.memoryUsage()));
    return;
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(httpServer, { pingInterval, pingTimeout });

async function joinCluster(url) {
  const { createClient } = require("redis");
  const { createAdapter } = require("@socket.io/redis-adapter");
  const pub = createClient({ url });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

io.on("connection", (socket) => {
  socket.on("echo", (...args) => {
    const ack = args[args.length - 1];
    if (typeof ack === "function") {
      ack(...args.slice(0, -1));
    }
  });
  socket.on("broadcast", (...args) => {
    io.emit("broadcast", ...args);
  });
});

(process.env.REDIS_URL ? joinCluster(process.env.REDIS_URL) : Promise.resolve()).then(() => {
  httpServer.listen(port, "127.0.0.1", () => {
    console.log(`node socket.io ${require("socket.io/package.json").version} listening on 127.0.0.1:${port}`
      + (process.env.REDIS_URL ? " (Redis adapter)" : ""));
  });
});
