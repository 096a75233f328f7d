// The explainer page (explainer.html): settings, playback controls, panel
// titles, the output-size formula and the live description around the
// animation. The animation itself is the Go/ebiten program explainer.wasm,
// running in the iframe #stage (see explainer-frame.js); this module drives
// it through the frame's globalThis.svertkaExplainer and renders the JSON
// state it reports after every change.
//
// Settings travel as the URL query the Go side parses (package steps), so the
// address bar always holds a link to exactly what is on screen.

const LANG_KEY = 'svertka.lang';
const DRAWING_KEY = 'svertka.drawing';
const UPLOAD_SIDE = 64; // a chosen image is cropped to a square and reduced to this size here

const texts = {
  en: {
    'doc.title': 'Svertka — convolution and pooling, step by step',
    skip: 'Skip to the animation',
    'nav.label': 'Site',
    'nav.playground': 'Playground',
    'nav.lab': 'Convolution lab',
    'nav.explainer': 'Animated explainer',
    'lang.label': 'Language',
    share: 'Copy link',
    'share.done': 'Link copied',
    'share.failed': 'Copy the address from the address bar',
    'error.title': 'The animation could not start.',
    'error.hint': 'It needs a browser with WebAssembly and WebGL. Reload the page to try again.',
    title: 'Convolution and pooling, step by step',
    lede: 'A kernel slides over the image one step at a time, and every step writes one number of the output. Pick what to watch, then play, pause or step through it.',
    'settings.title': 'Settings',
    'scene.label': 'What to watch',
    'scene.conv': 'Convolution',
    'scene.rgb': 'RGB channels',
    'scene.pool': 'Pooling',
    'scene.hint.conv': 'One kernel slides over the grey image: padding, stride and dilation.',
    'scene.hint.rgb': 'Each colour channel gets its own kernel; the three partial maps are summed, the bias is added, ReLU is applied. Two filters make two output channels.',
    'scene.hint.pool': 'A window slides over the image and keeps its largest, smallest or average value.',
    'input.label': 'Input image',
    'input.shapes': 'Shapes',
    'input.sunset': 'Sunset',
    'input.stripes': 'Stripes',
    'input.checker': 'Checkerboard',
    'input.digit': 'Digit 7',
    'input.drawing': 'Your drawing',
    'input.upload': 'Your image',
    'input.choose': 'Choose an image…',
    'input.private': 'A chosen image stays in your browser.',
    'input.unreadable': 'This file could not be read as an image.',
    'res.label': 'Size in cells',
    'kernel.label': 'Kernel',
    'kernel.preset': 'Kernel preset',
    'kernel.size': 'Kernel size',
    'kernel.values': 'Kernel values',
    'kernel.value': 'Kernel row {r}, column {c}',
    'kernel.identity': 'Identity',
    'kernel.box-blur': 'Box blur',
    'kernel.gaussian': 'Gaussian blur',
    'kernel.sharpen': 'Sharpen',
    'kernel.sobel-x': 'Sobel x (vertical edges)',
    'kernel.sobel-y': 'Sobel y (horizontal edges)',
    'kernel.laplacian': 'Laplacian (outline)',
    'kernel.emboss': 'Emboss',
    'kernel.custom': 'Your own values',
    'kernel.hint': 'Type any value; the kernel becomes your own.',
    'kernel.hint.rgb': 'Filter 1 uses this kernel on every channel, scaled by the channel’s share of brightness; filter 2 looks for warm colours.',
    'padding.label': 'Padding',
    'padding.valid': 'valid (none)',
    'padding.same': 'same (keeps the size)',
    'padding.explicit': 'explicit',
    'padding.top': 'top',
    'padding.bottom': 'bottom',
    'padding.left': 'left',
    'padding.right': 'right',
    'stride.label': 'Stride',
    'stride.auto.conv': '1',
    'stride.auto.pool': '= window',
    'dilation.label': 'Dilation',
    'pool.label': 'Pooling',
    'pool.mode': 'Pooling mode',
    'pool.max': 'max',
    'pool.min': 'min',
    'pool.avg': 'average',
    'pool.size': 'Window',
    'stage.title': 'Animation',
    'stage.frame': 'Animation canvas; the text below describes each step',
    'play.label': 'Playback',
    'play.first': 'First step',
    'play.back': 'Step back',
    'play.forward': 'Step forward',
    'play.last': 'Last step',
    'play.play': 'Play',
    'play.pause': 'Pause',
    'play.speed': 'Speed',
    'play.seek': 'Step',
    loading: 'Loading the animation…',
    counter: 'Step {n} of {total}.',
    formula: 'Output height = {h}; width = {w}',
    'key.pad': 'padding: fake cells (0 for a convolution; pooling ignores them)',
    'key.window': 'the window and the output cell it writes',
    'key.visited': 'a window started here',
    'key.skipped': 'the stride skipped this place (×: just now)',
    'key.signed': 'negative · 0 · positive',
    'key.coords': 'Rows and columns count from 0 at the top left of the padded input. With the canvas focused, the keyboard works too: Space, arrows, Home, End.',
    'footer.about': 'Svertka is a CNN engine written in Go and compiled to WebAssembly. Everything runs on your device; nothing leaves the browser.',
    'panel.input': 'input with padding',
    'panel.kernel': 'kernel',
    'panel.zoom.conv': 'window × kernel',
    'panel.zoom.pool': 'window → {mode}',
    'panel.output.conv': 'output',
    'panel.output.pool': 'pooled output',
    'panel.image': 'colour image',
    'panel.chan0': 'red',
    'panel.chan1': 'green',
    'panel.chan2': 'blue',
    'panel.kern0': 'kernel R',
    'panel.kern1': 'kernel G',
    'panel.kern2': 'kernel B',
    'panel.part0': 'partial R',
    'panel.part1': 'partial G',
    'panel.part2': 'partial B',
    'panel.sum': 'sum',
    'panel.bias': '+ bias',
    'panel.act': 'ReLU',
    'panel.out0': 'output channel 1',
    'panel.out1': 'output channel 2',
  },
  ru: {
    'doc.title': 'Svertka — свёртка и пулинг шаг за шагом',
    skip: 'К анимации',
    'nav.label': 'Сайт',
    'nav.playground': 'Песочница',
    'nav.lab': 'Лаборатория свёртки',
    'nav.explainer': 'Анимация',
    'lang.label': 'Язык',
    share: 'Скопировать ссылку',
    'share.done': 'Ссылка скопирована',
    'share.failed': 'Скопируйте адрес из адресной строки',
    'error.title': 'Анимация не запустилась.',
    'error.hint': 'Нужен браузер с WebAssembly и WebGL. Перезагрузите страницу, чтобы попробовать ещё раз.',
    title: 'Свёртка и пулинг шаг за шагом',
    lede: 'Ядро скользит по изображению шаг за шагом, и каждый шаг записывает одно число выхода. Выберите, что смотреть, и запустите, остановите или пройдите по шагам.',
    'settings.title': 'Настройки',
    'scene.label': 'Что смотреть',
    'scene.conv': 'Свёртка',
    'scene.rgb': 'Каналы RGB',
    'scene.pool': 'Пулинг',
    'scene.hint.conv': 'Одно ядро скользит по серому изображению: дополнение, шаг и дилатация.',
    'scene.hint.rgb': 'У каждого цветного канала своё ядро; три частичные карты складываются, прибавляется смещение, применяется ReLU. Два фильтра дают два выходных канала.',
    'scene.hint.pool': 'Окно скользит по изображению и оставляет наибольшее, наименьшее или среднее значение.',
    'input.label': 'Входное изображение',
    'input.shapes': 'Фигуры',
    'input.sunset': 'Закат',
    'input.stripes': 'Полосы',
    'input.checker': 'Шахматная доска',
    'input.digit': 'Цифра 7',
    'input.drawing': 'Ваш рисунок',
    'input.upload': 'Ваше изображение',
    'input.choose': 'Выбрать изображение…',
    'input.private': 'Выбранное изображение не покидает браузер.',
    'input.unreadable': 'Этот файл не удалось прочитать как изображение.',
    'res.label': 'Размер в клетках',
    'kernel.label': 'Ядро',
    'kernel.preset': 'Готовое ядро',
    'kernel.size': 'Размер ядра',
    'kernel.values': 'Значения ядра',
    'kernel.value': 'Ядро, строка {r}, столбец {c}',
    'kernel.identity': 'Тождественное',
    'kernel.box-blur': 'Размытие (среднее)',
    'kernel.gaussian': 'Размытие по Гауссу',
    'kernel.sharpen': 'Резкость',
    'kernel.sobel-x': 'Собель x (вертикальные края)',
    'kernel.sobel-y': 'Собель y (горизонтальные края)',
    'kernel.laplacian': 'Лаплас (контур)',
    'kernel.emboss': 'Тиснение',
    'kernel.custom': 'Свои значения',
    'kernel.hint': 'Введите любые значения — ядро станет вашим.',
    'kernel.hint.rgb': 'Фильтр 1 применяет это ядро к каждому каналу с весом доли канала в яркости; фильтр 2 ищет тёплые цвета.',
    'padding.label': 'Дополнение',
    'padding.valid': 'valid (нет)',
    'padding.same': 'same (размер сохраняется)',
    'padding.explicit': 'явное',
    'padding.top': 'сверху',
    'padding.bottom': 'снизу',
    'padding.left': 'слева',
    'padding.right': 'справа',
    'stride.label': 'Шаг',
    'stride.auto.conv': '1',
    'stride.auto.pool': '= окно',
    'dilation.label': 'Дилатация',
    'pool.label': 'Пулинг',
    'pool.mode': 'Вид пулинга',
    'pool.max': 'max',
    'pool.min': 'min',
    'pool.avg': 'среднее',
    'pool.size': 'Окно',
    'stage.title': 'Анимация',
    'stage.frame': 'Холст анимации; текст под ним описывает каждый шаг',
    'play.label': 'Воспроизведение',
    'play.first': 'Первый шаг',
    'play.back': 'Шаг назад',
    'play.forward': 'Шаг вперёд',
    'play.last': 'Последний шаг',
    'play.play': 'Пуск',
    'play.pause': 'Пауза',
    'play.speed': 'Скорость',
    'play.seek': 'Шаг',
    loading: 'Загружается анимация…',
    counter: 'Шаг {n} из {total}.',
    formula: 'Высота выхода = {h}; ширина = {w}',
    'key.pad': 'дополнение: фиктивные клетки (0 для свёртки; пулинг их не учитывает)',
    'key.window': 'окно и выходная клетка, которую оно записывает',
    'key.visited': 'здесь начиналось окно',
    'key.skipped': 'это место пропущено из-за шага (×: только что)',
    'key.signed': 'минус · 0 · плюс',
    'key.coords': 'Строки и столбцы считаются от 0 с левого верхнего угла входа с дополнением. Когда холст в фокусе, работает и клавиатура: пробел, стрелки, Home, End.',
    'footer.about': 'Svertka — движок свёрточных сетей на Go, скомпилированный в WebAssembly. Всё работает на вашем устройстве; ничего не покидает браузер.',
    'panel.input': 'вход с дополнением',
    'panel.kernel': 'ядро',
    'panel.zoom.conv': 'окно × ядро',
    'panel.zoom.pool': 'окно → {mode}',
    'panel.output.conv': 'выход',
    'panel.output.pool': 'выход пулинга',
    'panel.image': 'цветное изображение',
    'panel.chan0': 'красный',
    'panel.chan1': 'зелёный',
    'panel.chan2': 'синий',
    'panel.kern0': 'ядро R',
    'panel.kern1': 'ядро G',
    'panel.kern2': 'ядро B',
    'panel.part0': 'частичная R',
    'panel.part1': 'частичная G',
    'panel.part2': 'частичная B',
    'panel.sum': 'сумма',
    'panel.bias': '+ смещение',
    'panel.act': 'ReLU',
    'panel.out0': 'выходной канал 1',
    'panel.out1': 'выходной канал 2',
  },
};

