// What differs between VS Code's two extension hosts, behind one API, so that one source runs in
// both: the Node host (desktop, code-server, Codespaces) and the web worker host (vscode.dev,
// github.dev), which has no Node built-ins: no `setImmediate`, `process`, `Buffer` or `crypto`
// module. Only web-standard globals are used here, feature-detected where Node is faster.

/** Which extension host runs this code: a web worker has `WorkerGlobalScope`, Node has neither. */
export function hostKind(): 'web worker' | 'Node' {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'function' ? 'web worker' : 'Node';
}

type Immediate = (callback: () => void) => unknown;
const nodeImmediate = (globalThis as { setImmediate?: Immediate }).setImmediate;

/**
 * Lets the host's queued work (other providers, messages) run, then resolves. Node's
 * `setImmediate` when there is one; otherwise a MessageChannel message, which a worker delivers
 * without `setTimeout`'s 4 ms clamp on nested timers (a cooperative pass pauses hundreds of times).
 */
export function pause(): Promise<void> {
  if (nodeImmediate) return new Promise<void>((resolve) => void nodeImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise<void>((resolve) => {
      const { port1, port2 } = new MessageChannel();
      // the web port's `onmessage` (it starts the port); @types/node's MessagePort lacks it
      (port1 as unknown as { onmessage: () => void }).onmessage = () => {
        port1.close();
        resolve();
      };
      port2.postMessage(undefined);
    });
  }
  return new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** A CSP nonce: 18 random bytes as base64 (Web Crypto, global in workers and in Node ≥ 19). */
export function nonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
