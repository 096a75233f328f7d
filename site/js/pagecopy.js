// A copy of the network on screen in an engine on the page's own thread, for
// the drawing's live inference. The playground's engine runs in a worker so
// that no call ever freezes the page; but a worker's answer arrives in a task
// of its own, after the frame of the pen move, so the maps it paints are
// shown one frame later at best. A cheap network computed on the page's
// thread, inside the frame that draws the stroke, is shown by that very
// frame. So a network whose forward pass costs little (the seed network:
// 2.2 M multiply-adds, about 2 ms) is copied here, and the drawing runs on
// the copy; a dearer one — the builder makes networks that take hundreds of
// ms — stays in the worker alone. The convolution lab uses this engine too
// (engine()), for the same reason.
//
// The worker's engine stays the one that holds the network: the copy is its
// exported model file, made again whenever the page changes that network
// (a new network, a new pooling mode), and it stands for no handle until the
// copy is complete. If this engine fails in any way, the worker does all.

import { Svertka } from '../svertka.js';

// The dearest forward pass (modelSummary's cost.multiplyAdds) run on the
// page's thread: a few ms of a 16 ms frame, even on a slow machine.
export const PAGE_MAX_MULTIPLY_ADDS = 4e6;

export class PageCopy {
  // urls: { wasmURL, execURL } for Svertka.load.
  constructor(urls) {
    this.urls = urls;
    this.nn = null; // the page's engine, started at the first cheap network
    this.starting = null;
    this.copy = 0; // the copy's handle in the page's engine
    this.of = 0; // the worker's handle the copy stands for; 0: none
    this.version = 0; // counts the changes of the network on screen
    this.broken = false;
  }

  // forget: the network on screen is changing; nothing runs on the copy
  // until the next sync.
  forget() {
    this.version++;
    this.of = 0;
  }

  // sync copies the worker's model handle (summary: its modelSummary) when
  // it is cheap enough. Never rejects: without a copy the worker runs it.
  async sync(worker, handle, summary) {
    this.forget();
    const version = this.version;
    if (this.broken || summary.cost.multiplyAdds > PAGE_MAX_MULTIPLY_ADDS) return;
    try {
      this.starting ??= Svertka.load({ ...this.urls, onexit: () => { this.broken = true; } });
      const nn = await this.starting;
      this.nn = nn;
      const doc = await worker.exportModel(handle);
      if (version !== this.version) return;
      const copy = (await nn.loadModel(doc)).handle;
      // A change while the copy was made: the copy is of the network before it.
      if (version !== this.version) {
        await nn.disposeModel(copy);
        return;
      }
      const old = this.copy;
      this.copy = copy;
      this.of = handle;
      if (old) await nn.disposeModel(old);
    } catch (err) {
      // The page's engine cannot help (it did not load, or refused the
      // copy): the worker, which holds the network, runs everything.
      this.broken = true;
      this.of = 0;
      console.warn(`svertka: the drawing runs in the worker only: ${err.message}`);
    }
  }

  // covers says whether the copy stands for the worker's handle now.
  covers(handle) {
    return !this.broken && handle !== 0 && this.of === handle;
  }

  // engine is the page's engine, for any small computation that should
  // settle at once (the lab's convolution), or null when there is none.
  engine() {
    return this.broken ? null : this.nn;
  }

  // predictDrawing runs the copy; it settles at once, on this thread.
  predictDrawing(imageData) {
    return this.nn.predictDrawing(imageData, this.copy);
  }
}