const $ = (id) => document.getElementById(id);
const frame = $('stage');

let lang = readLang();
let api = null; // the frame's svertkaExplainer, once the program is ready
let state = null; // the last state the program reported
let syncedQuery = null; // the setting the controls show
let urlError = ''; // an error in the settings the page was opened with
let titlesKey = '';

function readLang() {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    if (stored === 'en' || stored === 'ru') return stored;
  } catch { /* storage disabled */ }
  return navigator.language?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

function t(key, vars = {}) {
  const s = texts[lang][key] ?? texts.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

// ---------- texts ----------

function applyTexts() {
  document.documentElement.lang = lang;
  document.title = t('doc.title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const b of document.querySelectorAll('.lang-switch button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  if (state) render(state, true);
  syncSceneTexts();
}

function syncSceneTexts() {
  const scene = currentScene();
  $('scene-hint').textContent = t(`scene.hint.${scene}`);
  $('stride-auto').textContent = t(scene === 'pool' ? 'stride.auto.pool' : 'stride.auto.conv');
  $('weights-hint').textContent = t(scene === 'rgb' ? 'kernel.hint.rgb' : 'kernel.hint');
  for (const [i, input] of [...$('weights').querySelectorAll('input')].entries()) {
    const k = Number($('ksize').value);
    input.setAttribute('aria-label', t('kernel.value', { r: Math.floor(i / k), c: i % k }));
  }
}

function setLang(next) {
  lang = next;
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* storage disabled */ }
  applyTexts();
  api?.setLang(lang);
}

// ---------- talking to the program ----------

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== window.location.origin) return;
  const raw = event.data?.svertkaExplainer;
  if (typeof raw !== 'string') return;
  const msg = JSON.parse(raw);
  if (msg.type === 'ready') start();
  else if (msg.type === 'error') fail(msg.message);
  else render(msg);
});
frame.src = 'explainer-frame.html';

