// The part of an exported Python script that is the same for every workflow: a standard-library
// re-implementation of the runner (apps/runner: executeRun, runNode, pickBranch), the model router
// (packages/providers: createModelRouter, classifyProviderError, computeBackoffMs,
// createCircuitBreaker) and the built-in local model (packages/providers/src/localModel.ts).
// Strings are compared, trimmed and measured with JavaScript's rules where Python's differ, so the
// script reproduces a Synapse run exactly. (Kept free of backticks and dollar-brace: it is a
// String.raw template.)

import { PYTHON_COMMAND_LINE } from './pythonCommandLine';
import { PYTHON_HTTP } from './pythonHttpRuntime';
import { PYTHON_MODEL_CALLS } from './pythonModelCalls';
import { PYTHON_SCHEDULING } from './pythonScheduling';
import { PYTHON_STRUCTURED_OUTPUT } from './pythonStructuredOutput';

export const PYTHON_IMPORTS = `import http.client
import json
import math
import os
import random
import re
import socket
import struct
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from decimal import Decimal
from email.utils import parsedate_to_datetime`;

const TEXT_AND_ROUTING = String.raw`# ----------------------------------------------------------------------------------------------
# Runtime: the same in every workflow exported from Synapse. It does what Synapse's runner does.
# ----------------------------------------------------------------------------------------------

USAGE = """Usage: python3 SCRIPT [--input name=value]... [--concurrency n]

Runs the workflow and prints its outputs (progress on stderr). Exit code 0 when every node
succeeded, 1 when one failed, 2 for a usage error or a bad input value."""

DEFAULT_CONCURRENCY = 4
# Non-streaming requests: without a node timeout, one attempt may take this long.
DEFAULT_TIMEOUT_MS = 600_000
ANTHROPIC_VERSION = "2023-06-01"

# --- JavaScript string rules ------------------------------------------------------------------
# Synapse is written in TypeScript: its trim() and \s know a different set of whitespace than
# Python's str.strip() and re's \s, and its string lengths count UTF-16 code units.

_WS = r"[\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
_TRIM = re.compile(r"^" + _WS + r"+|" + _WS + r"+\Z")
_WS_RUN = re.compile(_WS + r"+")
_AFTER_WS = re.compile(r"(?<=" + _WS + r")")
_NUMBER = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_PLACEHOLDER = re.compile(
    r"\{\{" + _WS + r"*(?:input(?:\.([A-Za-z0-9_-]{1,64}))?|nodes\.([A-Za-z0-9_-]{1,64})\.output"
    + r"((?:\.[A-Za-z0-9_-]{1,64}){0,16})|secrets\.([A-Za-z_][A-Za-z0-9_]{0,63}))" + _WS + r"*\}\}"
)
_TRAILING_PUNCTUATION = re.compile(r"[.!\"'\x60*]+\Z")
_ROLE = re.compile(r"you are an? ([a-z ]{3,40}?)[.,]", re.IGNORECASE | re.ASCII)
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def js_trim(text):
    return _TRIM.sub("", text)


def utf16_units(text):
    data = text.encode("utf-16-le", "surrogatepass")
    return struct.unpack("<%dH" % (len(data) // 2), data)


def js_units(text):
    """The string as JavaScript sees it, one character per UTF-16 unit: so a lone surrogate is
    found inside a pair, as indexOf() and includes() find it there."""
    return "".join(map(chr, utf16_units(text)))


def utf16_prefix(text, units):
    """text.slice(0, units) in JavaScript: may end in half a surrogate pair, as there."""
    return text.encode("utf-16-le", "surrogatepass")[: units * 2].decode("utf-16-le", "surrogatepass")


def js_json(value):
    return json.dumps(value, ensure_ascii=False)


def write_text(stream, text):
    """Writes like Node does: UTF-8, with a lone surrogate shown as U+FFFD."""
    clean = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    stream.buffer.write(clean.encode("utf-8"))
    stream.buffer.flush()


# --- Templates (packages/schema/src/renderTemplate.ts) -----------------------------------------


def _no_constant(name):
    raise ValueError(name)


def read_output_path(output, path):
    """A field of a JSON output ({{nodes.<id>.output.body.items.0}}): strings as they are, else JSON."""
    try:
        value = js_json_parse(output)
    except ValueError:
        return ""
    for segment in path:
        if isinstance(value, list):
            if not re.match(r"(0|[1-9][0-9]*)\Z", segment) or int(segment) >= len(value):
                return ""
            value = value[int(segment)]
        elif isinstance(value, dict) and segment in value:
            value = value[segment]
        else:
            return ""
    return value if isinstance(value, str) else js_stringify(value)


def render_template(template, upstream, outputs, inputs, secrets=None, encode=None):
    """Fills {{input}}, {{input.<name>}}, {{nodes.<id>.output[.path]}} and, where secrets are given,
    {{secrets.NAME}} in one pass; nothing is evaluated. encode(value, offset) escapes by position."""
    parsed = {}

    def substitute(match):
        name, node_id, path, secret = match.group(1), match.group(2), match.group(3), match.group(4)
        if secret is not None:
            if secrets is None:
                return match.group(0)
            value = secrets.get(secret, "")
        elif node_id is not None:
            value = outputs.get(node_id, "")
            if path:
                key = node_id + path
                if key not in parsed:
                    parsed[key] = read_output_path(value, path[1:].split("."))
                value = parsed[key]
        elif name is not None:
            value = inputs.get(name, "")
        else:
            value = upstream
        return encode(value, match.start()) if encode else value

    return _PLACEHOLDER.sub(substitute, template)


def template_secret_names(template):
    return [m.group(4) for m in _PLACEHOLDER.finditer(template) if m.group(4) is not None]


# --- Routers (apps/runner/src/pickBranch.ts) ---------------------------------------------------


def pick_branch_by_rule(branches, text):
    subject = js_units(js_trim(text).lower())
    for branch in branches:
        value = js_units(js_trim(branch["value"]).lower())
        if branch["match"] == "contains" and value and value in subject:
            return branch
        if branch["match"] == "equals" and subject == value:
            return branch
        if branch["match"] == "startsWith" and value and subject.startswith(value):
            return branch
    return next((b for b in branches if b["match"] == "else"), None)


def _find_word(haystack, word):
    start = 0
    while start <= len(haystack):
        at = haystack.find(word, start)
        if at < 0:
            return -1
        before = haystack[at - 1] if at > 0 else ""
        end = at + len(word)
        after = haystack[end] if end < len(haystack) else ""
        if before not in _ALNUM and after not in _ALNUM:
            return at
        start = at + 1
    return -1


def pick_branch_by_label(branches, reply):
    """The branch whose label the model answered: an exact answer, else the label that appears first."""
    answer = js_units(_TRAILING_PUNCTUATION.sub("", js_trim(reply).lower()))
    for branch in branches:
        if js_units(js_trim(branch["label"]).lower()) == answer:
            return branch
    best, best_at = None, -1
    for branch in branches:
        label = js_units(js_trim(branch["label"]).lower())
        if not label:
            continue
        at = _find_word(answer, label)
        if at >= 0 and (best is None or at < best_at):
            best, best_at = branch, at
    return best


# --- The built-in local model (packages/providers/src/localModel.ts) ---------------------------

_LOCAL_LABEL = "Local demo model (offline)"
_OPENERS = [
    "Here is a considered take",
    "A short, structured answer",
    "Working through this step by step",
    "A concise draft",
]
_BODY = [
    "The key point is to state the goal plainly before adding detail.",
    "Evidence matters more than adjectives, so each claim should carry a source or an example.",
    "The strongest version keeps one idea per paragraph and cuts everything that does not serve it.",
    "Trade-offs deserve a sentence each: what is gained, what is given up, and why it is worth it.",
    "A reader should be able to act on the conclusion without rereading the whole text.",
    "Open questions are listed rather than hidden, so the next step is obvious.",
]


def _fnv1a(text):
    value = 0x811C9DC5
    for unit in utf16_units(text):
        value ^= unit
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def _count_words(text):
    return len([w for w in _WS_RUN.split(text) if w])


def local_model(system, prompt, max_tokens):
    """Offline, free and deterministic: the same request always gets the same words."""
    seed = _fnv1a(system + "\u0000" + prompt)
    role = _ROLE.search(system)
    subject = utf16_prefix(js_trim(_WS_RUN.sub(" ", prompt)), 80) or "the task"
    opener = _OPENERS[seed % len(_OPENERS)]
    picks = []
    for i in range(3):
        sentence = _BODY[(seed >> (i * 5)) % len(_BODY)]
        if sentence not in picks:
            picks.append(sentence)
    lens = " from the " + role.group(1).lower() if role else ""
    reply = "[%s] %s%s on \"%s\". %s" % (_LOCAL_LABEL, opener, lens, subject, " ".join(picks))
    words = [w for w in _AFTER_WS.split(reply) if w]
    if max_tokens is not None:
        kept = []
        for word in words:
            if len(kept) >= max_tokens:
                break
            kept.append(word)
        words = kept
    return "".join(words), _count_words(system) + _count_words(prompt), len(words)
`;

