// TF.js loads the models Svertka exports and computes what Svertka does.
//
// The chain: core/tfjs_export_test.go (go test ./core -run TestTFJSExport
// -update) builds models in Svertka, writes EncodeTFJS's model.json and
// weight file to core/testdata/tfjs/export/<model>/ with Svertka's output
// of the layers for three inputs (reference.json, outputs.bin), and
// without -update checks that the committed files are still what the
// encoder and the engine produce. This test loads each folder with
// tf.loadLayersModel (TF.js 4, cpu backend, through TF.js's own HTTP
// loader reading the folder) and compares TF.js's outputs of those layers
// with Svertka's: TF.js is the independent side, nothing is compared with
// itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadFromDir, probe, layerOutputs } from './tfjs.mjs';

const root = fileURLToPath(new URL('../../core/testdata/tfjs/export/', import.meta.url));
const models = (await readdir(root)).sort();

test('the Go test exported the models', () => {
  assert.deepEqual(models, ['all_layers', 'seednet', 'softmax_image']);
});

for (const name of models) {
  test(`tf.loadLayersModel loads Svertka's ${name} and predicts the same within 1e-5`, async () => {
    const dir = root + name;
    const ref = JSON.parse(await readFile(`${dir}/reference.json`, 'utf8'));
    const raw = await readFile(`${dir}/outputs.bin`);
    const values = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    const model = await loadFromDir(dir);
    assert.deepEqual(model.inputs[0].shape, [null, ...ref.input_shape]);
    const p = probe(model, ref.layers.map((l) => l.name));
    p.layers.forEach((l, i) => {
      assert.equal(l.getClassName(), ref.layers[i].class_name, l.name);
      assert.deepEqual(l.outputShape, [null, ...ref.layers[i].shape], l.name);
    });
    // The last layer's output is the model's prediction.
    assert.equal(p.layers.at(-1), model.layers.at(-1));
    const size = (shape) => shape.reduce((a, b) => a * b, 1);
    let off = 0;
    const next = (n) => values.subarray(off, (off += n));
    // The predictions (the last layer) agree within 1e-5; the layers before
    // within 1e-5 of their magnitude where it is above 1 (logits of 15
    // carry float32 rounding of 1e-6 relative from sums taken in another
    // order).
    let worst = 0;
    let worstRelative = 0;
    for (let s = 0; s < ref.inputs; s++) {
      const x = next(size(ref.input_shape));
      const outs = layerOutputs(p, ref.input_shape, x);
      ref.layers.forEach((l, i) => {
        const want = next(size(l.shape));
        const last = i === ref.layers.length - 1;
        assert.equal(outs[i].length, want.length, l.name);
        for (let j = 0; j < want.length; j++) {
          const d = Math.abs(outs[i][j] - want[j]);
          const scale = last ? 1 : Math.max(1, Math.abs(want[j]));
          if (last) worst = Math.max(worst, d);
          worstRelative = Math.max(worstRelative, d / scale);
          assert.ok(d <= 1e-5 * scale, `input ${s}, layer ${l.name}, value ${j}: TF.js ${outs[i][j]}, Svertka ${want[j]}`);
        }
      });
    }
    assert.equal(off, values.length, 'outputs.bin has values left over');
    console.log(`${name}: predictions within ${worst.toExponential(1)}, every layer within ${worstRelative.toExponential(1)} (relative above 1)`);
  });
}
