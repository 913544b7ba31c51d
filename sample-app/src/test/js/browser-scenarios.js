// The sample chat page in Debian's headless Chromium, driven by puppeteer-core, as a user would:
// typing, clicking, reading what the page shows. Run by SampleBrowserTests.
// Usage: node browser-scenarios.js <scenario> <baseUrl> <screenshot directory> [<options as JSON>]
// Prints "RESULT <json>" and exits 0, or "FAILED <message>" and exits 1. The recovery scenario also
// prints "DROP <socket id>" and waits for the line "dropped" on its standard input.
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const puppeteer = require("puppeteer-core");

const [scenario, base, screenshots, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson || "{}");
const DEADLINE_MS = 60000;
const WAIT = { timeout: 20000 };
let browser;

function fail(message) {
  console.log("FAILED " + message);
  const done = browser ? browser.close().catch(() => null) : Promise.resolve();
  done.finally(() => process.exit(1));
}

async function open(query, origin = base) {
  const context = await browser.createBrowserContext();   // own cookies and storage, like another person
  const page = await context.newPage();
  page.on("pageerror", (err) => console.log("page error: " + err.message));
  const response = await page.goto(origin + "/" + (query ? "?" + query : ""));
  console.log("step: opened " + page.url() + " (" + response.status() + ")");
  return page;
}

/** Waits until the page says it is connected (over `transport` when given). */
async function connected(page, transport) {
  await page.waitForFunction((t) => {
    const s = document.getElementById("status");
    return s.dataset.state === "connected" && (!t || s.textContent.endsWith(t));
  }, WAIT, transport || null);
}

/** The texts of the active conversation's messages, with their sender and state. */
function messages(page) {
  return page.$$eval("#messages li", (items) => items.map((li) => li.classList.contains("system")
    ? { system: li.textContent }
    : { from: li.querySelector(".from").textContent, text: li.querySelector(".text").textContent, state: li.dataset.state }));
}

function waitForMessage(page, text, state) {
  return page.waitForFunction((t, s) => [...document.querySelectorAll("#messages li.message")]
    .some((li) => li.querySelector(".text").textContent === t && (!s || li.dataset.state === s)), WAIT, text, state || null);
}

function waitForText(page, selector, text) {
  return page.waitForFunction((sel, t) => document.querySelector(sel)?.textContent.includes(t), WAIT, selector, text);
}

function texts(page, selector) {
  return page.$$eval(selector, (items) => items.map((item) => item.textContent));
}

async function say(page, text) {
  await page.type("#text", text);
  await page.keyboard.press("Enter");
}

async function membersAre(page, names) {
  await page.waitForFunction((n) => JSON.stringify([...document.querySelectorAll("#members li")]
    .map((li) => li.textContent.replace(" (you)", ""))) === JSON.stringify(n), WAIT, names);
}

async function screenshot(page, name) {
  if (screenshots) {
    fs.mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, name + ".png") });
  }
}

function nextInputLine() {
  const lines = readline.createInterface({ input: process.stdin });
  return new Promise((resolve) => lines.once("line", (line) => { lines.close(); resolve(line); }));
}

