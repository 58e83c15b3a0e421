package files

import (
	"os"
	"strconv"
	"strings"
)

// umask reads the process umask without changing it (Linux exposes it in /proc), so new files
// honour it as os.WriteFile's would. Elsewhere it assumes the common 022.
func umask() os.FileMode {
	data, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "Umask:"); ok {
				if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
					return os.FileMode(m)
				}
			}
		}
	}
	return 0o022
}
