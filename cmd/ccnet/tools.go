package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

// A tool is a subcommand that runs no pipeline: it trains, scores or
// inspects models and files. Each verb has its own flag set.
type tool map[string]verb

type verb struct {
	summary string
	// args names the positional arguments the verb takes ("" for none);
	// the verb reads them from its flag set.
	args string
	// flags registers the verb's flags and returns the function that runs
	// it after parsing; the function returns the exit status.
	flags func(fs *flag.FlagSet) func() int
}

var tools = map[string]tool{
	"langid": {
		"eval": {"accuracy per language of the language identifier on a labelled TSV", "", langidEval},
	},
}

func runTool(name string, t tool, args []string) int {
	verbs := make([]string, 0, len(t))
	for v := range t {
		verbs = append(verbs, v)
	}
	sort.Strings(verbs)
	help := func() {
		fmt.Fprintf(os.Stderr, "Usage: ccnet %s VERB [flags]\n\nVerbs:\n", name)
		for _, v := range verbs {
			fmt.Fprintf(os.Stderr, "  %-12s %s\n", v, t[v].summary)
		}
		fmt.Fprintf(os.Stderr, "\nRun 'ccnet %s VERB -h' for a verb's flags.\n", name)
	}
	if len(args) == 0 || (args[0] != "" && strings.HasPrefix(args[0], "-")) {
		help()
		return 2
	}
	v, ok := t[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "ccnet %s: unknown verb %q\n\n", name, args[0])
		help()
		return 2
	}
	fs := flag.NewFlagSet(strings.TrimSpace("ccnet "+name+" "+args[0]), flag.ContinueOnError)
	run := v.flags(fs)
	// Flags may come before or after the positional arguments.
	rest, positional := args[1:], []string{}
	for {
		if err := fs.Parse(rest); err != nil {
			if err == flag.ErrHelp {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	fs.Parse(append([]string{"--"}, positional...))
	if fs.NArg() > 0 && v.args == "" {
		fmt.Fprintf(os.Stderr, "ccnet %s %s: unexpected argument %q\n", name, args[0], fs.Arg(0))
		return 2
	}
	return run()
}

// runCommand runs a top-level single-verb command (train, generate, export).
func runCommand(name string, v verb, args []string) int {
	return runTool(name, tool{"": v}, append([]string{""}, args...))
}

// fail prints a tool's error and returns the exit status for it.
func fail(cmd string, status int, err error) int {
	fmt.Fprintf(os.Stderr, "ccnet %s: %v\n", cmd, err)
	return status
}
