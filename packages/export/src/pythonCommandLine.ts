// Part of the exported Python runtime (see pythonRuntime.ts): the command line.
// (Kept free of backticks and dollar-brace: it is a String.raw template.)

/** The command line of an exported script (apps/cli: parseRunArgs, resolveRunInputs, runCommand). */
export const PYTHON_COMMAND_LINE = String.raw`# --- Command line (apps/cli: parseRunArgs, resolveRunInputs, runCommand) -----------------------


def parse_args(argv):
    given, concurrency, i = {}, DEFAULT_CONCURRENCY, 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-h", "--help"):
            return None, None, "help"
        if arg in ("--input", "-i") or arg.startswith("--input="):
            if arg.startswith("--input="):
                pair = arg[len("--input="):]
            else:
                i += 1
                pair = argv[i] if i < len(argv) else ""
            eq = pair.find("=")
            if eq <= 0:
                return None, None, "--input needs name=value, got %s" % js_json(pair)
            given[pair[:eq]] = pair[eq + 1:]
        elif arg == "--concurrency":
            i += 1
            try:
                concurrency = int(argv[i]) if i < len(argv) else 0
            except ValueError:
                concurrency = 0
            if not 1 <= concurrency <= 64:
                return None, None, "--concurrency must be 1-64"
        else:
            return None, None, "unknown argument %s" % js_json(arg)
        i += 1
    return given, concurrency, None


# The exported workflow in the shape called workflows have (SUBWORKFLOWS).
WORKFLOW = {"name": WORKFLOW_NAME, "inputs": INPUTS, "nodes": NODES, "refs": REFS, "outputs": OUTPUTS}


def resolve_inputs(workflow, given):
    """Declared defaults for inputs not given; names no Input node declares, required inputs left empty
    and values that do not fit their declared type are problems (apps/cli: resolveRunInputs)."""
    declared = {}
    for name, kind, default, required in workflow["inputs"]:
        declared[name] = (kind, default, required)
    # A legacy Input node (no variables) takes a value by its id or its label.
    legacy = [(node_id, node["label"]) for node_id, node in workflow["nodes"].items()
              if node["type"] == "input" and not node["variables"]]
    legacy_keys = {key for node_id, label in legacy for key in (node_id, label) if key}
    takes = list(declared) + [label or node_id for node_id, label in legacy]
    inputs = {}
    problems = []
    for key in given:
        if key in declared:
            continue
        if key in legacy_keys:
            inputs[key] = given[key]
        elif takes:
            problems.append('unknown input "%s"; this workflow takes %s' % (key, ", ".join(takes)))
        else:
            problems.append('unknown input "%s": this workflow declares no inputs' % key)
    for name, (kind, default, required) in declared.items():
        value = given[name] if name in given else default
        inputs[name] = value
        if required and js_trim(value) == "":
            problems.append('input "%s" is required' % name)
        elif kind == "number" and value != "" and not _NUMBER.fullmatch(js_trim(value)):
            problems.append('input "%s" must be a number, got %s' % (name, js_json(value)))
        elif kind == "boolean" and value != "" and js_trim(value) not in ("true", "false"):
            problems.append('input "%s" must be true or false, got %s' % (name, js_json(value)))
    return inputs, problems


def main(argv):
    script = os.path.basename(sys.argv[0]) or "workflow.py"
    usage = (WORKFLOW_NAME + "\n\n" if WORKFLOW_NAME else "") + USAGE.replace("SCRIPT", script)
    given, concurrency, problem = parse_args(argv)
    if problem == "help":
        write_text(sys.stdout, usage + "\n")
        return 0
    if problem:
        write_text(sys.stderr, "%s: %s\n\n%s\n" % (script, problem, usage))
        return 2
    inputs, problems = resolve_inputs(WORKFLOW, given)
    if problems:
        write_text(sys.stderr, "%s: %s\n" % (script, "; ".join(problems)))
        return 2
    results = run_workflow(WORKFLOW, inputs, concurrency)
    failed = [node_id for node_id, r in results.items() if r["status"] == "failed"]
    for node_id in failed:
        write_text(sys.stderr, "\u2717 %s: %s\n" % (terminal_safe(node_id), terminal_safe(results[node_id]["error"] or "failed")))
    shown = [(label, results[node_id]["output"]) for node_id, label in OUTPUTS
             if node_id in results and results[node_id]["status"] == "succeeded"]
    if len(shown) == 1:
        write_text(sys.stdout, shown[0][1] + "\n")
    else:
        for label, text in shown:
            write_text(sys.stdout, "== %s ==\n%s\n\n" % (terminal_safe(label), text))
    succeeded = sum(1 for r in results.values() if r["status"] == "succeeded")
    tokens = sum(r["tokens"] for r in results.values())
    write_text(sys.stderr, "Run %s: %d node(s) succeeded, %d failed, %d tokens\n"
               % ("failed" if failed else "succeeded", succeeded, len(failed), tokens))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        write_text(sys.stderr, "cancelled\n")
        os._exit(130)
`;
