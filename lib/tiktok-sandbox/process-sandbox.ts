import { createSandbox, type Sandbox } from './sandbox';

/** Where the Next app mounts the sandbox in demo mode (`app/sandbox/[...path]`). */
export const DEMO_SANDBOX_BASE_PATH = '/sandbox';

const KEY = Symbol.for('sparkcheck.tiktok-sandbox');
type SandboxHolder = { [KEY]?: Sandbox };

/**
 * One sandbox per server process, kept on globalThis so dev-server module reloads keep its state.
 * Its clock runs from the moment it is created, so the demo's dates stay close to the real today.
 */
export function getProcessSandbox(): Sandbox {
  const holder = globalThis as SandboxHolder;
  holder[KEY] ??= createSandbox({ basePath: DEMO_SANDBOX_BASE_PATH, clock: 'running' });
  return holder[KEY];
}
