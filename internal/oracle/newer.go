package oracle

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Debian 12 packages jackson-dataformat-yaml 2.8 beside databind 2.14; OpenMetadata 1.x ships
// the YAML module at 2.14 or later. From 2.12 on the module decodes every scalar SnakeYAML
// resolves as a YAML 1.1 int: octal (0123), hex (0x1F), binary (0b101), underscores (1_000) and
// a leading + are numbers. 2.8 reads 0123 as decimal 123 and keeps the others as strings. The
// newer values below come from YAMLParser._decodeNumberScalar (tags 2.14.1 to 2.18 of
// FasterXML/jackson-dataformats-text, which agree) and were confirmed by running this oracle
// once against the 2.14.1 module built from that tag with Debian's jackson-core 2.14.1 and
// SnakeYAML 1.33. Tests that compare with the oracle skip these scalars when the oracle's module
// is older than 2.12 and hold the model to NewerYAML instead.

// Refused stands for a value Jackson refuses to bind (an error for that key).
var Refused = refused{}

type refused struct{}

func (refused) String() string { return "<refused>" }

// YAMLNumber is one plain scalar bound as String, Boolean and Integer by both module versions.
// Values are string, bool, int64 or Refused.
type YAMLNumber struct {
	Scalar               string
	Str, Bool, Int       any // jackson-dataformat-yaml 2.12+ (what OpenMetadata runs)
	OldStr, OldBool, Old any // Debian's 2.8
}

// NewerYAML lists plain scalars the two module versions type differently. A number bound to a
// String is its canonical decimal text; bound to a Boolean it is true unless zero.
var NewerYAML = []YAMLNumber{
	{"0123", "83", true, int64(83), "123", true, int64(123)},
	{"-0123", "-83", true, int64(-83), "-123", true, int64(-123)},
	{"017777777777", "2147483647", true, int64(2147483647), "17777777777", true, Refused},
	{"0x1F", "31", true, int64(31), "0x1F", Refused, Refused},
	{"-0x1F", "-31", true, int64(-31), "-0x1F", Refused, Refused},
	{"+0x1F", "31", true, int64(31), "+0x1F", Refused, Refused},
	{"0x_1F", "31", true, int64(31), "0x_1F", Refused, Refused},
	{"0x7FFFFFFF", "2147483647", true, int64(2147483647), "0x7FFFFFFF", Refused, Refused},
	{"0x80000000", "2147483648", true, Refused, "0x80000000", Refused, Refused},
	{"0b101", "5", true, int64(5), "0b101", Refused, Refused},
	{"1_000", "1000", true, int64(1000), "1_000", Refused, Refused},
	{"1__0", "10", true, int64(10), "1__0", Refused, Refused},
	{"1_", "1", true, int64(1), "1_", Refused, Refused},
	{"-1_0", "-10", true, int64(-10), "-1_0", Refused, Refused},
	{"+12_3", "123", true, int64(123), "+12_3", Refused, Refused},
	{"+1", "1", true, int64(1), "+1", Refused, int64(1)},
	{"+0", "0", false, int64(0), "+0", Refused, int64(0)},
}

// SnakeYAML 1.x's implicit int resolver (YAML 1.1), without the base-60 form, which both module
// versions leave a string.
var yaml11Int = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$`)

var plainDecimal = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)$`)

// OldYAMLDiffers reports whether a plain (unquoted, untagged) scalar may be typed differently by
// the 2.8 module than by 2.12+: a YAML 1.1 int that is not plain decimal. It errs on the side of
// yes (007 is 7 for both).
func OldYAMLDiffers(plain string) bool {
	return yaml11Int.MatchString(plain) && !plainDecimal.MatchString(plain)
}

// OldYAMLDiffersTagged is OldYAMLDiffers for a scalar with an explicit tag ("!!int", "!!null",
// ...) and its text. Both versions decode "!!int" text as a number whatever it looks like, so
// anything but plain decimal may differ: "!!int 08" is 8 for 2.8 and makes 2.12+ refuse the
// whole file ("Invalid base-8 number"); "!!int .5" is 0.5 for 2.8 and the string ".5" for 2.12+.
// A tag on empty text (e.g. "!!null &a", an anchor and nothing else) is null for 2.8 and ""
// for 2.12+. "!!binary" always differs.
func OldYAMLDiffersTagged(tag, text string) bool {
	if tag == "!!binary" {
		return true // 2.8 keeps the text; 2.12+ decodes base64 (or fails the whole file)
	}
	if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "&") {
		return tag != "!!str"
	}
	return tag == "!!int" && !plainDecimal.MatchString(text)
}

// OldYAMLNumbers reports whether the oracle's YAML module predates 2.12's number decoding.
func (o *Oracle) OldYAMLNumbers() (bool, error) {
	v, err := o.Versions()
	if err != nil {
		return false, err
	}
	ver := v["jackson-dataformat-yaml"]
	major, rest, _ := strings.Cut(ver, ".")
	minor, _, _ := strings.Cut(rest, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil {
		return false, fmt.Errorf("jackson-dataformat-yaml version %q", ver)
	}
	return ma < 2 || (ma == 2 && mi < 12), nil
}
