// script loads a classic (non-module) script, as TF.js's and ConvNetJS's
// UMD bundles are, and resolves once it has run.
export function script(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.append(s);
  });
}