function fail(message) {
  document.documentElement.dataset.explainer = 'error';
  $('load-error-detail').textContent = message;
  $('load-error').hidden = false;
}

function start() {
  api = frame.contentWindow.svertkaExplainer;
  api.setLang(lang);
  const params = new URLSearchParams(window.location.search);
  if (!params.has('drawing')) loadStoredDrawing();
  if (!params.has('play') && !params.has('step') && matchMedia('(prefers-reduced-motion: reduce)').matches) {
    params.set('play', '0');
  }
  const result = api.configure(params.toString());
  if (!result.ok) {
    // Show why, and keep as much of the link as works: first without its
    // input (a drawing that is not there), then the defaults.
    urlError = result.error;
    params.delete('input');
    params.delete('drawing');
    if (!api.configure(params.toString()).ok) api.configure(params.has('play') ? `play=${params.get('play')}` : '');
  }
}

function loadStoredDrawing() {
  let stored = null;
  try { stored = sessionStorage.getItem(DRAWING_KEY); } catch { /* storage disabled */ }
  if (stored && api.setDrawing(stored).ok) $('input').querySelector('[value="drawing"]').disabled = false;
}

// configure applies the setting the controls show.
function configure() {
  urlError = '';
  const result = api.configure(controlsQuery());
  if (!result.ok) showError(result.error);
}

