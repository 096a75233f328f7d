package steps

// messages holds every sentence this package produces, per language.
// Arguments are filled in with fmt; numbers are formatted by Number first.
var messages = map[string]map[string]string{
	"en": {
		// Errors.
		"query-long":    "the settings are too long (over %d characters)",
		"query":         "cannot read the settings: %v",
		"param-unknown": "unknown setting %q (known: %s)",
		"scene":         "unknown scene %q (want conv, rgb or pool)",
		"param-range":   "%s must be a whole number from %d to %d, got %v",
		"mode":          "unknown pooling mode %q (want max, min or avg)",
		"padding":       "padding %q must be valid, same, one number or top,bottom,left,right (each 0–%d)",
		"pool-padding":  "pooling takes valid or same padding, not %v",
		"kernel-count":  "a %[2]d × %[2]d kernel needs %[1]d values, got %[3]d",
		"kernel-value":  "kernel value %q must be a number from −%[2]d to %[2]d",
		"kernel":        "unknown kernel %q (presets: %s)",
		"input":         "unknown input %q (samples: %s; or drawing, upload)",
		"drawing-param": "cannot read the drawing in the link: %v",
		"drawing-json":  "cannot read the drawing: %v",
		"drawing-size":  "a drawing must be a square of at most %[2]d × %[2]d grey levels, got %[1]d values",
		"rgba":          "image data does not match its size %d × %d (%d bytes)",
		"shape":         "an input image must be [height, width, 1 or 3], got %v",
		"shape-height":  "output height %s ≤ 0: the window does not fit into the padded input",
		"shape-width":   "output width %s ≤ 0: the window does not fit into the padded input",
		"core":          "%v",
		"no-drawing":    "there is no drawing yet: draw a digit in the playground and open the explainer from there",
		"no-upload":     "no image has been chosen yet",

		// Descriptions.
		"pad-valid":    "Input %[1]d × %[2]d, valid padding: no fake cells. ",
		"pad-some":     "Input %[1]d × %[2]d with %[3]s padding (top %[4]d, bottom %[5]d, left %[6]d, right %[7]d; the fake cells are hatched) becomes %[8]d × %[9]d. ",
		"pad-conv":     "A %[1]d × %[1]d kernel with stride %[2]d and dilation %[3]d gives output size %[4]d × %[5]d.",
		"pad-rgb":      "The colour image is split into its red, green and blue channels. Two filters, each with one %[1]d × %[1]d kernel per channel, stride %[2]d and dilation %[3]d, give two output channels of output size %[4]d × %[5]d.",
		"pad-pool":     "A %[1]d × %[1]d %[2]s pooling window with stride %[3]d gives output size %[4]d × %[5]d; padding cells never count.",
		"window":       "rows %d–%d, columns %d–%d of the padded input",
		"dilated":      " (dilation %[1]d: the kernel taps are %[1]d cells apart)",
		"cell-conv":    "Output cell (%d, %d) = %s: the sum of %d products input × kernel over %s%s.",
		"cell-padded":  " %d of the %d cells are padding (0).",
		"cell-rgb":     "Filter %d, output cell (%d, %d): red channel %s, green %s, blue %s, each with its own %d × %d kernel over %s%s; together %s.",
		"cell-max":     "Output cell (%d, %d) = %s: the largest of the %d real cells in %s.",
		"cell-min":     "Output cell (%d, %d) = %s: the smallest of the %d real cells in %s.",
		"cell-avg":     "Output cell (%d, %d) = %s: the average of the %d real cells in %s.",
		"pool-ignored": " %d padding cells are ignored.",
		"sum":          "Filter %d: the three partial maps are added cell by cell; at cell (%d, %d): %s + %s + %s = %s.",
		"bias":         "Filter %d: the bias %s is added to every cell; at cell (%d, %d): %s + %s = %s.",
		"activation":   "Filter %d: ReLU turns negative values into 0, and output channel %d of %d (%d × %d) is done; at cell (%d, %d): ReLU(%s) = %s.",
		"max":          "max",
		"min":          "min",
		"avg":          "average",
	},
	"ru": {
		"query-long":    "настройки слишком длинные (больше %d символов)",
		"query":         "не удаётся прочитать настройки: %v",
		"param-unknown": "неизвестная настройка %q (известны: %s)",
		"scene":         "неизвестная сцена %q (нужна conv, rgb или pool)",
		"param-range":   "%s должно быть целым числом от %d до %d, а не %v",
		"mode":          "неизвестный вид пулинга %q (нужен max, min или avg)",
		"padding":       "дополнение %q должно быть valid, same, одним числом или верх,низ,лево,право (каждое 0–%d)",
		"pool-padding":  "пулинг принимает дополнение valid или same, а не %v",
		"kernel-count":  "ядру %[2]d × %[2]d нужно %[1]d значений, а получено %[3]d",
		"kernel-value":  "значение ядра %q должно быть числом от −%[2]d до %[2]d",
		"kernel":        "неизвестное ядро %q (готовые: %s)",
		"input":         "неизвестный вход %q (примеры: %s; или drawing, upload)",
		"drawing-param": "не удаётся прочитать рисунок из ссылки: %v",
		"drawing-json":  "не удаётся прочитать рисунок: %v",
		"drawing-size":  "рисунок должен быть квадратом не больше %[2]d × %[2]d оттенков серого, а получено значений: %[1]d",
		"rgba":          "данные изображения не совпадают с его размером %d × %d (%d байт)",
		"shape":         "входное изображение должно быть [высота, ширина, 1 или 3], а не %v",
		"shape-height":  "высота выхода %s ≤ 0: окно не помещается во вход с дополнением",
		"shape-width":   "ширина выхода %s ≤ 0: окно не помещается во вход с дополнением",
		"core":          "%v",
		"no-drawing":    "рисунка пока нет: нарисуйте цифру на главной странице и откройте объяснение оттуда",
		"no-upload":     "изображение ещё не выбрано",

		"pad-valid":    "Вход %[1]d × %[2]d, дополнение valid: фиктивных клеток нет. ",
		"pad-some":     "Вход %[1]d × %[2]d с дополнением %[3]s (сверху %[4]d, снизу %[5]d, слева %[6]d, справа %[7]d; фиктивные клетки заштрихованы) становится %[8]d × %[9]d. ",
		"pad-conv":     "Ядро %[1]d × %[1]d с шагом %[2]d и дилатацией %[3]d даёт размер выхода %[4]d × %[5]d.",
		"pad-rgb":      "Цветное изображение раскладывается на красный, зелёный и синий каналы. Два фильтра, у каждого по ядру %[1]d × %[1]d на канал, с шагом %[2]d и дилатацией %[3]d, дают два выходных канала, размер выхода %[4]d × %[5]d.",
		"pad-pool":     "Окно пулинга (%[2]s) %[1]d × %[1]d с шагом %[3]d даёт размер выхода %[4]d × %[5]d; клетки дополнения никогда не учитываются.",
		"window":       "строки %d–%d, столбцы %d–%d входа с дополнением",
		"dilated":      " (дилатация %[1]d: шаг между отсчётами ядра — %[1]d)",
		"cell-conv":    "Выходная клетка (%d, %d) = %s: сумма %d произведений вход × ядро, %s%s.",
		"cell-padded":  " Клеток дополнения (нулей) среди них: %d из %d.",
		"cell-rgb":     "Фильтр %d, выходная клетка (%d, %d): красный канал %s, зелёный %s, синий %s, у каждого своё ядро %d × %d, %s%s; вместе %s.",
		"cell-max":     "Выходная клетка (%d, %d) = %s: максимум из настоящих клеток (их %d), %s.",
		"cell-min":     "Выходная клетка (%d, %d) = %s: минимум из настоящих клеток (их %d), %s.",
		"cell-avg":     "Выходная клетка (%d, %d) = %s: среднее настоящих клеток (их %d), %s.",
		"pool-ignored": " Клетки дополнения не учитываются (их %d).",
		"sum":          "Фильтр %d: три частичные карты складываются поклеточно; в клетке (%d, %d): %s + %s + %s = %s.",
		"bias":         "Фильтр %d: к каждой клетке прибавляется смещение %s; в клетке (%d, %d): %s + %s = %s.",
		"activation":   "Фильтр %d: ReLU заменяет отрицательные значения нулём, и выходной канал %d из %d (%d × %d) готов; в клетке (%d, %d): ReLU(%s) = %s.",
		"max":          "max",
		"min":          "min",
		"avg":          "среднее",
	},
}

// Languages lists the languages the messages are written in.
var Languages = []string{"en", "ru"}

// text returns the message key in lang, falling back to English.
func text(lang, key string) string {
	if m, ok := messages[lang][key]; ok {
		return m
	}
	return messages["en"][key]
}
