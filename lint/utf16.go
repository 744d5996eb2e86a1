package lint

import (
	"encoding/binary"
	"unicode/utf16"
)

// IsUTF16 reports a UTF-16 text file: one that starts with a UTF-16 byte
// order mark (what Windows PowerShell 5 writes with > and Out-File), or
// one without (iconv -t UTF-16LE, some editors) whose start is ASCII text
// with a NUL byte beside every character. It is text, but no .env or TOML
// loader reads it, and its NUL bytes make it look binary.
func IsUTF16(src []byte) bool {
	_, _, ok := utf16Layout(src)
	return ok
}

// utf16Sniff is how much of a file without a byte order mark is looked at,
// and utf16MinUnits how many characters it must hold: a binary file rarely
// starts with so many ASCII characters each beside a NUL byte.
const (
	utf16Sniff    = 128
	utf16MinUnits = 4
)

// utf16Layout returns the byte order of a UTF-16 file and the length of its
// byte order mark (2, or 0 without one).
func utf16Layout(src []byte) (order binary.ByteOrder, bom int, ok bool) {
	switch {
	case len(src) >= 2 && src[0] == 0xFF && src[1] == 0xFE:
		return binary.LittleEndian, 2, true
	case len(src) >= 2 && src[0] == 0xFE && src[1] == 0xFF:
		return binary.BigEndian, 2, true
	}
	n := min(len(src), utf16Sniff) &^ 1
	if n < 2*utf16MinUnits {
		return nil, 0, false
	}
	for _, o := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		if asciiUnits(src[:n], o) {
			return o, 0, true
		}
	}
	return nil, 0, false
}

// asciiUnits reports 16-bit units, in byte order o, that are each a
// printable ASCII character, a tab, a CR or an LF.
func asciiUnits(b []byte, o binary.ByteOrder) bool {
	for i := 0; i+1 < len(b); i += 2 {
		u := o.Uint16(b[i:])
		if !(0x20 <= u && u < 0x7F || u == '\t' || u == '\n' || u == '\r') {
			return false
		}
	}
	return true
}

// decodeUTF16 returns the UTF-8 text of a file that IsUTF16 accepts.
func decodeUTF16(src []byte) []byte {
	order, bom, _ := utf16Layout(src)
	units := make([]uint16, (len(src)-bom)/2)
	for i := range units {
		units[i] = order.Uint16(src[bom+2*i:])
	}
	return []byte(string(utf16.Decode(units)))
}
