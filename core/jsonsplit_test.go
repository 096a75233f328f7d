package core

import (
	"encoding/json"
	"reflect"
	"testing"
)

// splitCases are JSON texts, valid and not, that the splits must read as
// json.Unmarshal does or leave to it.
var splitCases = []string{
	`{}`, `[]`, ` { } `, "\t[\n]\r\n",
	`{"a":1,"b":"x"}`,
	`{ "a" : [1, 2, {"c": null}] , "b" : {"d": "e"} }`,
	`{"a":1,"a":2}`,
	`{"a\"b":1,"\u00e9":2,"\ud83d\ude00":3}`,
	"{\"\xff\":1}",
	`{"data":"AAAA/+==","shape":[1,2]}`,
	`[1, "two", [3], {"four": 4}, null, true, false, -5.5e3]`,
	` [ "a" ,"b",  "c" ] `,
	`{"a":1,}`, `{"a":1`, `{"a" 1}`, `{"a":1}x`, `{"a":1} {}`, `[1,]`, `[1 2]`, `[1`,
	`{1:2}`, `null`, `"str"`, `12`, ``, `   `, `{"a":tru}`, `{"a":"\x01"}`,
	"{\"a\":\"\xff\xfe\"}",
}

func TestSplitObjectReadsAsUnmarshal(t *testing.T) {
	for _, text := range splitCases {
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal([]byte(text), &want)
		got, ok := splitObject([]byte(text))
		if !ok {
			continue // left to json.Unmarshal
		}
		if wantErr != nil || want == nil {
			t.Errorf("splitObject(%q) = %v; json.Unmarshal refuses it (%v)", text, got, wantErr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("splitObject(%q) = %q, json.Unmarshal reads %q", text, got, want)
		}
	}
	// The usual documents take the fast way.
	for _, text := range []string{`{}`, `{"a":1,"b":"x"}`, `{ "a" : [1, 2, {"c": null}] , "b" : {"d": "e"} }`} {
		if _, ok := splitObject([]byte(text)); !ok {
			t.Errorf("splitObject(%q) gave up", text)
		}
	}
}

func TestSplitArrayReadsAsUnmarshal(t *testing.T) {
	for _, text := range splitCases {
		var want []json.RawMessage
		wantErr := json.Unmarshal([]byte(text), &want)
		got, ok := splitArray([]byte(text))
		if !ok {
			continue
		}
		if wantErr != nil || want == nil {
			t.Errorf("splitArray(%q) = %v; json.Unmarshal refuses it (%v)", text, got, wantErr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("splitArray(%q) = %q, json.Unmarshal reads %q", text, got, want)
		}
	}
	for _, text := range []string{`[]`, `[1, "two", [3], {"four": 4}, null, true, false, -5.5e3]`, ` [ "a" ,"b",  "c" ] `} {
		if _, ok := splitArray([]byte(text)); !ok {
			t.Errorf("splitArray(%q) gave up", text)
		}
	}
}

func TestSimpleStringReadsAsUnmarshal(t *testing.T) {
	// Valid JSON values only, as simpleString is given.
	for _, text := range []string{`""`, `"abc"`, `"AAAA/+=="`, `"a\"b"`, `"\u00e9"`, `"é"`, "\"\xff\"", `12`, `null`, `["a"]`, `{"a":"b"}`} {
		var want string
		wantErr := json.Unmarshal([]byte(text), &want)
		got, ok := simpleString([]byte(text))
		if !ok {
			continue
		}
		if wantErr != nil || got != want {
			t.Errorf("simpleString(%q) = %q; json.Unmarshal reads %q (%v)", text, got, want, wantErr)
		}
	}
	if s, ok := simpleString([]byte(`"AAAA/+=="`)); !ok || s != "AAAA/+==" {
		t.Errorf(`simpleString("AAAA/+==") = %q, %v`, s, ok)
	}
}

// FuzzSplit checks the splits against json.Unmarshal on any text.
func FuzzSplit(f *testing.F) {
	for _, text := range splitCases {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var obj map[string]json.RawMessage
		objErr := json.Unmarshal([]byte(text), &obj)
		if got, ok := splitObject([]byte(text)); ok && (objErr != nil || !reflect.DeepEqual(got, obj)) {
			t.Fatalf("splitObject(%q) = %q; json.Unmarshal: %q, %v", text, got, obj, objErr)
		}
		var arr []json.RawMessage
		arrErr := json.Unmarshal([]byte(text), &arr)
		if got, ok := splitArray([]byte(text)); ok && (arrErr != nil || !reflect.DeepEqual(got, arr)) {
			t.Fatalf("splitArray(%q) = %q; json.Unmarshal: %q, %v", text, got, arr, arrErr)
		}
		if json.Valid([]byte(text)) {
			var s string
			sErr := json.Unmarshal([]byte(text), &s)
			if got, ok := simpleString([]byte(text)); ok && (sErr != nil || got != s) {
				t.Fatalf("simpleString(%q) = %q; json.Unmarshal: %q, %v", text, got, s, sErr)
			}
		}
	})
}
