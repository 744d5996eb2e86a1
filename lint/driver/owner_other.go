//go:build !unix

package driver

import "os"

func owner(os.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }

func links(os.FileInfo) int { return 1 }

func inode(os.FileInfo) uint64 { return 0 }
