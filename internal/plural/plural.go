// Package plural writes counts the way people read them: "1 change", "2 changes", "0 keys".
package plural

import "fmt"

// Of is n followed by one (when n is 1) or many: Of(1, "key", "keys") is "1 key".
func Of(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