const scenarios = {
  // two pages chat: room messages with acknowledgements, typing indicator, members, private messages, rooms
  async chat() {
    const alice = await open("name=alice");
    const bob = await open("name=bob");
    // both pages on WebSocket before the typing indicator: it is a volatile event, which
    // Socket.IO drops (on either side) while a transport cannot take it, as during the
    // upgrade from polling
    await connected(alice, "websocket");
    await connected(bob, "websocket");
    await membersAre(alice, ["alice", "bob"]);

    await alice.type("#text", "hello bob");
    await waitForText(bob, "#typing", "alice is typing");
    const typing = await bob.$eval("#typing", (el) => el.textContent);
    await alice.keyboard.press("Enter");
    await waitForMessage(alice, "hello bob", "sent");
    await waitForMessage(bob, "hello bob", "received");
    await bob.waitForFunction(() => document.getElementById("typing").textContent === "", WAIT);
    await say(bob, "hi alice");
    await waitForMessage(alice, "hi alice", "received");

    // a private message: click bob in the member list
    await alice.$$eval("#members li button", (buttons) => buttons.find((b) => b.textContent === "bob").click());
    await waitForText(alice, "#title", "Private with bob");
    await say(alice, "psst");
    await waitForMessage(alice, "psst", "delivered");
    await waitForText(bob, "#privates", "@alice");
    const bobsPrivates = await texts(bob, "#privates li");
    await bob.$$eval("#privates li button.open", (buttons) => buttons[0].click());
    await waitForMessage(bob, "psst", "received");

    // rooms: bob joins dev, alice too, then alice leaves it
    await bob.type("#join-room", "dev");
    await bob.keyboard.press("Enter");
    await waitForText(bob, "#title", "Room #dev");
    await membersAre(bob, ["bob"]);
    await alice.type("#join-room", "dev");
    await alice.keyboard.press("Enter");
    await membersAre(bob, ["alice", "bob"]);
    // alice's page lists the room once its join is acknowledged, which may come after bob's update
    await alice.waitForFunction(() => document.querySelectorAll("#rooms li").length === 2, WAIT);
    const aliceRooms = await texts(alice, "#rooms li button.open");
    await say(alice, "in dev");
    await waitForMessage(bob, "in dev", "received");
    await alice.$$eval("#rooms li button.leave", (buttons) => buttons.find((b) => b.title === "leave #dev").click());
    await membersAre(bob, ["bob"]);
    await alice.waitForFunction(() => document.querySelectorAll("#rooms li").length === 1, WAIT);
    const aliceRoomsAfter = await texts(alice, "#rooms li button.open");

    // a refused event: the server's error answers the acknowledgement
    await alice.$$eval("#rooms li button.open", (buttons) => buttons[0].click());
    await waitForText(alice, "#title", "Room #lobby");
    const tooLong = "x".repeat(2001);
    await alice.$eval("#text", (el, t) => { el.value = t; }, tooLong);
    await alice.keyboard.press("Enter");
    await alice.waitForFunction(() => document.querySelector("#messages li[data-state=failed]"), WAIT);
    const refused = await alice.$eval("#messages li[data-state=failed] .meta", (el) => el.textContent);

    await screenshot(alice, "chat-alice");
    await screenshot(bob, "chat-bob");
    return {
      typing,
      aliceLobby: await messages(alice),
      bobsPrivates, aliceRooms, aliceRoomsAfter, refused,
    };
  },

  // a page that can only poll talks with a page that only uses WebSocket
  async transports() {
    const polling = await open("name=poller&transports=polling");
    const websocket = await open("name=websocketer&transports=websocket");
    await connected(polling, "polling");
    await connected(websocket, "websocket");
    await membersAre(polling, ["poller", "websocketer"]);
    await say(polling, "from polling");
    await waitForMessage(websocket, "from polling", "received");
    await say(websocket, "from websocket");
    await waitForMessage(polling, "from websocket", "received");
    await waitForMessage(polling, "from polling", "sent");
    await waitForMessage(websocket, "from websocket", "sent");
    const transport = (page) => page.evaluate(() => socket.io.engine.transport.name);
    return {
      polling: { transport: await transport(polling), status: await polling.$eval("#status", (el) => el.textContent),
        messages: await messages(polling) },
      websocket: { transport: await transport(websocket), status: await websocket.$eval("#status", (el) => el.textContent),
        messages: await messages(websocket) },
    };
  },

  // the server drops alice's transport; bob talks meanwhile; alice's page gets what it missed
  async recovery() {
    const alice = await open("name=alice");
    const bob = await open("name=bob");
    await connected(alice);
    await connected(bob);
    await membersAre(alice, ["alice", "bob"]);
    await say(bob, "before the drop");
    await waitForMessage(alice, "before the drop", "received");
    const idBefore = await alice.evaluate(() => socket.id);
    await alice.evaluate(() => socket.once("disconnect", (reason) => { window.disconnectReason = reason; }));

    // alice's reconnection attempts fail until bob has spoken
    let offline = true;
    await alice.setRequestInterception(true);
    alice.on("request", (request) => {
      if (offline && request.url().includes("/socket.io/")) {
        request.abort("internetdisconnected");
      } else {
        request.continue();
      }
    });
    console.log("DROP " + idBefore);
    const answer = await nextInputLine();
    if (answer !== "dropped") {
      throw new Error("expected 'dropped', got " + answer);
    }
    await alice.waitForFunction(() => document.getElementById("status").dataset.state === "disconnected", WAIT);
    const disconnectReason = await alice.evaluate(() => window.disconnectReason);
    await membersAre(bob, ["bob"]);
    await say(bob, "missed 1");
    await say(bob, "missed 2");
    await waitForMessage(bob, "missed 1", "sent");
    await waitForMessage(bob, "missed 2", "sent");

    offline = false;
    await connected(alice);
    await waitForMessage(alice, "missed 2", "received");
    await membersAre(bob, ["alice", "bob"]);
    await screenshot(alice, "recovery-alice");
    return {
      disconnectReason,
      recovered: await alice.evaluate(() => socket.recovered),
      sameId: (await alice.evaluate(() => socket.id)) === idBefore,
      messages: await messages(alice),
    };
  },

  // secure profile: an anonymous page is refused and offers the login; once signed in it chats
  async secure() {
    const page = await open("");
    await page.waitForFunction(() => document.getElementById("status").dataset.state === "refused", WAIT);
    const anonymous = {
      status: await page.$eval("#status", (el) => el.textContent),
      loginVisible: await page.$eval("#login", (el) => !el.hidden),
    };
    await screenshot(page, "secure-anonymous");
    await Promise.all([page.waitForNavigation(), page.click("#login")]);
    await page.type("input[name=username]", "alice");
    await page.type("input[name=password]", "alice-pw");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    console.log("step: signed in, at " + page.url());
    await connected(page);
    await waitForText(page, "#user-name", "alice");
    await say(page, "signed in");
    await waitForMessage(page, "signed in", "sent");
    await screenshot(page, "secure-alice");
    return {
      anonymous,
      signedIn: {
        user: await page.$eval("#user-name", (el) => el.textContent),
        nameInputHidden: await page.$eval("#name-label", (el) => el.hidden),
        members: await texts(page, "#members li"),
        messages: await messages(page),
      },
    };
  },
};

