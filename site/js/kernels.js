// Kernel presets for the convolution lab, defined for any size so the
// kernel-size control never has to refuse a preset. At 3×3 they are the
// textbook kernels; other sizes follow the same idea (binomial smoothing,
// central differences).

export const PRESETS = ['identity', 'box', 'gaussian', 'sharpen', 'sobelx', 'sobely', 'laplacian', 'emboss'];

function binomial(n) {
  let row = [1];
  for (let i = 1; i < n; i++) row = [...row, 0].map((v, j) => v + (j > 0 ? row[j - 1] : 0));
  return row;
}

function convolve1d(a, b) {
  const out = new Array(a.length + b.length - 1).fill(0);
  a.forEach((x, i) => b.forEach((y, j) => { out[i + j] += x * y; }));
  return out;
}

// derivative is a smoothed central difference of length n (Sobel's [−1, 0, 1] at 3).
function derivative(n) {
  if (n === 1) return [0];
  if (n === 2) return [-1, 1];
  return convolve1d(binomial(n - 2), [-1, 0, 1]);
}

function outer(col, row) {
  return col.flatMap((a) => row.map((b) => a * b));
}

function identity(kh, kw) {
  const k = new Array(kh * kw).fill(0);
  // TensorFlow puts the odd padding pixel after, so this tap is the one that
  // lines up with the output cell under 'same' padding.
  k[Math.floor((kh - 1) / 2) * kw + Math.floor((kw - 1) / 2)] = 1;
  return k;
}

function normalise(k) {
  const s = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / s);
}

const CLASSIC = {
  sharpen: [0, -1, 0, -1, 5, -1, 0, -1, 0],
  laplacian: [0, 1, 0, 1, -4, 1, 0, 1, 0],
};

// preset returns the kh×kw kernel (row-major) for a preset name.
export function preset(name, kh, kw) {
  if (kh === 3 && kw === 3 && CLASSIC[name]) return [...CLASSIC[name]];
  switch (name) {
    case 'identity': return identity(kh, kw);
    case 'box': return new Array(kh * kw).fill(1 / (kh * kw));
    case 'gaussian': return normalise(outer(binomial(kh), binomial(kw)));
    case 'sharpen': {
      const g = normalise(outer(binomial(kh), binomial(kw)));
      return identity(kh, kw).map((v, i) => 2 * v - g[i]);
    }
    case 'sobelx': return outer(binomial(kh), derivative(kw));
    case 'sobely': return outer(derivative(kh), binomial(kw));
    case 'laplacian': {
      const k = new Array(kh * kw).fill(1);
      k[Math.floor((kh - 1) / 2) * kw + Math.floor((kw - 1) / 2)] = 1 - kh * kw;
      return k;
    }
    case 'emboss': {
      const cy = Math.floor((kh - 1) / 2);
      const cx = Math.floor((kw - 1) / 2);
      const k = [];
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++) {
          k.push(y === cy && x === cx ? 1 : Math.max(-2, Math.min(2, (y - cy) + (x - cx))));
        }
      }
      return k;
    }
    default: throw new Error(`unknown kernel preset ${name}`);
  }
}