function showError(message) {
  $('setting-error').textContent = message;
  $('setting-error').hidden = !message;
}

// ---------- rendering the program's state ----------

function render(s, relabel = false) {
  const fresh = state === null;
  state = s;
  if (s.total > 0) document.documentElement.dataset.explainer = 'ready';
  showError(s.error || urlError);
  if (s.total === 0) return;
  $('counter').textContent = t('counter', { n: s.step + 1, total: s.total });
  $('describe-text').textContent = s.description;
  // Reading every step aloud while it plays would drown the reader: the
  // region speaks when the animation stands still.
  $('describe').setAttribute('aria-live', s.playing ? 'off' : 'polite');
  $('formula').textContent = t('formula', { h: s.formula[0], w: s.formula[1] });
  $('seek').max = String(s.total - 1);
  $('seek').value = String(s.step);
  $('play').setAttribute('aria-pressed', String(s.playing));
  $('icon-play').hidden = s.playing;
  $('icon-pause').hidden = !s.playing;
  $('play-text').textContent = t(s.playing ? 'play.pause' : 'play.play');
  $('speed').value = String(s.speed);
  if (s.query !== syncedQuery || fresh) {
    syncedQuery = s.query;
    syncControls(s.config);
    updateURL(s);
  }
  const key = JSON.stringify(s.panels) + lang + s.config.scene + s.config.mode;
  if (key !== titlesKey || relabel) {
    titlesKey = key;
    placeTitles(s);
  }
  if (!s.playing) updateURL(s);
}