// ---------------------------------------------------------------- the official Admin UI (AdminUiBrowserTests)

/**
 * Opens the Admin UI that `origin` serves on options.uiPath. Its page links fonts and icons on public
 * CDNs: those requests are refused, so that the test stays on this machine.
 */
async function openAdminUi(origin) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1400, height: 900 });   // wide enough for the navigation drawer
  page.on("pageerror", (err) => console.log("admin page error: " + err.message));
  await page.setRequestInterception(true);
  page.on("request", (request) => (request.url().startsWith(origin) ? request.continue() : request.abort()));
  const response = await page.goto(origin + options.uiPath, { waitUntil: "domcontentloaded" });
  console.log("step: opened the Admin UI at " + page.url() + " (" + response.status() + ")");
  return page;
}

/**
 * The input of the connection form's field that has this label. The UI (Vuetify) numbers its inputs
 * as it renders them and may render the dialog again while it opens, so the field is found by its
 * label each time it is used (a locator), never by a generated id kept from an earlier look.
 */
function field(page, label) {
  return page.locator(`::-p-xpath(//div[contains(@class,"v-dialog--active")]//div[contains(@class,"v-input")]`
    + `[.//label[normalize-space()="${label}"]]//input)`).setTimeout(WAIT.timeout);
}

/** Types into the field of the connection form that has this label, replacing what it holds. */
async function fill(page, label, value) {
  await field(page, label).fill(value);
  const now = await field(page, label).map((input) => input.value).wait();
  if (now !== value) {
    throw new Error("the connection form's field " + label + " holds " + JSON.stringify(now) + ", not " + JSON.stringify(value));
  }
}

