// Package tap is a minimal Test Anything Protocol writer with the API the
// runtime-tools validations call (written for dockbook's harness).
package tap

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

type T struct {
	n    int
	TODO bool
}

func New() *T { return &T{} }

func (t *T) Header(n int) {
	fmt.Println("TAP version 13")
	if n > 0 {
		fmt.Printf("1..%d\n", n)
	}
}

func (t *T) Ok(ok bool, desc string) {
	t.n++
	word := "ok"
	if !ok {
		word = "not ok"
	}
	if t.TODO {
		desc += " # TODO"
	}
	fmt.Printf("%s %d - %s\n", word, t.n, strings.ReplaceAll(desc, "\n", " "))
}

func (t *T) Pass(desc string) { t.Ok(true, desc) }
func (t *T) Fail(desc string) { t.Ok(false, desc) }

func (t *T) Skip(count int, desc string) {
	for i := 0; i < count; i++ {
		t.n++
		fmt.Printf("ok %d # SKIP %s\n", t.n, desc)
	}
}

func (t *T) Count() int { return t.n }

func (t *T) AutoPlan() { fmt.Printf("1..%d\n", t.n) }

func (t *T) Diagnostic(message string) {
	for _, line := range strings.Split(message, "\n") {
		fmt.Printf("# %s\n", line)
	}
}

func (t *T) Diagnosticf(format string, a ...interface{}) { t.Diagnostic(fmt.Sprintf(format, a...)) }

// YAML writes a diagnostic block; values are JSON-quoted, which YAML reads as strings.
func (t *T) YAML(message interface{}) error {
	fmt.Println("  ---")
	switch m := message.(type) {
	case map[string]string:
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v, _ := json.Marshal(m[k])
			fmt.Printf("  %s: %s\n", k, v)
		}
	default:
		b, err := json.Marshal(message)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return err
		}
		fmt.Printf("  value: %s\n", b)
	}
	fmt.Println("  ...")
	return nil
}
