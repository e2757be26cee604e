// Drives the official @nuralogix.ai/dfx-api-client against a DFX server, following a plan, and prints what the
// client observes as JSON lines on stdout. Used by dfx-java's OfficialJsClientInteropIT; see that class for the
// quirks of the official client this exercises.
//
// usage: node [--experimental-websocket] interop.mjs <wsUrl> <token> <planJson>
// The client connects (and so logs in with 0718 on open), waits for the 0718 answer, then runs the plan's steps,
// planJson being {"steps":[...]}:
//   {"send":"0506","data":{...}}                        sendMessage(actionId, data)
//   {"await":"0506","bodyKey":"StatusID"?,"timeoutMs":n} wait for the next message of that action (optionally one
//                                                       whose body has bodyKey), in arrival order
//   {"awaitClose":true,"timeoutMs":n}                   wait until the socket is closed (by the server)
//   {"disconnect":true}                                  websocket.disconnect()
// Lines printed, in order:
//   {"event":"start","node":version,"websocket":"global"|"ws"}
//   {"event":"sent","actionId","data"}       after each sendMessage, with data as the client left it
//   {"event":"message","requestId","status","actionId","body"}   every onmessage call, verbatim
//   {"event":"close","code","reason"} | {"event":"error","message"}
//   {"event":"done","ok":bool,"error"?}      after the plan (then the client disconnects unless already closed)
// Exit status 0 if the plan ran to its end, 1 otherwise.
let websocketImpl = 'global';
if (typeof globalThis.WebSocket === 'undefined') {
  // Node < 22 without --experimental-websocket: the browser-compatible 'ws' package stands in.
  const { WebSocket } = await import('ws');
  globalThis.WebSocket = WebSocket;
  websocketImpl = 'ws';
}
const { default: client } = await import('@nuralogix.ai/dfx-api-client');

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
process.on('uncaughtException', (e) => out({ event: 'error', message: 'uncaught: ' + String(e?.message ?? e) }));

const [url, token, planJson] = process.argv.slice(2);
const plan = JSON.parse(planJson).steps;
out({ event: 'start', node: process.version, websocket: websocketImpl });

const api = client();
const wsUrl = new URL(url);
// The client takes its socket URL from setUrl's second argument and cuts its last character (it expects a
// trailing '/'), so the URL must be the server root, e.g. ws://127.0.0.1:1234/.
api.setUrl('http://' + wsUrl.host + '/', url);
const inbox = [];
let waiter = null;
let closed = null;
const wake = () => { if (waiter) waiter(); };
api.websocket.onmessage = (requestId, status, body, actionId) => {
  const m = { event: 'message', requestId, status, actionId, body };
  out(m);
  inbox.push(m);
  wake();
};
// connect() copies onclose/onerror onto the socket, so they must be set before it.
api.websocket.onclose = (e) => {
  closed = { code: e?.code, reason: e?.reason };
  out({ event: 'close', ...closed });
  wake();
};
api.websocket.onerror = (e) => out({ event: 'error', message: String(e?.message ?? e?.error?.message ?? e?.type ?? e) });

function until(test, what, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { waiter = null; reject(new Error(`timeout after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const check = () => {
      const r = test();
      if (r !== undefined) { clearTimeout(timer); waiter = null; resolve(r); return; }
      if (closed) { clearTimeout(timer); waiter = null; reject(new Error(`closed (${closed.code}) while waiting for ${what}`)); }
    };
    waiter = check;
    check();
  });
}

function next(actionId, bodyKey, timeoutMs) {
  return until(() => {
    const i = inbox.findIndex((m) => m.actionId === actionId && (!bodyKey || (m.body && bodyKey in m.body)));
    return i >= 0 ? inbox.splice(i, 1)[0] : undefined;
  }, actionId + (bodyKey ? ' with ' + bodyKey : ''), timeoutMs);
}

function closeEvent(timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { waiter = null; reject(new Error(`timeout after ${timeoutMs} ms waiting for close`)); }, timeoutMs);
    const check = () => { if (closed) { clearTimeout(timer); waiter = null; resolve(closed); } };
    waiter = check;
    check();
  });
}

let ok = false;
try {
  // connect() logs in with 0718 as soon as the socket opens; its answer is the first message.
  api.websocket.connect(token);
  await next('0718', null, 10000);
  for (const step of plan) {
    if (step.send) {
      api.websocket.sendMessage(step.send, step.data);
      out({ event: 'sent', actionId: step.send, data: step.data });
    } else if (step.await) {
      await next(step.await, step.bodyKey, step.timeoutMs ?? 10000);
    } else if (step.awaitClose) {
      await closeEvent(step.timeoutMs ?? 10000);
    } else if (step.disconnect) {
      api.websocket.disconnect();
    } else {
      throw new Error('unknown plan step ' + JSON.stringify(step));
    }
  }
  ok = true;
  out({ event: 'done', ok: true });
} catch (e) {
  out({ event: 'done', ok: false, error: String(e?.message ?? e) });
}
if (!closed) {
  try {
    api.websocket.disconnect();
    await closeEvent(3000);
  } catch (e) {
    out({ event: 'error', message: 'disconnect: ' + String(e?.message ?? e) });
  }
}
process.exitCode = ok ? 0 : 1;
// Nothing should be left running; if something is, do not hang the test.
setTimeout(() => process.exit(), 2000).unref();
