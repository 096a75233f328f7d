// The picture card: the input of a model that sees colour (3 channels). A
// picture comes from a file (picked, or dropped on the page), the camera
// where the browser has one, or a built-in sample drawn here; it is cropped
// to the model's aspect ratio around its centre and scaled to the model's
// H×W, and the network sees its red, green and blue values in 0..1. The
// picture never leaves the browser: it is drawn on canvases and read back
// as numbers, nothing else.
//
// DOM contract (tests rely on it): #picture-card[data-source] says where the
// current picture came from ('', 'file', 'camera', 'sample'); #picture-input
// is the H×W canvas the network reads; #picture-note says what went wrong
// (a file that is no image, no camera).

import { View } from './view.js';
import { h } from './dom.js';
import { t, shapeText } from './i18n.js';

// Built-in samples, drawn on a 96×96 canvas: no image file to fetch. The
// three shapes are drawn as the demo model (scripts/shapes) learned them:
// one filled shape on a background of two colours blended top to bottom.
const SAMPLES = {
  circle(g, s) {
    backdrop(g, s, '#f2e8cf', '#a7c957');
    g.fillStyle = '#bc4749';
    disc(g, s * 0.45, s * 0.55, s * 0.3);
  },
  square(g, s) {
    backdrop(g, s, '#1d3557', '#457b9d');
    g.fillStyle = '#f1c40f';
    g.translate(s * 0.55, s * 0.45);
    g.rotate(0.3);
    g.fillRect(-s * 0.24, -s * 0.24, s * 0.48, s * 0.48);
    g.setTransform(1, 0, 0, 1, 0, 0);
  },
  triangle(g, s) {
    backdrop(g, s, '#ffe8d6', '#ddbea9');
    g.fillStyle = '#2a6f97';
    g.beginPath();
    for (let k = 0; k < 3; k++) {
      const a = -Math.PI / 2 + (2 * Math.PI * k) / 3;
      g.lineTo(s * 0.5 + s * 0.34 * Math.cos(a), s * 0.56 + s * 0.34 * Math.sin(a));
    }
    g.fill();
  },
  sunset(g, s) {
    const sky = g.createLinearGradient(0, 0, 0, s);
    sky.addColorStop(0, '#2b1055');
    sky.addColorStop(0.6, '#f76b1c');
    sky.addColorStop(1, '#fad961');
    g.fillStyle = sky;
    g.fillRect(0, 0, s, s);
    g.fillStyle = '#ffe66d';
    disc(g, s * 0.5, s * 0.62, s * 0.18);
    g.fillStyle = '#1b2a41';
    g.fillRect(0, s * 0.72, s, s * 0.28);
  },
  checks(g, s) {
    const n = 6;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        g.fillStyle = (x + y) % 2 ? '#264653' : '#e9c46a';
        g.fillRect((x * s) / n, (y * s) / n, s / n, s / n);
      }
    }
  },
};

function backdrop(g, s, top, bottom) {
  const grad = g.createLinearGradient(0, 0, 0, s);
  grad.addColorStop(0, top);
  grad.addColorStop(1, bottom);
  g.fillStyle = grad;
  g.fillRect(0, 0, s, s);
}

function disc(g, x, y, r) {
  g.beginPath();
  g.arc(x, y, r, 0, 2 * Math.PI);
  g.fill();
}

const SAMPLE_SIDE = 96;

export class PictureView extends View {
  // deps: { changed() } — the picture changed (a new file, sample or camera frame).
  constructor(root, deps) {
    super(root, deps);
    this.view = this.$('#picture-view');
    this.input = this.$('#picture-input');
    this.note = this.$('#picture-note');
    this.facts = this.$('#picture-facts');
    this.video = this.$('#picture-video');
    this.cameraButton = this.$('#picture-camera');
    this.file = this.$('#picture-file');
    this.shape = [32, 32, 3];
    this.source = null; // what draws the picture: an ImageBitmap, a canvas or the video
    this.stream = null;
    this.noteKey = null;
    this.$('#picture-open').addEventListener('click', () => this.file.click());
    this.file.addEventListener('change', () => {
      if (this.file.files.length) this.openFile(this.file.files[0]);
      this.file.value = '';
    });
    this.cameraButton.addEventListener('click', () => (this.stream ? this.stopCamera() : this.startCamera()));
    this.samples = this.$('#picture-samples');
    for (const name of Object.keys(SAMPLES)) {
      const c = h('canvas', { width: SAMPLE_SIDE, height: SAMPLE_SIDE, 'aria-hidden': 'true' });
      SAMPLES[name](c.getContext('2d'), SAMPLE_SIDE);
      this.samples.append(h('button', { type: 'button', class: 'picture-sample', 'data-sample': name, onclick: () => this.useSample(name, c) }, c));
    }
    this.hasCamera = !!navigator.mediaDevices?.getUserMedia;
    this.relabel();
  }

