// Interface texts in English and Russian, and number formatting for both.
//
// Static texts live in the HTML with data-i18n (textContent) or
// data-i18n-aria (aria-label) attributes; apply() rewrites them. Dynamic texts
// call t(key, vars), where {name} in a string is replaced by vars.name.
// Plural entries are objects keyed by Intl.PluralRules categories.

const en = {
  'doc.title': 'Svertka — watch a convolutional network read your digit',
  skip: 'Skip to the drawing area',
  'nav.label': 'Sections',
  'nav.network': 'Network',
  'nav.lab': 'Convolution lab',
  'nav.explainer': 'Animated explainer',
  'lang.label': 'Language',
  'bar.label': 'Display settings',
  share: 'Copy link',
  'share.done': 'Link copied',
  'share.manual': 'Copy this link:',
  'error.title': 'The engine could not start.',
  'error.hint': 'Svertka needs a browser with WebAssembly. Reload the page to try again.',
  'error.inference': 'The engine could not read this drawing: {msg}',
  'error.model': 'the model file did not load (HTTP {status})',
  'stopped.title': 'The engine has stopped.',
  'stopped.hint': 'Your drawing is kept: a new engine picks it up.',
  'stopped.restart': 'Start a new engine',
  lede: 'Draw a digit. A small convolutional network reads it right here in your browser, and every number it computes on the way is on this page.',
  'instrument.label': 'Playground',
  'draw.title': 'Draw a digit',
  'draw.aria': 'Drawing area. Draw one digit with the mouse, a finger or a pen.',
  'draw.empty': 'Draw here',
  loading: 'Starting the engine…',
  'draw.hint': 'Mouse, finger or pen. One digit, any size.',
  'draw.undo': 'Undo stroke',
  'draw.clear': 'Clear',
  'draw.example': 'Example',
  'prep.title': 'What the network sees',
  'prep.crop': 'ink box',
  'prep.centred': '28×28, centred',
  'prep.input': '32×32 input',
  'prep.none': 'Nothing drawn yet, so there is no ink box and no answer.',
  'prep.facts': 'Ink box {w}×{h} px at ({x}, {y}), scaled by {scale} to fit 20×20. Its centre of mass moves by ({dx}, {dy}) px to the middle of 28×28, and a 2 px border makes the 32×32 input.',
  'flow.title': 'Inside the network',
  'flow.readout': 'Point at any cell of a map to see which window of the layer before it reads. Click a map to open it.',
  'scale.label': 'Colour scale',
  'scale.map': 'per map',
  'scale.layer': 'per layer',
  'scale.global': 'global',
  'pool.label': 'Pooling',
  'pool.max': 'max',
  'pool.min': 'min',
  'pool.avg': 'avg',
  'pool.fn.max': 'max',
  'pool.fn.min': 'min',
  'pool.fn.avg': 'avg',
  'pool.name.max': 'max pooling',
  'pool.name.min': 'min pooling',
  'pool.name.avg': 'average pooling',
  'pool.note.max': 'The model was trained with max pooling: each 2×2 window passes on its strongest response.',
  'pool.note.min': 'Min pooling keeps the weakest response of each window. A thin stroke rarely fills a whole 2×2 window, so most of the evidence vanishes; the model never learned to work like that, and its answers drift.',
  'pool.note.avg': 'Average pooling blends each window with the background around the stroke, so the peaks get weaker. The model learned on maxima, so it is less sure, but the shapes survive and the answer is often still right.',
  'pool.title': '{layer} · map {i}: {mode}',
  'pool.lede.max': 'Each cell keeps the largest of the {k} values under its window in map {i} of {prev}. The window jumps {s} cells at a time, so the map shrinks {s} times along each side.',
  'pool.lede.min': 'Each cell keeps the smallest of the {k} values under its window in map {i} of {prev}. The window jumps {s} cells at a time, so the map shrinks {s} times along each side.',
  'pool.lede.avg': 'Each cell is the average of the {k} values under its window in map {i} of {prev}. The window jumps {s} cells at a time, so the map shrinks {s} times along each side.',
  'pool.source': '{prev}, map {i} · {shape}',
  'pool.result': '{layer} · {shape}',
  'pool.outAria': '{layer}, map {i}. Arrow keys move between cells.',
  'result.title': 'Answer',
  'result.aria': 'Predicted digit',
  'result.probs': 'Probability of each digit',
  'result.empty': 'Waiting for a digit',
  'result.sure': '{p} sure',
  'result.unsure': 'Unsure: {a} ({pa}) or {b} ({pb})',
  'result.total': '{n} parameters in all',
  'inspector.close': 'Close',
  'stage.input': 'your drawing',
  'stage.noParams': 'no parameters',
  params: { one: '{n} parameter', other: '{n} parameters' },
  'maps.group': '{layer}: {n} feature maps',
  'maps.input': 'Model input, {shape}',
  'maps.one': '{layer}, map {i} of {n}. Open its details.',
  'link.flatten': '{name}: {n} values in one row',
  'link.dropout': '{name}: off while predicting',
  'legend.activations': 'activations',
  'legend.signed': 'signed values',
  'legend.mapMax': 'max of each map',
  'legend.layerMax': 'max of each layer',
  'legend.inputs': '{prev} maps',
  'legend.weights': 'kernel weights',
  'legend.values': 'partial maps, sum, result',
  'legend.map': 'this map',
  'legend.kernel': 'kernel',
  'legend.output': 'output',
  'read.inputMap': 'The model input: your drawing after preprocessing, values from 0 to 1.',
  'read.convMap': '{layer}, map {i} of {n}. Press Enter to see how it is computed.',
  'read.poolMap': '{layer}, map {i} of {n}. Press Enter to see the pooling.',
  'read.pixel': 'Input pixel ({y}, {x}) = {v}.',
  'read.conv1': '{layer} · map {i} · cell ({y}, {x}) = {v}: Σ({k} window × kernel) = {sum}, bias {bias} → {z}, {act} → {v}.',
  'read.convN': '{layer} · map {i} · cell ({y}, {x}) = {v}: Σ over {c} maps of ({k} window × kernel) = {sum}, bias {bias} → {z}, {act} → {v}.',
  'read.pool': '{layer} · map {i} · cell ({y}, {x}) = {mode}({vals}) = {v}.',
  'read.window': 'Window: rows {rows}, columns {cols} of {prev}.',
  'read.allPadding': 'The window lies entirely in the padding.',
  'steps.title': '{layer} · filter {i}: five steps',
  'steps.lede1': 'Filter {i} of {layer} reads a single channel, so it has a single {k} kernel. ① The kernel slides over {prev}, ② giving a map of weighted sums; ③ with one channel there is nothing else to add, ④ the bias is added and ⑤ the activation ({act}) gives the feature map. Point at any cell of the result.',
  'steps.ledeN': 'Filter {i} of {layer} owns {c} kernels of {k}, one for each map of {prev}. ① Each map is convolved with its own kernel, ② giving {c} partial maps; ③ they are added up cell by cell, ④ the bias is added and ⑤ the activation ({act}) gives the feature map. Point at or tap any cell.',
  'steps.inputs': '{prev}',
  'steps.kernels': 'kernels',
  'steps.partials': 'partial maps',
  'steps.sum': 'sum',
  'steps.plusBias': '+ bias',
  'steps.activated': 'activation',
  'steps.rowAria': 'Map {c} of {prev}: show its window and kernel values',
  'steps.empty': 'Draw a digit to see these steps on your own drawing.',
  'arith.cell': '{layer} · map {i} · cell ({y}, {x}) = {v}',
  'arith.where': 'window in map {c} of {prev}: rows {rows}, columns {cols}',
  'arith.wherePool': 'window in map {i} of {prev}: rows {rows}, columns {cols}',
  'arith.kernel': 'kernel for map {c}',
  'arith.partial': 'Σ(window × kernel) = {v}, the share of map {c}',
  'arith.sum': 'Sum of the shares',
  'arith.match': 'The engine computed {v} for this cell; the arithmetic above agrees.',
  'arith.mismatch': 'The engine computed {v} for this cell, which differs from the arithmetic above.',
  'kernel.identity': 'identity',
  'kernel.box': 'box blur',
  'kernel.gaussian': 'Gaussian blur',
  'kernel.sharpen': 'sharpen',
  'kernel.sobelx': 'Sobel x (vertical edges)',
  'kernel.sobely': 'Sobel y (horizontal edges)',
  'kernel.laplacian': 'Laplacian (outlines)',
  'kernel.emboss': 'emboss',
  'kernel.custom': 'custom',
  'lab.title': 'Convolution lab',
  'lab.lede': 'Convolve your drawing with a kernel of your own. Change the padding, stride and dilation, and watch the output size follow the formula.',
  'lab.kernel': 'Kernel',
  'lab.preset': 'Preset',
  'lab.kh': 'Height',
  'lab.kw': 'Width',
  'lab.values': 'Kernel values',
  'lab.geometry': 'Geometry',
  'lab.input': 'Input',
  'lab.input32': 'model input, 32×32',
  'lab.input28': 'centred digit, 28×28',
  'lab.padding': 'Padding',
  'lab.explicit': 'explicit',
  'lab.top': 'top',
  'lab.bottom': 'bottom',
  'lab.left': 'left',
  'lab.right': 'right',
  'lab.sh': 'Stride ↕',
  'lab.sw': 'Stride ↔',
  'lab.dh': 'Dilation ↕',
  'lab.dw': 'Dilation ↔',
  'lab.reset': 'Reset',
  'lab.inputCap': 'padded input',
  'lab.kernelCap': 'kernel',
  'lab.outputCap': 'output',
  'lab.outAria': 'Convolution output. Arrow keys move between cells.',
  'lab.animate': 'Animate this convolution step by step →',
  'lab.animateLimit': 'The animation shows square kernels up to 7×7, with the same stride and dilation (up to 4) in both directions and padding up to 4; these settings are outside that.',
  'lab.cellHint': 'Point at an output cell to see the window it reads.',
  'lab.cell': 'Output ({y}, {x}) = {v}: the kernel covers rows {rows} and columns {cols} of the padded input.',
  'lab.cellAria': 'Kernel value, row {y}, column {x}',
  'lab.kh.name': 'kernel height',
  'lab.kw.name': 'kernel width',
  'lab.sh.name': 'vertical stride',
  'lab.sw.name': 'horizontal stride',
  'lab.dh.name': 'vertical dilation',
  'lab.dw.name': 'horizontal dilation',
  'lab.pt.name': 'top padding',
  'lab.pb.name': 'bottom padding',
  'lab.pl.name': 'left padding',
  'lab.pr.name': 'right padding',
  'lab.err.whole': 'The {what} must be a whole number, and “{v}” is not.',
  'lab.err.min.k': 'The {what} is {v}: a kernel needs at least one row and one column.',
  'lab.err.min.s': 'The {what} is {v}: with a stride below 1 the kernel would never move on. Use 1 or more.',
  'lab.err.min.d': 'The {what} is {v}: dilation 1 already means neighbouring pixels; it cannot be smaller.',
  'lab.err.min.p': 'The {what} is {v}: padding adds rows or columns, so it cannot be negative.',
  'lab.err.max': 'The {what} is {v}; the lab stops at {hi} so that every cell stays visible.',
  'lab.err.value': 'Every kernel value must be a number.',
  'lab.err.engine': 'These settings cannot produce an output.',
  'lab.err.says': 'The engine says:',
  'lab.axis.height': 'Height',
  'lab.axis.width': 'Width',
  'lab.same': '“same” pads just enough for ⌈input / stride⌉ outputs ({oh}×{ow}): {th} vertically (top {t}, bottom {b}) and {tw} horizontally (left {l}, right {r}). An odd one goes to the bottom or right, as in TensorFlow.',
  'lab.floor': '{numer} / {s} leaves a remainder of {rem}. The floor drops it, so the kernel never covers the last {unit} of the padded input.',
  'lab.rows': { one: '{n} row', other: '{n} rows' },
  'lab.cols': { one: '{n} column', other: '{n} columns' },
  'lab.impossible': '{axis}: the dilated kernel spans {span} px, but the padded input is only {padded} px, so there is no place to put it. Shrink the kernel or the dilation, or add padding.',
  'notes.title': 'How to read the page',
  'notes.conv.t': 'Convolution',
  'notes.conv.p': 'A convolution layer is a set of filters. Each filter slides a small kernel over its input and writes one feature map, bright where the pattern it looks for is present. A filter of the second layer owns one kernel for every map of the first: it convolves each map with its own kernel, adds the results up, adds a bias and applies the activation.',
  'notes.pad.t': 'Padding and stride',
  'notes.pad.p': 'Padding surrounds the input with zeros so the kernel can also sit on the border; “same” adds just enough to keep the size. The stride is how far the kernel jumps between positions, and dilation spreads its taps apart. Together they decide the output size: ⌊(W + P − D·(K − 1) − 1) / S⌋ + 1.',
  'notes.pool.t': 'Pooling',
  'notes.pool.p': 'Pooling shrinks every map by summarising small windows: the largest value, the smallest or the average. It makes the network care less about exactly where a stroke sits, and it cuts the work for the next layer.',
  'notes.soft.t': 'Dense and softmax',
  'notes.soft.p': 'The last maps are flattened into one long row of numbers. The dense layer weighs all of them to give one score per digit, and softmax turns the ten scores into probabilities that add up to one.',
  'footer.about': 'Svertka is a convolutional network engine written in Go and compiled to WebAssembly. Everything runs on your device; nothing you draw leaves the browser.',
  'footer.api': 'JavaScript API reference',
  'footer.label': 'More',
};

