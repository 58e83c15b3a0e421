package templates

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/omsso/omsso/internal/quote"
)

// expr is an HCL expression composed by omsso from addresses and fixed text (a reference, a
// function call): written as it is. Every other value goes through quote.HCL.
type expr interface{ HCLExpr() string }

// hclValue writes a Terraform attribute value: strings quoted for HCL, lists of strings and
// expressions, booleans and integers bare.
func hclValue(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return quote.HCL(t), nil
	case bool:
		return strconv.FormatBool(t), nil
	case int:
		return strconv.Itoa(t), nil
	case expr:
		return t.HCLExpr(), nil
	case []string:
		parts := make([]string, len(t))
		for i, s := range t {
			parts[i] = quote.HCL(s)
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	case []any:
		parts := make([]string, len(t))
		for i, x := range t {
			p, err := hclValue(x)
			if err != nil {
				return "", err
			}
			parts[i] = p
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	return "", fmt.Errorf("no HCL form for a %T value", v)
}
