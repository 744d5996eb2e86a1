package propsfile

import "testing"

func TestDefault(t *testing.T) {
	tests := []struct {
		value, def string
		off        int
		ok         bool
	}{
		{"${POSTMARK_API_TOKEN:" + fakeToken + "}", fakeToken, 21, true},
		{"${A:}", "", 4, true},
		{"${:x}", "x", 3, true},
		{"${A:b:c}", "b:c", 4, true},
		{"${A:your-" + fakeToken + "}", "your-" + fakeToken, 4, true},
		{"${A:${B:x}}", "${B:x}", 4, true},
		{"${A:{x}}", "{x}", 4, true},
		{"${${A}:x}", "x", 7, true},
		{"${A}", "", 0, false},
		{"${A:x} ", "", 0, false},
		{" ${A:x}", "", 0, false},
		{"${A:x}y", "", 0, false},
		{"${A:x}${B:y}", "", 0, false},
		{"${A:x", "", 0, false},
		{"${A:{x}", "", 0, false},
		{"$A:x", "", 0, false},
		{"${", "", 0, false},
		{"", "", 0, false},
		{fakeToken, "", 0, false},
	}
	for _, tt := range tests {
		def, off, ok := Default(tt.value)
		if def != tt.def || off != tt.off || ok != tt.ok {
			t.Errorf("Default(%q) = %q, %d, %v; want %q, %d, %v", tt.value, def, off, ok, tt.def, tt.off, tt.ok)
		}
		if ok && tt.value[off:off+len(def)] != def {
			t.Errorf("Default(%q): offset %d does not point at the default", tt.value, off)
		}
	}
}

func FuzzDefault(f *testing.F) {
	f.Add("${A:b}")
	f.Add("${A:${B:c}}")
	f.Fuzz(func(t *testing.T, v string) {
		def, off, ok := Default(v)
		if ok && (off < 3 || off+len(def) != len(v)-1 || v[off:off+len(def)] != def || v[off-1] != ':') {
			t.Errorf("Default(%q) = %q at %d", v, def, off)
		}
	})
}
