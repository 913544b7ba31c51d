// The sample chat page in Debian's headless Chromium, driven by puppeteer-core, as a user would:
// typing, clicking, reading what the page shows. Run by SampleBrowserTests.
// Usage: node browser-scenarios.js <scenario> <baseUrl> <screenshot directory>
// Prints "RESULT <json>" and exits 0, or "FAILED <message>" and exits 1. The recovery scenario also
// prints "DROP <socket id>" and waits for the line "dropped" on its standard input.
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const puppeteer = require("puppeteer-core");

const [scenario, base, screenshots] = process.argv.slice(2);
const DEADLINE_MS = 60000;
const WAIT = { timeout: 20000 };
let browser;

function fail(message) {
  console.log("FAILED " + message);
  const done = browser ? browser.close().catch(() => null) : Promise.resolve();
  done.finally(() => process.exit(1));
}

async function open(query) {
  const context = await browser.createBrowserContext();   // own cookies and storage, like another person
  const page = await context.newPage();
  page.on("pageerror", (err) => console.log("page error: " + err.message));
  const response = await page.goto(base + "/" + (query ? "?" + query : ""));
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
    await connected(alice);
    await connected(bob);
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