/** Fills the UI's connection form as an operator does, submits it and waits until the form is gone. */
async function logIn(page, origin) {
  await page.waitForSelector(".v-dialog--active form", WAIT);
  await fill(page, "Server URL", origin);
  await fill(page, "Username", options.username);
  await fill(page, "Password", options.password);
  // the path and the namespace are among the form's advanced options
  await page.locator('::-p-xpath(//div[contains(@class,"v-dialog--active")]//label[normalize-space()="Advanced options"])')
    .setTimeout(WAIT.timeout).click();
  await field(page, "Path").wait();
  await fill(page, "Path", options.path);
  await fill(page, "Admin namespace", options.namespace);
  await screenshot(page, "admin-login");
  await page.click(".v-dialog--active form button[type=submit]");
  await page.waitForFunction(() => !document.querySelector(".v-dialog--active"), WAIT);
  console.log("step: the Admin UI is connected");
}

/** Goes to a page of the UI through its navigation drawer. */
async function navigate(page, route) {
  await page.click(`nav a[href="#/${route}"]`);
  // every view starts with its breadcrumbs: one left once the transition from the last view is over
  await page.waitForFunction((r) => location.hash.startsWith(`#/${r}`)
    && document.querySelectorAll("main .v-breadcrumbs").length === 1, WAIT, route);
}

/** Picks a namespace in the page's namespace selector. */
async function selectNamespace(page, name) {
  await page.click("main .v-select .v-select__slot");
  await page.waitForFunction((n) => [...document.querySelectorAll(".menuable__content__active .v-list-item")]
    .some((item) => item.textContent.trim() === n), WAIT, name);
  await page.evaluate((n) => [...document.querySelectorAll(".menuable__content__active .v-list-item")]
    .find((item) => item.textContent.trim() === n).click(), name);
  await page.waitForFunction((n) => document.querySelector("main .v-select .v-select__selection")?.textContent.trim() === n,
    WAIT, name);
}

/** The first cell of every row of the page's table (a socket's or server's id). */
function firstCells(page) {
  return page.$$eval("main .v-data-table tbody tr:not(.v-data-table__empty-wrapper)",
    (rows) => rows.map((row) => row.querySelector("td").textContent.trim()));
}

/** Waits until the table lists these ids (and, when `gone` is given, no longer lists those). */
async function tableLists(page, ids, gone = []) {
  try {
    await page.waitForFunction((present, absent) => {
      const listed = [...document.querySelectorAll("main .v-data-table tbody tr:not(.v-data-table__empty-wrapper)")]
        .map((row) => row.querySelector("td").textContent.trim());
      return present.every((id) => listed.includes(id)) && absent.every((id) => !listed.includes(id));
    }, WAIT, ids, gone);
  } catch (err) {
    const shown = await page.$$eval("main .v-data-table tbody tr", (rows) => rows.map((row) => row.textContent.trim()));
    await screenshot(page, "admin-table-failed");
    throw new Error(`the table never listed ${ids} without ${gone}; it shows ${JSON.stringify(shown)} (${err.message})`);
  }
}

/** Clicks the "disconnect" button of a socket's row in the Sockets page. */
async function clickDisconnect(page, id) {
  await page.evaluate((sid) => {
    const row = [...document.querySelectorAll("main .v-data-table tbody tr")]
      .find((r) => r.querySelector("td").textContent.trim() === sid);
    row.querySelector("td:last-child button").click();
  }, id);
}

/**
 * After a click on a socket's "disconnect" button: the click also opens the socket's page (the
 * button is in the row, whose click shows its socket); waits until that page says the socket is
 * disconnected and returns what it says, then goes back to the socket list.
 */
async function disconnectedDetails(page, id) {
  const status = () => [...document.querySelectorAll("main tr")]
    .map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent.trim()))
    .find((cells) => cells[0] === "Status");
  await page.waitForFunction((sid, find) => location.hash.includes(sid)
    && new Function("return (" + find + ")()")()?.[1] === "disconnected", WAIT, id, status.toString());
  const shown = await page.evaluate((find) => new Function("return (" + find + ")()")(), status.toString());
  await navigate(page, "sockets");
  return shown[1];
}

