// Part of the exported Python runtime (see pythonRuntime.ts): map nodes, sub-workflows and scheduling.
// (Kept free of backticks and dollar-brace: it is a String.raw template.)

/**
 * Map nodes, sub-workflows and the scheduler (apps/runner: runMapNode, runSubworkflowNode, executeRun),
 * as the exported runtime runs them.
 */
export const PYTHON_SCHEDULING = String.raw`# --- Map nodes (packages/schema/src/nodes/map.ts, apps/runner/src/nodes/runMapNode.ts) ----------

_MAP_LOCAL = re.compile(r"\{\{" + _WS + r"*(item|index)" + _WS + r"*\}\}")


def _model_request(node, render):
    """An agent's (or a map item's) request: its prompts rendered, its sampling settings and deadline."""
    return {
        "system": render(node["system"]) if node["system"] else "",
        "prompt": render(node["prompt"]),
        "temperature": node["temperature"],
        "max_tokens": node["max_tokens"],
        "timeout_ms": node["timeout_ms"] or DEFAULT_TIMEOUT_MS,
    }


def split_map_items(text, list_format, max_items):
    """The items of the rendered list, or the error that fails the node."""
    if list_format == "lines":
        items = [line for line in (js_trim(part) for part in re.split(r"\r?\n", text)) if line]
    else:
        try:
            parsed = js_json_parse(text)
        except ValueError:
            return None, "the list is not JSON (it starts %s)" % js_json(utf16_prefix(text, 60))
        if not isinstance(parsed, list):
            return None, "the list is JSON but not an array"
        items = [item if isinstance(item, str) else js_stringify(item) for item in parsed]
    if len(items) > max_items:
        return None, "the list has %d items; a map runs at most %d" % (len(items), max_items)
    return items, None


def render_map_prompt(template, item, index, render):
    """{{item}} and {{index}} filled here, the rest by render_template, in one pass."""
    out, last = [], 0
    for match in _MAP_LOCAL.finditer(template):
        out.append(render(template[last:match.start()]))
        out.append(item if match.group(1) == "item" else str(index))
        last = match.end()
    out.append(render(template[last:]))
    return "".join(out)


def run_map_node(node, render):
    """One call per item, at most node["concurrency"] at once; the answers as a JSON array in order."""
    items, problem = split_map_items(render(node["list"]), node["list_format"], node["max_items"])
    if problem is not None:
        return _result("failed", error=problem)
    answers = [None] * len(items)
    state = {"next": 0, "tokens": 0, "failure": None}
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if state["next"] >= len(items) or state["failure"] is not None:
                    return
                index = state["next"]
                state["next"] += 1
            item = items[index]
            request = _model_request(node, lambda template: render_map_prompt(template, item, index, render))
            try:
                reply, input_tokens, output_tokens = call_model(node["models"], node["retries"], request)
            except ModelError as error:
                with lock:
                    if node["failure_policy"] == "fail":
                        if state["failure"] is None:
                            state["failure"] = "item %d failed: %s" % (index, error.message)
                    else:
                        write_text(sys.stderr, "! %s: item %d failed, null: %s\n"
                                   % (terminal_safe(node["label"]), index, terminal_safe(error.message)))
                continue
            with lock:
                answers[index] = reply
                state["tokens"] += input_tokens + output_tokens

    threads = [threading.Thread(target=worker) for _ in range(min(node["concurrency"], len(items)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if state["failure"] is not None:
        return _result("failed", error=state["failure"], tokens=state["tokens"])
    return _result("succeeded", js_stringify(answers), tokens=state["tokens"])


# --- Sub-workflows (apps/runner/src/nodes/runSubworkflowNode.ts) -------------------------------


def run_subworkflow_node(node_id, node, run, render):
    """Runs the called workflow here as a run of its own, with the inputs this node renders. Its result
    is the text of its one Output node, or a JSON object of its Output nodes' text by label."""
    child = SUBWORKFLOWS[node["workflow"]]
    inputs, problems = resolve_inputs(child, {name: render(template) for name, template in node["inputs"]})
    if problems:
        return _result("failed", error="%s: %s" % (child["name"], "; ".join(problems)))
    prefix = run["prefix"] + (node["label"] or node_id) + " \u203a "
    results = run_workflow(child, inputs, run["concurrency"], prefix)
    tokens = sum(r["tokens"] for r in results.values())
    failed = [child["nodes"][i]["label"] or i for i, r in results.items() if r["status"] == "failed"]
    for child_id, r in results.items():
        if r["status"] == "failed":
            write_text(sys.stderr, "\u2717 %s: %s\n" % (terminal_safe(prefix + child_id), terminal_safe(r["error"] or "failed")))
    if failed:
        return _result("failed", tokens=tokens, error="%s: %d %s failed: %s" % (
            child["name"], len(failed), "node" if len(failed) == 1 else "nodes", ", ".join(failed)))
    outputs = {}
    for out_id, label in child["outputs"]:
        outputs[label] = results[out_id]["output"] if results[out_id]["status"] == "succeeded" else ""
    values = list(outputs.values())
    return _result("succeeded", values[0] if len(values) == 1 else js_stringify(outputs), tokens=tokens)


# --- Scheduling (apps/runner/src/executeRun.ts) -----------------------------------------------

SYMBOLS = {"running": "\u25b6", "succeeded": "\u2713", "failed": "\u2717", "skipped": "\u2013"}


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def terminal_safe(text):
    """Control characters shown as \\xNN: a label with ANSI/OSC escapes cannot drive the terminal."""
    return _CONTROL.sub(lambda m: "\\x%02x" % ord(m.group(0)), text)


def _progress(nodes, node_id, status, prefix):
    label = nodes[node_id]["label"] or node_id
    write_text(sys.stderr, "%s %s%s %s\n" % (SYMBOLS[status], terminal_safe(prefix), terminal_safe(label), status))


def run_workflow(workflow, inputs, concurrency, prefix=""):
    """A node starts once all its predecessors finished. It is skipped when one of them failed (or was
    skipped for a failure), or when none of its incoming edges is live (a router's edge is live only for
    the branch it took). prefix goes before each label in progress lines (a called workflow's)."""
    nodes = workflow["nodes"]
    run = {"workflow": workflow, "inputs": inputs, "concurrency": concurrency, "prefix": prefix}
    successors = {node_id: [] for node_id in nodes}
    waiting = {}
    for node_id, node in nodes.items():
        sources = list(dict.fromkeys(source for source, _ in node["after"]))
        waiting[node_id] = len(sources)
        for source in sources:
            successors[source].append(node_id)
    ready = [node_id for node_id in nodes if waiting[node_id] == 0]
    results, outputs = {}, {}

    def finish(node_id, result):
        results[node_id] = result
        if result["status"] == "succeeded":
            outputs[node_id] = result["output"]
        _progress(nodes, node_id, result["status"], prefix)
        for target in successors[node_id]:
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)

    def failed_upstream(node_id):
        """The failed node that keeps node_id from running: a predecessor, or the one it was skipped for."""
        for source, _ in nodes[node_id]["after"]:
            if results[source]["status"] == "failed":
                return source
            if results[source].get("blame") is not None:
                return results[source]["blame"]
        return None

    def live_sources(node_id):
        live = []
        for source, handle in nodes[node_id]["after"]:
            result = results[source]
            if result["status"] != "succeeded":
                continue
            if result["branch"] is not None and handle != result["branch"]:
                continue
            if source not in live:
                live.append(source)
        return live

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        running = {}
        while ready or running:
            while ready and len(running) < concurrency:
                node_id = ready.pop(0)
                failed = failed_upstream(node_id)
                if failed is not None:
                    skipped = _result("skipped", error="skipped: %s failed" % (nodes[failed]["label"] or failed))
                    skipped["blame"] = failed
                    finish(node_id, skipped)
                    continue
                live = live_sources(node_id)
                if nodes[node_id]["after"] and not live:
                    finish(node_id, _result("skipped", error="not on the branch the router took"))
                    continue
                _progress(nodes, node_id, "running", prefix)
                upstream = "\n\n".join(outputs[source] for source in live)
                running[pool.submit(run_node, run, node_id, upstream, dict(outputs))] = node_id
            if running:
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    node_id = running.pop(future)
                    try:
                        result = future.result()
                    except Exception as error:  # noqa: BLE001 - a node's crash fails the node, not the run
                        result = _result("failed", error=str(error))
                    finish(node_id, result)
    return results


`;