function placeTitles(s) {
  const box = $('titles');
  box.replaceChildren();
  const { scene, mode } = s.config;
  for (const p of s.panels ?? []) {
    let key = `panel.${p.id}`;
    if (p.id === 'zoom' || p.id === 'output') key += scene === 'pool' ? '.pool' : '.conv';
    const el = document.createElement('span');
    el.className = 'xp-panel-title';
    el.textContent = t(key, { mode: t(`pool.${mode}`) });
    el.style.left = `${p.x + p.w / 2}px`;
    el.style.top = `${p.y}px`;
    box.append(el);
  }
}

// link is the address of what is on screen: the setting, and the step
// when the animation stands still.
function link(s) {
  const q = new URLSearchParams(s.query);
  if (!s.playing && s.step > 0) q.set('step', String(s.step));
  const search = q.toString() ? `?${q}` : '';
  return `${window.location.pathname}${search}`;
}

// updateURL keeps the address bar on link(s). It is called on setting
// changes and while paused only: browsers limit how often history may change.
function updateURL(s) {
  const next = link(s);
  if (next !== `${window.location.pathname}${window.location.search}`) history.replaceState(null, '', next);
}

// ---------- controls ----------

function currentScene() {
  return document.querySelector('#scene [aria-pressed="true"]').dataset.scene;
}

function pressed(group, attr, value) {
  for (const b of $(group).querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset[attr] === value));
}

function syncControls(c) {
  pressed('scene', 'scene', c.scene);
  pressed('mode', 'mode', c.mode);
  $('stage-wrap').dataset.scene = c.scene;
  const input = $('input');
  const option = input.querySelector(`[value="${CSS.escape(c.input)}"]`);
  if (option) option.disabled = false;
  input.value = c.input;
  ensureOption($('res'), String(c.res));
  $('res').value = String(c.res);
  $('kernel').value = c.kernel;
  $('ksize').value = String(c.ksize);
  $('padding').value = c.padding;
  $('pads').hidden = c.padding !== 'explicit';
  ['top', 'bottom', 'left', 'right'].forEach((side, i) => { $(`pad-${side}`).value = String(c.pad[i]); });
  $('padding').querySelector('[value="explicit"]').disabled = c.scene === 'pool';
  $('stride').value = String(c.stride);
  $('dilation').value = String(c.dilation);
  $('size').value = String(c.size);
  for (const el of document.querySelectorAll('.xp-conv-only')) el.hidden = c.scene === 'pool';
  for (const el of document.querySelectorAll('.xp-pool-only')) el.hidden = c.scene !== 'pool';
  buildWeights(c.ksize, c.weights);
  syncSceneTexts();
}

function ensureOption(select, value) {
  if ([...select.options].some((o) => o.value === value)) return;
  select.add(new Option(value, value));
}

function buildWeights(k, weights) {
  const box = $('weights');
  const focused = box.contains(document.activeElement) ? [...box.children].indexOf(document.activeElement) : -1;
  box.style.setProperty('--k', String(k));
  box.className = `xp-weights k${k}`;
  box.replaceChildren(...weights.map((w) => {
    const input = document.createElement('input');
    input.type = 'number';
    input.step = '0.1';
    input.min = '-100';
    input.max = '100';
    input.value = String(Number(w.toPrecision(4)));
    input.addEventListener('change', () => {
      $('kernel').value = 'custom';
      configure();
    });
    return input;
  }));
  if (focused >= 0) box.children[focused]?.focus();
}

