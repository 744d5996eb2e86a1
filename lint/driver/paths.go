package driver

import "strings"

// pathList holds many paths in one block of memory. A walk of a large
// tree keeps the path of every file it read, most of which it keeps for
// nothing else; a string each would be as many objects for the garbage
// collector to trace, and a header each to store.
type pathList struct {
	buf []byte // the paths, each followed by a NUL, which no path holds
	n   int
}

func (l *pathList) add(p string) {
	l.buf = append(append(l.buf, p...), 0)
	l.n++
}

func (l *pathList) addAll(o pathList) {
	l.buf = append(l.buf, o.buf...)
	l.n += o.n
}

// strings returns the paths.
func (l *pathList) strings() []string {
	if l.n == 0 {
		return nil
	}
	return strings.Split(string(l.buf[:len(l.buf)-1]), "\x00")
}
