// The part of Tauri's global API (`withGlobalTauri`) that the app uses.
// Only ui/js/ipc.js may touch it (ipc.test.js checks); everything it
// carries is typed there by the generated contract (ui/js/gen/contract.js).

interface TauriEvent<T> {
  event: string;
  id: number;
  payload: T;
}

interface TauriGlobal {
  core: {
    invoke(cmd: string, args?: Record<string, unknown>): Promise<unknown>;
  };
  event: {
    listen<T>(event: string, handler: (e: TauriEvent<T>) => void): Promise<() => void>;
  };
}

declare var __TAURI__: TauriGlobal | undefined;
