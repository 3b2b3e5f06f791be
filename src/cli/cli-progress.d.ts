// Ambient types for the part of `cli-progress` (CommonJS, no bundled types) that the CLI uses.
declare module 'cli-progress' {
  interface BarOptions {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    noTTYOutput?: boolean;
    etaBuffer?: number;
    fps?: number;
  }
  interface BarPreset { format?: string; barCompleteChar: string; barIncompleteChar: string }
  class SingleBar {
    constructor(opts: BarOptions, preset?: BarPreset);
    start(total: number, start: number, payload?: Record<string, unknown>): void;
    update(value: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  class MultiBar {
    constructor(opts: BarOptions, preset?: BarPreset);
    create(total: number, start: number, payload?: Record<string, unknown>): SingleBar;
    log(text: string): void;
    stop(): void;
  }
  const Presets: { shades_classic: BarPreset; legacy: BarPreset; rect: BarPreset };
  const _default: { SingleBar: typeof SingleBar; MultiBar: typeof MultiBar; Presets: typeof Presets };
  export default _default;
}
