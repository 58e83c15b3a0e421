// Command omsso turns one Okta SSO settings file into OpenMetadata configuration.
package main

import (
	"os"

	"github.com/sirupsen/logrus"

	"github.com/omsso/omsso/internal/cli"
)

func main() {
	// compose-go logs notices (e.g. an obsolete `version:` key in the user's compose file)
	// through logrus; omsso reports what matters itself.
	logrus.SetLevel(logrus.ErrorLevel)
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
