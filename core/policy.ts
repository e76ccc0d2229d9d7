/**
 * Domain limits and defaults, in one place for every layer (the renderer may import this module too).
 * Change a limit here and the CLI, the contract's schemas, the engine and the UI follow.
 */

/** Most copies of one app a launch, a watcher or a shortcut may ask for. */
export const MAX_INSTANCES = 64;

/** Copies "Launch" makes run when neither the user nor the preset says how many. */
export const DEFAULT_INSTANCES = 2;

/** The instance count a preset asks for, or the default. */
export function instanceCountOf(preset: { instances?: number | undefined } | undefined): number {
  return preset?.instances ?? DEFAULT_INSTANCES;
}

/** True when `count` is a whole number of instances within the limit. */
export function isInstanceCount(count: number): boolean {
  return Number.isInteger(count) && count >= 1 && count <= MAX_INSTANCES;
}

/** Longest copy label, in characters: it is appended to the copy's window title. */
export const MAX_LABEL_CHARS = 40;

/** Header that carries the browser mode's token (the query parameter `token` only for the event stream). */
export const TOKEN_HEADER = 'x-multiopen-token';
