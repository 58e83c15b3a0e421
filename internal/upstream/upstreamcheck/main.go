// Command upstreamcheck checks a folder of upstream OpenMetadata artifacts against the sha256
// sums pinned in internal/upstream/upstream.sha256: make upstream runs it on what it
// downloaded before moving it into the cache.
//
//	go run ./internal/upstream/upstreamcheck DIR
package main

import (
	"fmt"
	"os"

	"github.com/omsso/omsso/internal/upstream"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: upstreamcheck DIR")
		os.Exit(2)
	}
	sums, err := upstream.Sums()
	if err != nil {
		fmt.Fprintln(os.Stderr, "upstreamcheck:", err)
		os.Exit(1)
	}
	if err := upstream.Check(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "upstreamcheck: %s does not hold the pinned upstream artifacts:\n%v\n", os.Args[1], err)
		os.Exit(1)
	}
	fmt.Printf("upstreamcheck: %d files in %s match their pinned sha256\n", len(sums), os.Args[1])
}