const ru = {
  'doc.title': 'Svertka — как свёрточная сеть читает вашу цифру',
  skip: 'К области рисования',
  'nav.label': 'Разделы',
  'nav.network': 'Сеть',
  'nav.lab': 'Лаборатория свёртки',
  'nav.explainer': 'Анимация свёртки',
  'lang.label': 'Язык',
  'bar.label': 'Настройки отображения',
  share: 'Скопировать ссылку',
  'share.done': 'Ссылка скопирована',
  'share.manual': 'Скопируйте ссылку:',
  'error.title': 'Не удалось запустить движок.',
  'error.hint': 'Svertka работает в браузерах с поддержкой WebAssembly. Обновите страницу, чтобы попробовать ещё раз.',
  'error.inference': 'Движок не смог обработать рисунок: {msg}',
  'error.model': 'не загрузился файл модели (HTTP {status})',
  'stopped.title': 'Движок остановился.',
  'stopped.hint': 'Рисунок сохранён: новый движок продолжит с ним.',
  'stopped.restart': 'Запустить движок заново',
  lede: 'Нарисуйте цифру. Небольшая свёрточная сеть распознаёт её прямо в браузере, и каждое число, которое она при этом вычисляет, есть на этой странице.',
  'instrument.label': 'Песочница',
  'draw.title': 'Нарисуйте цифру',
  'draw.aria': 'Область рисования. Нарисуйте одну цифру мышью, пальцем или пером.',
  'draw.empty': 'Рисуйте здесь',
  loading: 'Запускаем движок…',
  'draw.hint': 'Мышь, палец или перо. Одна цифра любого размера.',
  'draw.undo': 'Отменить',
  'draw.clear': 'Очистить',
  'draw.example': 'Пример',
  'prep.title': 'Что видит сеть',
  'prep.crop': 'рамка штрихов',
  'prep.centred': '28×28, по центру',
  'prep.input': 'вход 32×32',
  'prep.none': 'Пока ничего не нарисовано: нет рамки — нет и ответа.',
  'prep.facts': 'Рамка штрихов {w}×{h} пикс. от точки ({x}, {y}) сжата с коэффициентом {scale}, чтобы уместиться в 20×20. Центр масс сдвинут на ({dx}, {dy}) пикс. в середину поля 28×28, а рамка в 2 пикселя даёт вход 32×32.',
  'flow.title': 'Внутри сети',
  'flow.readout': 'Наведите указатель на любую клетку карты, и станет видно, какое окно предыдущего слоя она читает. Нажмите на карту, чтобы раскрыть её.',
  'scale.label': 'Шкала цвета',
  'scale.map': 'своя у карты',
  'scale.layer': 'по слою',
  'scale.global': 'общая',
  'pool.label': 'Пулинг',
  'pool.max': 'макс',
  'pool.min': 'мин',
  'pool.avg': 'сред',
  'pool.fn.max': 'max',
  'pool.fn.min': 'min',
  'pool.fn.avg': 'avg',
  'pool.name.max': 'max-пулинг',
  'pool.name.min': 'min-пулинг',
  'pool.name.avg': 'усредняющий пулинг',
  'pool.note.max': 'Модель обучалась с max-пулингом: из каждого окна 2×2 дальше проходит самый сильный отклик.',
  'pool.note.min': 'Min-пулинг оставляет самый слабый отклик окна. Тонкий штрих редко заполняет окно 2×2 целиком, поэтому почти все следы цифры пропадают; так модель работать не училась, и её ответы уплывают.',
  'pool.note.avg': 'Усреднение смешивает окно с фоном вокруг штриха, и пики слабеют. Модель училась на максимумах, поэтому уверенности меньше, но форма сохраняется, и ответ часто остаётся верным.',
  'pool.title': '{layer} · карта {i}: {mode}',
  'pool.lede.max': 'Каждая клетка берёт наибольшее из значений окна {k} на карте {i} слоя {prev}. Окно прыгает на {s} клетки, поэтому каждая сторона карты уменьшается в {s} раза.',
  'pool.lede.min': 'Каждая клетка берёт наименьшее из значений окна {k} на карте {i} слоя {prev}. Окно прыгает на {s} клетки, поэтому каждая сторона карты уменьшается в {s} раза.',
  'pool.lede.avg': 'Каждая клетка — среднее значений окна {k} на карте {i} слоя {prev}. Окно прыгает на {s} клетки, поэтому каждая сторона карты уменьшается в {s} раза.',
  'pool.source': '{prev}, карта {i} · {shape}',
  'pool.result': '{layer} · {shape}',
  'pool.outAria': '{layer}, карта {i}. Стрелки перемещают по клеткам.',
  'result.title': 'Ответ',
  'result.aria': 'Распознанная цифра',
  'result.probs': 'Вероятность каждой цифры',
  'result.empty': 'Ждём цифру',
  'result.sure': 'уверенность {p}',
  'result.unsure': 'Сомневается: {a} ({pa}) или {b} ({pb})',
  'result.total': 'Всего параметров: {n}',
  'inspector.close': 'Закрыть',
  'stage.input': 'ваш рисунок',
  'stage.noParams': 'без параметров',
  params: { one: '{n} параметр', few: '{n} параметра', many: '{n} параметров', other: '{n} параметра' },
  'maps.group': '{layer}: карты признаков ({n})',
  'maps.input': 'Вход модели, {shape}',
  'maps.one': '{layer}, карта {i} из {n}. Открыть подробности.',
  'link.flatten': '{name}: {n} чисел в один ряд',
  'link.dropout': '{name}: при распознавании выключен',
  'legend.activations': 'активации',
  'legend.signed': 'значения со знаком',
  'legend.mapMax': 'максимум карты',
  'legend.layerMax': 'максимум слоя',
  'legend.inputs': 'карты {prev}',
  'legend.weights': 'веса ядер',
  'legend.values': 'частичные карты, сумма, результат',
  'legend.map': 'эта карта',
  'legend.kernel': 'ядро',
  'legend.output': 'выход',
  'read.inputMap': 'Вход модели: ваш рисунок после подготовки, значения от 0 до 1.',
  'read.convMap': '{layer}, карта {i} из {n}. Нажмите Enter, чтобы увидеть, как она вычисляется.',
  'read.poolMap': '{layer}, карта {i} из {n}. Нажмите Enter, чтобы увидеть пулинг.',
  'read.pixel': 'Пиксель входа ({y}, {x}) = {v}.',
  'read.conv1': '{layer} · карта {i} · клетка ({y}, {x}) = {v}: Σ(окно {k} × ядро) = {sum}, смещение {bias} → {z}, {act} → {v}.',
  'read.convN': '{layer} · карта {i} · клетка ({y}, {x}) = {v}: Σ по {c} картам (окно {k} × ядро) = {sum}, смещение {bias} → {z}, {act} → {v}.',
  'read.pool': '{layer} · карта {i} · клетка ({y}, {x}) = {mode}({vals}) = {v}.',
  'read.window': 'Окно: строки {rows}, столбцы {cols} слоя {prev}.',
  'read.allPadding': 'Окно целиком лежит в дополнении.',
  'steps.title': '{layer} · фильтр {i}: пять шагов',
  'steps.lede1': 'Фильтр {i} слоя {layer} читает один канал, поэтому у него одно ядро {k}. ① Ядро скользит по слою {prev}, ② получается карта взвешенных сумм; ③ складывать больше нечего, ④ прибавляется смещение, ⑤ активация ({act}) даёт карту признаков. Наведите указатель на любую клетку результата.',
  'steps.ledeN': 'У фильтра {i} слоя {layer} есть {c} ядер {k} — по одному на каждую карту {prev}. ① Каждая карта сворачивается со своим ядром, ② получается {c} частичных карт; ③ они складываются поклеточно, ④ прибавляется смещение, ⑤ активация ({act}) даёт карту признаков. Наведите указатель на любую клетку или коснитесь её.',
  'steps.inputs': '{prev}',
  'steps.kernels': 'ядра',
  'steps.partials': 'частичные карты',
  'steps.sum': 'сумма',
  'steps.plusBias': '+ смещение',
  'steps.activated': 'активация',
  'steps.rowAria': 'Карта {c} слоя {prev}: показать её окно и значения ядра',
  'steps.empty': 'Нарисуйте цифру, чтобы увидеть эти шаги на своём рисунке.',
  'arith.cell': '{layer} · карта {i} · клетка ({y}, {x}) = {v}',
  'arith.where': 'окно на карте {c} слоя {prev}: строки {rows}, столбцы {cols}',
  'arith.wherePool': 'окно на карте {i} слоя {prev}: строки {rows}, столбцы {cols}',
  'arith.kernel': 'ядро для карты {c}',
  'arith.partial': 'Σ(окно × ядро) = {v} — вклад карты {c}',
  'arith.sum': 'Сумма вкладов',
  'arith.match': 'Движок получил для этой клетки {v}; арифметика выше с ним сходится.',
  'arith.mismatch': 'Движок получил для этой клетки {v}, и это расходится с арифметикой выше.',
  'kernel.identity': 'тождественное',
  'kernel.box': 'размытие (среднее)',
  'kernel.gaussian': 'размытие по Гауссу',
  'kernel.sharpen': 'резкость',
  'kernel.sobelx': 'Собель x (вертикальные края)',
  'kernel.sobely': 'Собель y (горизонтальные края)',
  'kernel.laplacian': 'Лаплас (контуры)',
  'kernel.emboss': 'тиснение',
  'kernel.custom': 'своё',
  'lab.title': 'Лаборатория свёртки',
  'lab.lede': 'Сверните свой рисунок с собственным ядром. Меняйте дополнение, шаг и разрежение и смотрите, как размер выхода следует формуле.',
  'lab.kernel': 'Ядро',
  'lab.preset': 'Готовое ядро',
  'lab.kh': 'Высота',
  'lab.kw': 'Ширина',
  'lab.values': 'Значения ядра',
  'lab.geometry': 'Геометрия',
  'lab.input': 'Вход',
  'lab.input32': 'вход модели, 32×32',
  'lab.input28': 'цифра по центру, 28×28',
  'lab.padding': 'Дополнение (padding)',
  'lab.explicit': 'явное',
  'lab.top': 'сверху',
  'lab.bottom': 'снизу',
  'lab.left': 'слева',
  'lab.right': 'справа',
  'lab.sh': 'Шаг ↕',
  'lab.sw': 'Шаг ↔',
  'lab.dh': 'Разрежение ↕',
  'lab.dw': 'Разрежение ↔',
  'lab.reset': 'Сбросить',
  'lab.inputCap': 'вход с дополнением',
  'lab.kernelCap': 'ядро',
  'lab.outputCap': 'выход',
  'lab.outAria': 'Результат свёртки. Стрелки перемещают по клеткам.',
  'lab.animate': 'Показать эту свёртку по шагам →',
  'lab.animateLimit': 'Анимация показывает квадратные ядра до 7×7 с одинаковыми шагом и разрежением (до 4) по обеим осям и дополнением до 4; эти настройки в неё не укладываются.',
  'lab.cellHint': 'Наведите указатель на клетку выхода, и станет видно окно, которое она читает.',
  'lab.cell': 'Выход ({y}, {x}) = {v}: ядро накрывает строки {rows} и столбцы {cols} дополненного входа.',
  'lab.cellAria': 'Значение ядра, строка {y}, столбец {x}',
  'lab.kh.name': 'высота ядра',
  'lab.kw.name': 'ширина ядра',
  'lab.sh.name': 'шаг по вертикали',
  'lab.sw.name': 'шаг по горизонтали',
  'lab.dh.name': 'разрежение по вертикали',
  'lab.dw.name': 'разрежение по горизонтали',
  'lab.pt.name': 'дополнение сверху',
  'lab.pb.name': 'дополнение снизу',
  'lab.pl.name': 'дополнение слева',
  'lab.pr.name': 'дополнение справа',
  'lab.err.whole': 'Параметр «{what}» должен быть целым числом, а «{v}» — не целое.',
  'lab.err.min.k': 'Параметр «{what}» равен {v}: у ядра должна быть хотя бы одна строка и один столбец.',
  'lab.err.min.s': 'Параметр «{what}» равен {v}: с шагом меньше 1 ядро никуда бы не сдвигалось. Нужно 1 или больше.',
  'lab.err.min.d': 'Параметр «{what}» равен {v}: разрежение 1 — это уже соседние пиксели, меньше не бывает.',
  'lab.err.min.p': 'Параметр «{what}» равен {v}: дополнение добавляет строки и столбцы, отрицательным оно быть не может.',
  'lab.err.max': 'Параметр «{what}» равен {v}; в лаборатории можно не больше {hi}, чтобы каждая клетка оставалась видна.',
  'lab.err.value': 'Каждое значение ядра должно быть числом.',
  'lab.err.engine': 'С такими настройками выхода не получится.',
  'lab.err.says': 'Ответ движка:',
  'lab.axis.height': 'Высота',
  'lab.axis.width': 'Ширина',
  'lab.same': '«same» добавляет ровно столько, чтобы выходов было ⌈вход / шаг⌉ ({oh}×{ow}): по вертикали {th} (сверху {t}, снизу {b}), по горизонтали {tw} (слева {l}, справа {r}). Нечётный лишний пиксель уходит вниз или вправо, как в TensorFlow.',
  'lab.floor': '{numer} / {s} даёт остаток {rem}. Округление вниз его отбрасывает, поэтому ядро не накрывает {unit} в конце дополненного входа.',
  'lab.rows': { one: 'последнюю {n} строку', few: 'последние {n} строки', many: 'последние {n} строк', other: 'последние {n} строки' },
  'lab.cols': { one: 'последний {n} столбец', few: 'последние {n} столбца', many: 'последние {n} столбцов', other: 'последние {n} столбца' },
  'lab.impossible': '{axis}: ядро с разрежением занимает {span} пикс., а дополненный вход — только {padded}, так что ядру негде поместиться. Уменьшите ядро или разрежение либо добавьте дополнение.',
  'notes.title': 'Как читать эту страницу',
  'notes.conv.t': 'Свёртка',
  'notes.conv.p': 'Свёрточный слой — это набор фильтров. Каждый фильтр проводит небольшое ядро по входу и записывает одну карту признаков: она светлее там, где есть искомый узор. У фильтра второго слоя по ядру на каждую карту первого: он сворачивает каждую карту со своим ядром, складывает результаты, прибавляет смещение и применяет активацию.',
  'notes.pad.t': 'Дополнение и шаг',
  'notes.pad.p': 'Дополнение обкладывает вход нулями, чтобы ядро могло встать и на край; «same» добавляет ровно столько, чтобы размер не изменился. Шаг — на сколько ядро прыгает между положениями, а разрежение раздвигает его отсчёты. Вместе они задают размер выхода: ⌊(W + P − D·(K − 1) − 1) / S⌋ + 1.',
  'notes.pool.t': 'Пулинг',
  'notes.pool.p': 'Пулинг уменьшает каждую карту, заменяя небольшие окна одним числом: наибольшим, наименьшим или средним. Так сеть меньше зависит от того, где именно прошёл штрих, а следующему слою достаётся меньше работы.',
  'notes.soft.t': 'Полносвязный слой и softmax',
  'notes.soft.p': 'Последние карты вытягиваются в один длинный ряд чисел. Полносвязный слой взвешивает их все и выдаёт по одной оценке на цифру, а softmax превращает десять оценок в вероятности, которые в сумме дают единицу.',
  'footer.about': 'Svertka — движок свёрточных сетей на Go, скомпилированный в WebAssembly. Всё считается на вашем устройстве; рисунок не покидает браузер.',
  'footer.api': 'Справочник JavaScript API',
  'footer.label': 'Ещё',
};

