// Mounting @tanstack/virtual-core virtualizers by hand (there is no Svelte 5 adapter): each
// one is attached to its scroll element and measured once; the returned function detaches
// them all (an effect's cleanup).

import type { Virtualizer } from "@tanstack/virtual-core";

export function mountVirtualizers<S extends Element, I extends Element>(
  ...virtualizers: Virtualizer<S, I>[]
): () => void {
  const unmounts = virtualizers.map((v) => v._didMount());
  for (const v of virtualizers) v._willUpdate();
  return () => {
    for (const unmount of unmounts) unmount();
  };
}
