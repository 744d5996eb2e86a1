package lint

import (
	"bytes"
	"cmp"
	"slices"
)

// overlaps reports whether two edits touch the same bytes. Two insertions
// at one offset overlap too: their order would be a guess.
func overlaps(a, b Edit) bool {
	if a.Span.Len() == 0 && b.Span.Len() == 0 {
		return a.Span.Start == b.Span.Start
	}
	return a.Span.Start < b.Span.End && b.Span.Start < a.Span.End
}

// SelectFixes chooses the fixes of one file's findings that can be applied
// together. Fixes are taken in the findings' order (file position, then
// rule); a fix is taken whole or not at all, and one whose edits overlap
// an edit already taken is skipped, unless it is the very same edit (two
// rules fixing one value the same way). It returns the edits to apply,
// sorted, and which findings they fix.
func SelectFixes(findings []Finding) (edits []Edit, fixed []bool) {
	fixed = make([]bool, len(findings))
	for i := range findings {
		fix := findings[i].Fix
		if fix == nil || len(fix.Edits) == 0 {
			continue
		}
		var add []Edit
		ok := true
		for _, e := range fix.Edits {
			if slices.Contains(edits, e) || slices.Contains(add, e) {
				continue
			}
			if slices.ContainsFunc(edits, func(o Edit) bool { return overlaps(o, e) }) ||
				slices.ContainsFunc(add, func(o Edit) bool { return overlaps(o, e) }) {
				ok = false
				break
			}
			add = append(add, e)
		}
		if ok {
			edits = append(edits, add...)
			fixed[i] = true
		}
	}
	slices.SortFunc(edits, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End))
	})
	return edits, fixed
}

// ApplyEdits returns src with sorted, non-overlapping edits applied; every
// byte outside the edits is copied as it is.
func ApplyEdits(src []byte, edits []Edit) []byte {
	var out bytes.Buffer
	out.Grow(len(src))
	at := 0
	for _, e := range edits {
		out.Write(src[at:e.Span.Start])
		out.WriteString(e.New)
		at = e.Span.End
	}
	out.Write(src[at:])
	return out.Bytes()
}

// FixKeepsValues reloads the file with the edits applied, using the
// format's own reader, and reports whether it loads as before except for
// the edited values, which must now be want: the same pairs in the same
// order, no parse error. Rules call it before offering a fix, so that
// a fix can never change another key or break the file.
func FixKeepsValues(f *File, edits []Edit, want string) bool {
	ff, ok := LookupFormat(f.Format)
	if !ok || len(f.ParseErrors) > 0 {
		return false // a file the loader refuses has no values to keep
	}
	before := f.pairs()
	pairs, errs := ff.Read(ApplyEdits(f.Src, edits))
	if len(errs) != len(f.ParseErrors) || len(pairs) != len(before) {
		return false
	}
	for i := range pairs {
		old, now := &before[i], &pairs[i]
		if !slices.Equal(old.Path, now.Path) {
			return false
		}
		edited := slices.ContainsFunc(edits, func(e Edit) bool {
			return e.Span.Start < old.Raw.End && old.Raw.Start < e.Span.End ||
				e.Span.Start == e.Span.End && old.Raw.Start <= e.Span.Start && e.Span.Start <= old.Raw.End
		})
		switch {
		case edited && now.Value != want && !defaultBecomes(defaultOf(f), old.Value, now.Value, want),
			!edited && now.Value != old.Value:
			return false
		}
	}
	return true
}

// defaultBecomes reports whether now is the value old with only the
// default of its placeholder, followed through nested ones, changed to
// want: a fix of ${POSTMARK_API_TOKEN:default} keeps the rest as it is.
func defaultBecomes(defaultOf func(string) (string, int, bool), old, now, want string) bool {
	if defaultOf == nil {
		return false
	}
	oldDef, oldAt := placeholderDefault(defaultOf, old)
	nowDef, nowAt := placeholderDefault(defaultOf, now)
	return nowDef == want && nowAt == oldAt && nowAt > 0 &&
		now[:nowAt] == old[:oldAt] && now[nowAt+len(nowDef):] == old[oldAt+len(oldDef):]
}