export const dictionaries = { en, ru };
export const LANGS = Object.keys(dictionaries);
const STORAGE_KEY = 'svertka.lang';

let current = 'en';
const listeners = [];

export function lang() {
  return current;
}

function lookup(key) {
  const s = dictionaries[current][key] ?? en[key];
  if (s === undefined) {
    // Show the key rather than break the page; the e2e suite fails on this.
    console.error(`i18n: no text for "${key}"`);
    return key;
  }
  return s;
}

function fill(s, vars) {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k]))) : s;
}

export function t(key, vars) {
  const s = lookup(key);
  if (typeof s === 'object') {
    const form = new Intl.PluralRules(current).select(Number(vars?.count ?? vars?.n ?? 0));
    return fill(s[form] ?? s.other, vars);
  }
  return fill(s, vars);
}

const MINUS = '\u2212';

// num formats a value for reading: locale decimal mark, a real minus sign;
// signed adds "+" to positives; op writes it as an operation ("+ 0.25", "− 0.25").
export function num(x, digits = 2, signed = false, op = false) {
  if (!Number.isFinite(x)) return String(x);
  const f = new Intl.NumberFormat(current, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
  let s = f.format(Math.abs(x));
  if (/^0[.,]?0*$/.test(s)) x = 0; // no "−0.00"
  if (op) return `${x < 0 ? MINUS : '+'} ${s}`;
  if (x < 0) s = MINUS + s;
  else if (signed) s = `+${s}`;
  return s;
}

export function int(n) {
  return new Intl.NumberFormat(current).format(n);
}

export function pct(p) {
  return new Intl.NumberFormat(current, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p);
}

export function params(n) {
  return t('params', { n: int(n), count: n });
}

export function shapeText(shape) {
  return shape.join('×');
}

// apply rewrites every data-i18n / data-i18n-aria element under root.
export function apply(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
}

export function onLang(fn) {
  listeners.push(fn);
}

export function setLang(next, remember = true) {
  if (!LANGS.includes(next)) return;
  current = next;
  document.documentElement.lang = next;
  document.title = t('doc.title');
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private modes may refuse storage; the URL still carries the language.
    }
  }
  apply();
  for (const fn of listeners) fn(next);
}

// initLang picks the language: the URL first, then the remembered choice,
// then the browser's preference.
export function initLang(fromURL) {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  const browser = (navigator.language || 'en').toLowerCase().startsWith('ru') ? 'ru' : 'en';
  const pick = [fromURL, stored, browser].find((l) => LANGS.includes(l));
  setLang(pick, LANGS.includes(fromURL));
}
