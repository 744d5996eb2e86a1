package driver

import (
	"fmt"

	"github.com/postmarklint/postmarklint/lint"
)

// SkipReason says why an input was left out on purpose.
type SkipReason int

const (
	TooLarge   SkipReason = iota + 1 // over Options.MaxFileSize
	Binary                           // a NUL byte: not a text file
	NotRegular                       // a FIFO, device, socket or folder that a walk listed
	Vanished                         // deleted between the walk and the read
)

// Skip is an input left out on purpose: Result.Skipped holds one per
// input, so that an editor can say why in its own words (errors.As)
// while the command line prints Error().
type Skip struct {
	Path   string // as displayed
	Reason SkipReason
	Buffer bool   // the input was a Buffer run's buffer (an editor's, standard input)
	Size   int64  // TooLarge: its size (0 for a buffer read up to the limit)
	Limit  int64  // TooLarge: the limit
	Offset int    // Binary: where the first NUL byte is
	Kind   string // NotRegular: "named pipe", "device", ...
}

func (s *Skip) Error() string {
	name := lint.QuotePath(s.Path)
	switch {
	case s.Reason == TooLarge && s.Buffer:
		return fmt.Sprintf("%s: standard input is over the %s limit (--max-file-size), not linted", name, FormatSize(s.Limit))
	case s.Reason == TooLarge:
		return fmt.Sprintf("%s: %s, over the %s limit (--max-file-size), not linted", name, FormatSize(s.Size), FormatSize(s.Limit))
	case s.Reason == Binary && s.Buffer:
		return fmt.Sprintf("%s: binary input (NUL byte), not linted", name)
	case s.Reason == Binary:
		return fmt.Sprintf("%s: binary file (NUL byte at offset %d), not linted", name, s.Offset)
	case s.Reason == NotRegular:
		return fmt.Sprintf("%s: not a regular file (%s), not linted", name, s.Kind)
	case s.Reason == Vanished:
		return fmt.Sprintf("%s: deleted while linting, not linted", name)
	}
	return fmt.Sprintf("%s: not linted", name)
}
