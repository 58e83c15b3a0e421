// Command omsso turns one Okta SSO settings file into OpenMetadata configuration.
package main

import (
	"os"

	"github.com/omsso/omsso/internal/cli"
)

func main() { os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr)) }