const NODES = String.raw`# --- Nodes (apps/runner/src/runNode.ts) -------------------------------------------------------


def _result(status, output="", branch=None, error=None, tokens=0):
    return {"status": status, "output": output, "branch": branch, "error": error, "tokens": tokens}


def input_node_output(node_id, node, inputs):
    names = node["variables"]
    if len(names) == 1:
        return inputs.get(names[0], "")
    if len(names) > 1:
        return "\n".join("%s: %s" % (name, inputs.get(name, "")) for name in names)
    if node_id in inputs:
        return inputs[node_id]
    if node["label"] and node["label"] in inputs:
        return inputs[node["label"]]
    return node["value"]


def run_node(run, node_id, upstream, outputs):
    node = run["workflow"]["nodes"][node_id]
    inputs = run["inputs"]
    # Templates name nodes by key (the workflow's refs); outputs are kept by node id.
    outputs = {name: outputs[target] for name, target in run["workflow"]["refs"].items() if target in outputs}
    if node["type"] == "input":
        return _result("succeeded", input_node_output(node_id, node, inputs))
    if node["type"] == "output":
        return _result("succeeded", upstream)
    if node["type"] == "http":
        return run_http_node(node, upstream, outputs, inputs)
    if node["type"] == "map":
        return run_map_node(node, lambda part: render_template(part, upstream, outputs, inputs))
    if node["type"] == "subworkflow":
        return run_subworkflow_node(node_id, node, run, lambda part: render_template(part, upstream, outputs, inputs))
    if node["type"] == "router":
        text = render_template(node["prompt"], upstream, outputs, inputs)
        if node["mode"] == "rule":
            branch = pick_branch_by_rule(node["branches"], text)
            if branch is None:
                return _result("failed", error="no branch rule matched and the router has no else branch")
            return _result("succeeded", text, branch["id"])
        request = {"system": node["system"], "prompt": text, "temperature": None, "max_tokens": None,
                   "timeout_ms": DEFAULT_TIMEOUT_MS}
        try:
            reply, input_tokens, output_tokens = call_model(node["models"], node["retries"], request)
        except ModelError as error:
            return _result("failed", error=error.message)
        branch = pick_branch_by_label(node["branches"], reply)
        if branch is None:
            return _result("failed", error="the model answered %s, which is none of the branch labels"
                           % js_json(utf16_prefix(reply, 200)), tokens=input_tokens + output_tokens)
        return _result("succeeded", text, branch["id"], tokens=input_tokens + output_tokens)
    return run_agent_node(node, lambda template: render_template(template, upstream, outputs, inputs))


`;

/** The whole runtime, in the order the sections are read. */
export const PYTHON_RUNTIME = [
  TEXT_AND_ROUTING,
  PYTHON_MODEL_CALLS,
  PYTHON_HTTP,
  PYTHON_STRUCTURED_OUTPUT,
  NODES + PYTHON_SCHEDULING + PYTHON_COMMAND_LINE,
].join('\n\n');