// controlsQuery is the setting on the controls, as the program's URL query.
function controlsQuery() {
  const scene = currentScene();
  const q = new URLSearchParams({ scene, input: $('input').value, res: $('res').value });
  if (scene !== 'pool') {
    q.set('ksize', $('ksize').value);
    q.set('kernel', $('kernel').value === 'custom'
      ? [...$('weights').querySelectorAll('input')].map((i) => i.value.trim() || 'empty').join(',')
      : $('kernel').value);
    q.set('dilation', $('dilation').value);
  }
  const padding = $('padding').value;
  q.set('padding', padding === 'explicit'
    ? ['top', 'bottom', 'left', 'right'].map((s) => $(`pad-${s}`).value || '0').join(',')
    : padding);
  if ($('stride').value !== '0') q.set('stride', $('stride').value);
  q.set('mode', document.querySelector('#mode [aria-pressed="true"]').dataset.mode);
  q.set('size', $('size').value);
  q.set('play', state?.playing ? '1' : '0');
  return q.toString();
}

function wireControls() {
  $('scene').addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (!b || !api) return;
    pressed('scene', 'scene', b.dataset.scene);
    if (b.dataset.scene === 'pool' && $('padding').value === 'explicit') $('padding').value = 'same';
    configure();
  });
  $('mode').addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (!b || !api) return;
    pressed('mode', 'mode', b.dataset.mode);
    configure();
  });
  $('ksize').addEventListener('change', () => {
    if ($('kernel').value === 'custom') $('kernel').value = 'identity';
    configure();
  });
  $('kernel').addEventListener('change', () => {
    if ($('kernel').value !== 'custom') configure();
  });
  for (const id of ['input', 'res', 'padding', 'stride', 'dilation', 'size', 'pad-top', 'pad-bottom', 'pad-left', 'pad-right']) {
    $(id).addEventListener('change', () => { if (api) configure(); });
  }
  $('file').addEventListener('change', chooseImage);

  $('play').addEventListener('click', () => (state?.playing ? api?.pause() : api?.play()));
  $('back').addEventListener('click', () => api?.step(-1));
  $('forward').addEventListener('click', () => api?.step(1));
  $('first').addEventListener('click', () => api?.seek(0));
  $('last').addEventListener('click', () => api?.seek((state?.total ?? 1) - 1));
  $('seek').addEventListener('input', () => api?.seek(Number($('seek').value)));
  $('speed').addEventListener('change', () => api?.setSpeed(Number($('speed').value)));

  // Space and the arrows work on the page too, unless a control has the focus.
  document.addEventListener('keydown', (e) => {
    if (!api || e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.('input, select, textarea, button, a, [contenteditable]')) return;
    const actions = {
      ' ': () => (state?.playing ? api.pause() : api.play()),
      ArrowRight: () => api.step(1),
      ArrowLeft: () => api.step(-1),
      Home: () => api.seek(0),
      End: () => api.seek((state?.total ?? 1) - 1),
    };
    if (actions[e.key]) {
      e.preventDefault();
      actions[e.key]();
    }
  });

  for (const b of document.querySelectorAll('.lang-switch button')) b.addEventListener('click', () => setLang(b.dataset.lang));
  // The playground in another tab may switch the language.
  window.addEventListener('storage', (e) => {
    if (e.key === LANG_KEY && (e.newValue === 'en' || e.newValue === 'ru') && e.newValue !== lang) setLang(e.newValue);
  });
  $('share').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(state ? new URL(link(state), window.location.href).href : window.location.href);
      $('share').textContent = t('share.done');
    } catch {
      $('share').textContent = t('share.failed');
    }
    setTimeout(() => { $('share').textContent = t('share'); }, 2500);
  });
}

// chooseImage reads the chosen file here, in the browser: crops the centred
// square and hands the pixels to the program, which averages them down.
async function chooseImage() {
  const file = $('file').files[0];
  if (!file || !api) return;
  try {
    const bitmap = await createImageBitmap(file);
    const side = Math.min(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = UPLOAD_SIDE;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, UPLOAD_SIDE, UPLOAD_SIDE);
    bitmap.close();
    const rgba = ctx.getImageData(0, 0, UPLOAD_SIDE, UPLOAD_SIDE).data;
    // The program copies from a Uint8Array of its own window (js.CopyBytesToGo).
    const pixels = new frame.contentWindow.Uint8Array(rgba);
    const result = api.setImage(pixels, UPLOAD_SIDE, UPLOAD_SIDE);
    if (!result.ok) showError(result.error);
  } catch {
    showError(t('input.unreadable'));
  }
}

wireControls();
applyTexts();