  get empty() {
    return !this.source;
  }

  // update takes { shape } when a model with 3 channels is loaded: its
  // input shape [H, W, 3].
  update({ shape }) {
    if (!shape) return;
    this.shape = shape;
    this.input.width = shape[1];
    this.input.height = shape[0];
    this.render();
  }

  relabel() {
    this.$$('[data-sample]').forEach((b) => b.setAttribute('aria-label', t(`picture.sample.${b.dataset.sample}`)));
    this.cameraButton.textContent = t(this.stream ? 'picture.cameraStop' : 'picture.camera');
    this.cameraButton.disabled = !this.hasCamera;
    this.cameraButton.title = this.hasCamera ? '' : t('picture.noCamera');
    this.say(this.noteKey);
    this.renderFacts();
  }

  // openFile shows an image file; a file that is no image leaves the picture as it was.
  async openFile(file) {
    let bitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      this.say({ key: 'picture.notImage', vars: { name: file.name } });
      return;
    }
    this.stopCamera();
    this.use(bitmap, 'file');
  }

  useSample(name, canvas) {
    this.stopCamera();
    this.use(canvas, 'sample');
    this.root.dataset.sample = name;
  }

  use(source, kind) {
    this.source = source;
    this.root.dataset.source = kind;
    delete this.root.dataset.sample;
    this.say(null);
    this.render();
    this.deps.changed();
  }

  async startCamera() {
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch (err) {
      this.say({ key: 'picture.cameraFailed', vars: { msg: err.message || err.name } });
      return;
    }
    this.video.srcObject = this.stream;
    await this.video.play().catch(() => {});
    this.video.hidden = false;
    this.use(this.video, 'camera');
    this.relabel();
    const frame = () => {
      if (this.source !== this.video) return;
      this.render();
      this.deps.changed();
      this.video.requestVideoFrameCallback?.(frame) ?? requestAnimationFrame(frame);
    };
    frame();
  }

  stopCamera() {
    if (!this.stream) return;
    for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.video.hidden = true;
    if (this.source === this.video) {
      this.source = null;
      this.root.dataset.source = '';
      this.render();
    }
    this.relabel();
  }

  say(note) {
    this.noteKey = note;
    this.note.textContent = note ? t(note.key, note.vars) : '';
    this.note.hidden = !note;
  }

  // render draws the picture cropped to the model's aspect ratio, large in
  // the view and at the model's size in the input canvas.
  render() {
    const [H, W] = this.shape;
    for (const c of [this.view, this.input]) {
      const g = c.getContext('2d');
      g.clearRect(0, 0, c.width, c.height);
    }
    this.view.width = Math.round((280 * W) / Math.max(H, W));
    this.view.height = Math.round((280 * H) / Math.max(H, W));
    if (this.source) {
      const crop = cropBox(sizeOf(this.source), H, W);
      for (const c of [this.view, this.input]) {
        const g = c.getContext('2d');
        g.imageSmoothingQuality = 'high';
        g.drawImage(this.source, crop.x, crop.y, crop.w, crop.h, 0, 0, c.width, c.height);
      }
    }
    this.renderFacts();
  }

  renderFacts() {
    this.facts.textContent = t('picture.facts', { shape: shapeText(this.shape) });
  }

  // modelInput returns the picture as the model input {data, shape}: red,
  // green and blue in 0..1, row by row; null without a picture.
  modelInput() {
    if (!this.source) return null;
    const [H, W, C] = this.shape;
    const px = this.input.getContext('2d', { willReadFrequently: true }).getImageData(0, 0, W, H).data;
    const data = new Float32Array(H * W * C);
    for (let i = 0, j = 0; i < H * W; i++, j += 4) {
      for (let c = 0; c < C; c++) data[i * C + c] = px[j + c] / 255;
    }
    return { data, shape: [H, W, C] };
  }
}

function sizeOf(source) {
  return source instanceof HTMLVideoElement
    ? { w: source.videoWidth, h: source.videoHeight }
    : { w: source.width, h: source.height };
}

// cropBox is the largest box of the aspect ratio W:H centred in an image of
// size {w, h}: what the model sees of it.
export function cropBox({ w, h }, H, W) {
  const scale = Math.min(w / W, h / H);
  const cw = W * scale;
  const ch = H * scale;
  return { x: (w - cw) / 2, y: (h - ch) / 2, w: cw, h: ch };
}
