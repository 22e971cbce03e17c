// Drive headless Chromium through the DevTools protocol, step by step, at phone size.
// node --experimental-websocket browser.mjs STEPS.json  → one JSON line per step on stdout.
// Steps: {goto}, {eval}, {waitFor, timeout}, {setFiles: [selector, [paths]]}, {screenshot, fullPage}, {noScript}.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const steps = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const profile = mkdtempSync(join(tmpdir(), "sutiao-web-"));
const browser = spawn(chromium, [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--hide-scrollbars", "--remote-debugging-address=127.0.0.1",
  "--remote-debugging-port=0", `--user-data-dir=${profile}`, "--window-size=390,844", "about:blank",
], { stdio: "ignore" });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function devtoolsPort() {
  const file = join(profile, "DevToolsActivePort");
  for (let i = 0; i < 200; i++) {
    if (existsSync(file)) {
      const port = readFileSync(file, "utf-8").split("\n")[0];
      if (port) return port;
    }
    await sleep(50);
  }
  throw new Error("chromium did not open its DevTools port");
}

async function main() {
  const port = await devtoolsPort();
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const page = targets.find((t) => t.type === "page");
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((resolve) => ws.addEventListener("open", resolve));
  let next = 0;
  const pending = new Map();
  const errors = [];
  const loaded = [];
  ws.addEventListener("message", (event) => {
    const msg = JSON.parse(event.data);
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    } else if (msg.method === "Page.loadEventFired") {
      loaded.splice(0).forEach((resolve) => resolve());
    } else if (msg.method === "Runtime.exceptionThrown") {
      errors.push(msg.params.exceptionDetails.exception?.description || msg.params.exceptionDetails.text);
    }
  });
  const send = (method, params = {}) => new Promise((resolve) => {
    const id = ++next;
    pending.set(id, resolve);
    ws.send(JSON.stringify({ id, method, params }));
  });
  const evaluate = async (expression) => {
    const res = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (res.result?.exceptionDetails) throw new Error(res.result.exceptionDetails.exception?.description);
    return res.result?.result?.value;
  };
  await send("Runtime.enable");
  await send("Page.enable");
  await send("Emulation.setDeviceMetricsOverride", { width: 390, height: 844, deviceScaleFactor: 1, mobile: true });

  for (const step of steps) {
    const out = { step: Object.keys(step)[0] };
    if (step.goto) {
      const load = new Promise((resolve) => loaded.push(resolve));
      const nav = await send("Page.navigate", { url: step.goto });
      // A fragment-only change loads nothing: there is no load event to wait for.
      if (nav.result && nav.result.loaderId) {
        let timer;
        await Promise.race([load, new Promise((resolve) => { timer = setTimeout(resolve, 10000); })]);
        clearTimeout(timer);
      }
    } else if (step.noScript) {
      await send("Emulation.setScriptExecutionDisabled", { value: true });
    } else if (step.eval) {
      out.value = await evaluate(step.eval);
    } else if (step.waitFor) {
      const until = Date.now() + (step.timeout || 10000);
      out.value = false;
      while (Date.now() < until) {
        if (await evaluate(step.waitFor)) { out.value = true; break; }
        await sleep(100);
      }
    } else if (step.setFiles) {
      const [selector, files] = step.setFiles;
      const { root } = (await send("DOM.getDocument")).result;
      const { nodeId } = (await send("DOM.querySelector", { nodeId: root.nodeId, selector })).result;
      await send("DOM.setFileInputFiles", { nodeId, files });
    } else if (step.screenshot) {
      let clip;
      if (step.fullPage) {
        const height = await evaluate("document.documentElement.scrollHeight");
        clip = { x: 0, y: 0, width: 390, height, scale: 1 };
      }
      const shot = await send("Page.captureScreenshot", { format: "png", clip, captureBeyondViewport: !!clip });
      writeFileSync(step.screenshot, Buffer.from(shot.result.data, "base64"));
    }
    out.errors = errors.splice(0);
    console.log(JSON.stringify(out));
  }
  ws.close();
}

main().catch((err) => { console.log(JSON.stringify({ step: "fatal", error: String(err) })); process.exitCode = 1; })
  .finally(() => { browser.kill(); setTimeout(() => rmSync(profile, { recursive: true, force: true }), 500); });
