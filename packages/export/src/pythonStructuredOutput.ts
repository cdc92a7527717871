import { INVALID_OUTPUT_PREFIX, MAX_OUTPUT_PROBLEMS, OUTPUT_PROBLEMS } from '@synapse/schema';
import { stringLiteral } from './escapeString';

// Structured output in an exported Python script (packages/schema/src/structuredOutput.ts:
// parseStructuredOutput, validateOutput; apps/runner/src/nodes/runAgentNode.ts: the repair turn).
// The words of every problem and the failure come from @synapse/schema's table; the checks are the
// runner's, with JavaScript's rules where Python's differ (bool is not a number, 1.0 is an integer,
// \s and trim() as in JavaScript). The rest is a String.raw template: no backticks or dollar-brace.

const str = (text: string) => stringLiteral(text, 'python');

const TABLE = [
  '# --- Structured output (packages/schema/src/structuredOutput.ts) ------------------------------',
  '',
  'OUTPUT_PROBLEMS = {',
  ...Object.entries(OUTPUT_PROBLEMS).map(([kind, words]) => `    ${str(kind)}: ${str(words)},`),
  '}',
  `MAX_OUTPUT_PROBLEMS = ${MAX_OUTPUT_PROBLEMS}`,
  `INVALID_OUTPUT_PREFIX = ${str(INVALID_OUTPUT_PREFIX)}`,
].join('\n');

const CHECKS = String.raw`
# A reply wrapped in a json code fence is read inside it (JavaScript's /^\s*\x60\x60\x60(?:json)?\s*\n…/i).
_FENCE = re.compile(r"^" + _WS + r"*\x60\x60\x60(?:[jJ][sS][oO][nN])?" + _WS + r"*\n([\s\S]*?)\n?\x60\x60\x60"
                    + _WS + r"*\Z")


def _problem(path, kind):
    return [path + " " + OUTPUT_PROBLEMS[kind]]


def validate_output(value, schema, path="$"):
    """What is wrong with value against schema, one line per problem with its path."""
    kind = schema["type"]
    if kind == "object":
        if not isinstance(value, dict):
            return _problem(path, "object")
        problems = [path + "." + name + " " + OUTPUT_PROBLEMS["required"]
                    for name in schema.get("required") or [] if name not in value]
        for name, field in schema["properties"].items():
            if name in value:
                problems.extend(validate_output(value[name], field, path + "." + name))
        return problems
    if kind == "array":
        if not isinstance(value, list):
            return _problem(path, "array")
        problems = []
        for i, item in enumerate(value):
            problems.extend(validate_output(item, schema["items"], "%s[%d]" % (path, i)))
        return problems
    if kind == "string":
        if not isinstance(value, str):
            return _problem(path, "string")
        if schema.get("enum") and value not in schema["enum"]:
            return [path + " " + OUTPUT_PROBLEMS["enum"] + ", ".join(js_stringify(v) for v in schema["enum"])]
        return []
    if kind == "boolean":
        return [] if isinstance(value, bool) else _problem(path, "boolean")
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "integer":
        return [] if number and value == math.floor(value) else _problem(path, "integer")
    return [] if number else _problem(path, "number")


def parse_structured_output(reply, schema):
    """(the canonical JSON text, None) when the reply fits the schema, else (None, what is wrong)."""
    fenced = _FENCE.match(reply)
    body = js_trim(fenced.group(1) if fenced else reply)
    try:
        value = js_json_parse(body)
    except (ValueError, RecursionError):
        return None, OUTPUT_PROBLEMS["notJson"]
    problems = validate_output(value, schema)
    if problems:
        return None, "; ".join(problems[:MAX_OUTPUT_PROBLEMS])
    return js_stringify(value), None


def run_agent_node(node, render):
    """An agent's call; with an output schema, the reply is validated and, when it does not fit,
    sent back once with the problem (apps/runner/src/nodes/runAgentNode.ts)."""
    request = _model_request(node, render)
    structured = node["structured"]
    if structured is not None:
        request["system"] = (request["system"] + "\n\n" if request["system"] else "") + structured["instruction"]
        request["json"] = True
    try:
        reply, input_tokens, output_tokens = call_model(node["models"], node["retries"], request)
    except ModelError as error:
        return _result("failed", error=error.message)
    tokens = input_tokens + output_tokens
    if structured is None:
        return _result("succeeded", reply, tokens=tokens)
    text, problem = parse_structured_output(reply, structured["schema"])
    if problem is not None:
        before, after = structured["repair"]
        repair = dict(request, messages=[{"role": "user", "content": request["prompt"]},
                                         {"role": "assistant", "content": reply},
                                         {"role": "user", "content": before + problem + after}])
        try:
            reply, input_tokens, output_tokens = call_model(node["models"], node["retries"], repair)
        except ModelError as error:
            return _result("failed", error=error.message, tokens=tokens)
        tokens += input_tokens + output_tokens
        text, problem = parse_structured_output(reply, structured["schema"])
        if problem is not None:
            return _result("failed", error=INVALID_OUTPUT_PREFIX + problem, tokens=tokens)
    return _result("succeeded", text, tokens=tokens)
`;

export const PYTHON_STRUCTURED_OUTPUT = `${TABLE}\n\n${CHECKS}`;
