// Scenarios of the annotation programming model, run by JUnit with the official socket.io-client
// against a server whose handlers are annotated beans (AnnotationScenarioHandlers).
// Usage: node annotation-scenarios.js <scenario> <baseUrl>
// Reports through harness.js: "RESULT <json>", or "FAILED <message>".
"use strict";
const { io } = require("socket.io-client");
const { runScenario, once, describe } = require("./harness");

const [scenario, base] = process.argv.slice(2);

function connect(path, options) {
  return io(base + path, Object.assign({ forceNew: true, reconnection: false, transports: ["websocket"] }, options));
}

async function payloads(transports) {
  const socket = connect("/", { transports });
  await once(socket, "welcome");
  const receipt = await socket.timeout(5000).emitWithAck("order", { id: "o-1", customer: "ann" },
    [{ name: "tea", quantity: 2 }, { name: "cake", quantity: 3 }], Buffer.from([1, 2, 3]));
  const binaryEcho = await new Promise((resolve) =>
    socket.emit("echo-binary", "label", Buffer.from([7, 8, 9]), (...args) => resolve(args.map(describe))));
  socket.close();
  return { receipt, binaryEcho };
}

const scenarios = {
  // @OnConnect greets with the socket id; the client then leaves (@OnDisconnect is checked by JUnit)
  async lifecycle() {
    const socket = connect("/");
    const [welcome] = await once(socket, "welcome");
    const id = socket.id;
    socket.disconnect();
    return { welcomeIsSocketId: welcome === id, id };
  },

  // a record, a List<Item> and a byte[] bound by position; the record returned is the ack; binary back
  payloads() { return payloads(["websocket"]); },
  "payloads-polling"() { return payloads(["polling"]); },

  // CompletableFuture and Mono return values
  async async() {
    const socket = connect("/");
    await once(socket, "welcome");
    const future = await socket.timeout(5000).emitWithAck("future", "soon");
    const mono = await socket.timeout(5000).emitWithAck("mono", "m-1");
    socket.close();
    return { future, mono };
  },

  // an exception handler answers; an unhandled exception gets the documented error shape
  async errors() {
    const socket = connect("/");
    await once(socket, "welcome");
    const handled = await socket.timeout(5000).emitWithAck("reject", "no thanks");
    const unhandled = await socket.timeout(5000).emitWithAck("crash");
    socket.close();
    return { handled, unhandled };
  },

  // a payload that does not bind, or fails @Valid, is the client's error: a bad_request ack
  async "bad-payloads"() {
    const socket = connect("/");
    await once(socket, "welcome");
    const ask = (...args) => socket.timeout(5000).emitWithAck(...args);
    const notAnObject = await ask("order", "tea", [], Buffer.from([1]));
    const notANumber = await ask("order", { id: "o-2", customer: "ann" }, [{ name: "tea", quantity: "lots" }], Buffer.from([1]));
    const invalid = await ask("message", { text: " " });
    const valid = await ask("message", { text: "hi" });
    const chatSocket = connect("/chat");
    await once(chatSocket, "welcome");
    const caught = await chatSocket.timeout(5000).emitWithAck("rename", { text: "" });
    socket.close();
    chatSocket.close();
    return { notAnObject, notANumber, invalid, valid, caught };
  },

  // @SocketNamespace with a fixed name and with a pattern; a name nobody handles is refused
  async namespaces() {
    const chatSocket = connect("/chat");
    const [chatWelcome] = await once(chatSocket, "welcome");
    const chat = await chatSocket.timeout(5000).emitWithAck("whereami");
    const workspaceSocket = connect("/workspace-42");
    await once(workspaceSocket, "connect");
    const workspace = await workspaceSocket.timeout(5000).emitWithAck("whereami");
    const other = connect("/nobody-here");
    const [error] = await once(other, "connect_error");
    chatSocket.close();
    workspaceSocket.close();
    other.close();
    return { chatWelcome, chat, workspace, invalid: error.message };
  },

  // SocketMiddleware beans: the first refuses a socket without a token, both run in order otherwise
  async middleware() {
    const refused = connect("/guarded", { auth: { token: "wrong" } });
    const [error] = await once(refused, "connect_error");
    refused.close();
    const admittedSocket = connect("/guarded", { auth: { token: "secret" } });
    const [admitted] = await once(admittedSocket, "admitted");
    admittedSocket.close();
    return { refusal: { message: error.message, data: error.data }, admitted };
  },
};

runScenario(scenarios, scenario);