/** A chat page's socket, connected, and the reason of its next disconnection once it comes. */
async function chatPage(name, origin) {
  const page = await open("name=" + name, origin);
  await connected(page);
  await page.evaluate(() => socket.once("disconnect", (reason) => { window.disconnectReason = reason; }));
  return { page, id: await page.evaluate(() => socket.id) };
}

function disconnectReason(page) {
  return page.waitForFunction(() => window.disconnectReason, WAIT).then((handle) => handle.jsonValue());
}

/** The rows of the Events page about one socket: [type, arguments]. */
function eventsOf(page, id) {
  return page.$$eval("main .v-data-table tbody tr:not(.v-data-table__empty-wrapper)", (rows, sid) => rows
    .map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent.trim()))
    .filter((cells) => cells[1] === sid)
    .map((cells) => [cells[2], cells[3]]), id);
}

Object.assign(scenarios, {
  // two chat pages; the UI, logged in through its form, lists their sockets and disconnects one
  async adminUi() {
    const alice = await chatPage("alice", base);
    const bob = await chatPage("bob", base);
    const admin = await openAdminUi(base);
    await logIn(admin, base);

    await navigate(admin, "sockets");
    await selectNamespace(admin, "/chat");
    await tableLists(admin, [alice.id, bob.id]);
    const listed = await firstCells(admin);
    await screenshot(admin, "admin-sockets");

    await clickDisconnect(admin, alice.id);
    const aliceReason = await disconnectReason(alice.page);
    const aliceStatus = await disconnectedDetails(admin, alice.id);
    await tableLists(admin, [bob.id], [alice.id]);
    const remaining = await firstCells(admin);

    await navigate(admin, "events");
    await admin.waitForFunction((sid) => [...document.querySelectorAll("main .v-data-table tbody tr td")]
      .some((cell) => cell.textContent.trim() === sid), WAIT, alice.id);
    const aliceEvents = await eventsOf(admin, alice.id);
    await screenshot(admin, "admin-events");
    return {
      alice: alice.id, bob: bob.id, listed, remaining, aliceReason, aliceStatus, aliceEvents,
      bobConnected: await bob.page.evaluate(() => socket.connected),
    };
  },

  // a page on each node of a cluster; the UI served by the first node shows both servers and both
  // sockets, and disconnects the one on the other node
  async adminCluster() {
    const [first, second] = options.nodes;
    const alice = await chatPage("alice", first);
    const bob = await chatPage("bob", second);
    const admin = await openAdminUi(first);
    await logIn(admin, first);

    await navigate(admin, "servers");
    await tableLists(admin, options.serverIds);
    const servers = await firstCells(admin);
    await screenshot(admin, "admin-servers");

    await navigate(admin, "sockets");
    await selectNamespace(admin, "/chat");
    await tableLists(admin, [alice.id, bob.id]);
    const listed = await firstCells(admin);
    // the socket of the other node with its transport, as the UI shows a local one
    await admin.waitForFunction((sid) => [...document.querySelectorAll("main .v-data-table tbody tr")]
      .some((row) => row.querySelector("td").textContent.trim() === sid && row.textContent.includes("WebSocket")),
      WAIT, bob.id);
    await screenshot(admin, "admin-cluster-sockets");

    await clickDisconnect(admin, bob.id);
    const bobReason = await disconnectReason(bob.page);
    const bobStatus = await disconnectedDetails(admin, bob.id);
    await tableLists(admin, [alice.id], [bob.id]);
    return {
      alice: alice.id, bob: bob.id, servers, listed, bobReason, bobStatus,
      aliceConnected: await alice.page.evaluate(() => socket.connected),
    };
  },
});

async function main() {
  const run = scenarios[scenario];
  if (!run) {
    throw new Error("unknown scenario " + scenario);
  }
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const result = await run();
  await browser.close();
  return result;
}

const deadline = setTimeout(() => fail("scenario timed out"), DEADLINE_MS);
main().then((result) => {
  clearTimeout(deadline);
  console.log("RESULT " + JSON.stringify(result));
  process.exit(0);
}, (err) => fail(err && err.stack || String(err)));
