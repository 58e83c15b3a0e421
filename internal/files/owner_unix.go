//go:build unix

package files

import (
	"os"
	"syscall"
)

// owner returns the uid and gid of a file, to keep them on a replaced file.
func owner(fi os.FileInfo) (uid, gid int, ok bool) {
	if fi == nil {
		return 0, 0, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}
