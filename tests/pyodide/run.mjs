// Runs tests/pyodide/lite_runner.py in Pyodide (the runtime of xlwings Lite) under Node:
//   node tests/pyodide/run.mjs REPO REQUEST.json ANSWER.json
// The project's own source is copied in as it installs: ramkalk/, with addin/ and templates/ as
// ramkalk.addin and ramkalk.templates (pyproject.toml's package-dir); lite/ is mounted. No
// package is installed, so only what Pyodide's core has (the standard library) can be
// imported. xlwings itself is not loaded: Lite brings its own build, and the PyPI wheel
// has a native part; a stand-in module gives its decorators only (they return the
// function, recording their options) and a Book class for type hints.
import fs from "node:fs";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [repo, requestFile, answerFile] = process.argv.slice(2);
const started = performance.now();
const pyodide = await loadPyodide();
const loaded = performance.now();

const mount = (source, target) => {
  pyodide.FS.mkdirTree(target);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(source) }, target);
};
const copyTree = (source, target) => {
  pyodide.FS.mkdirTree(target);
  for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
    if (entry.name === "__pycache__") continue;
    const from = path.join(source, entry.name);
    if (entry.isDirectory()) copyTree(from, `${target}/${entry.name}`);
    else pyodide.FS.writeFile(`${target}/${entry.name}`, fs.readFileSync(from));
  }
};
copyTree(path.join(repo, "ramkalk"), "/repo/ramkalk");
copyTree(path.join(repo, "addin"), "/repo/ramkalk/addin");
copyTree(path.join(repo, "templates"), "/repo/ramkalk/templates");
mount(path.join(repo, "lite"), "/repo/lite");
mount(path.join(repo, "tests", "pyodide"), "/repo/runner");

pyodide.FS.mkdirTree("/stand_in/xlwings");
pyodide.FS.writeFile("/stand_in/xlwings/__init__.py", `
"""Stand-in for xlwings in this test only: its decorators (recording their options) and Book."""
def _record(f, key, value):
    f.__dict__.setdefault("__xlwings__", {}).setdefault(key, []).append(value)
    return f
def func(f=None, **options):
    return _record(f, "func", options) if callable(f) else (lambda g: _record(g, "func", options))
def script(f=None, **options):
    return _record(f, "script", options) if callable(f) else (lambda g: _record(g, "script", options))
def arg(name, convert=None, **options):
    return lambda g: _record(g, "arg", dict(options, name=name, convert=convert))
def ret(convert=None, **options):
    return lambda g: _record(g, "ret", dict(options, convert=convert))
class Book:
    pass
`);

pyodide.runPython(`import sys; sys.dont_write_bytecode = True; sys.path[:0] = ["/stand_in", "/repo", "/repo/lite", "/repo/runner"]`);
pyodide.globals.set("request_text", fs.readFileSync(requestFile, "utf8"));
const answer = JSON.parse(pyodide.runPython(`import lite_runner; lite_runner.run(request_text)`));
answer.pyodide = pyodide.version;
answer.load_seconds = (loaded - started) / 1000;
answer.total_seconds = (performance.now() - started) / 1000;
fs.writeFileSync(answerFile, JSON.stringify(answer));
